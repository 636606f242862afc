import gzip
import json

from presse_report.records import ReadStats, doc_info, iter_records, span


def test_span_accepts_lists_and_dicts_within_the_text():
    assert span([1, 3], 5) == (1, 3)
    assert span({"start": 0, "end": 5}, 5) == (0, 5)


def test_span_rejects_what_does_not_fit():
    for bad in ([3, 3], [4, 2], [0, 9], [-1, 2], ["0", "2"], [True, 2], None, [1], "1-2"):
        assert span(bad, 5) is None


def test_bad_lines_are_counted_not_fatal(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "a", "text": "x"}\nnot json\n[1, 2]\n\n{"id": "b", "text": 3}\n')
    stats = ReadStats()
    assert [r["id"] for r in iter_records(path, stats)] == ["a"]
    assert (stats.bad_lines, stats.first_bad_line) == (3, 2)


def test_gzip_outputs_are_read(tmp_path):
    path = tmp_path / "out.jsonl.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(json.dumps({"id": "a", "text": "x"}) + "\n")
    assert [r["id"] for r in iter_records(path)] == ["a"]


def test_doc_info_tolerates_missing_fields():
    info = doc_info(4, {"text": "x", "meta": "oops", "language": ["fr"]})
    assert (info.id, info.title, info.date, info.language, info.label) == ("#5", "", "", "", "#5")
    info = doc_info(0, {"id": "a", "meta": {"title": " T ", "date": "2024-11-30T10:00"}})
    assert (info.title, info.date, info.label) == ("T", "2024-11-30", "T")
