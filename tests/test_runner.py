"""The runner: order kept, failures isolated, every record accounted for."""

from __future__ import annotations

import orjson
import pytest

from presse.errors import PresseError

from example_stages import SEEDS, read_jsonl, write_jsonl


def corpus(tmp_path, n: int, bad: set[int] = frozenset()) -> str:
    records = [{"id": f"d{i}", "text": "BOOM" if i in bad else f"article {i}"} for i in range(n)]
    return str(write_jsonl(tmp_path / "in.jsonl", records))


def test_output_order_is_input_order_across_batches(run_config, tmp_path):
    out = run_config("run: {batch_size: 7}\npipeline: [{stage: upper}]", [corpus(tmp_path, 100)])
    assert [r["id"] for r in out.records] == [f"d{i}" for i in range(100)]
    assert out.records[3]["upper"] == "ARTICLE 3"


def test_one_bad_document_in_a_thousand(run_config, tmp_path):
    out = run_config(
        "run: {batch_size: 50}\npipeline: [{stage: upper}, {stage: explode}]",
        [corpus(tmp_path, 1000, bad={517})],
    )
    report = out.report
    assert (report.read, report.written, report.failed, report.filtered) == (1000, 999, 1, 0)
    assert report.balanced and report.status == "ok"
    assert [r["id"] for r in out.records] == [f"d{i}" for i in range(1000) if i != 517]
    (error,) = out.errors
    assert error["id"] == "d517"
    assert error["stage"] == "explode"
    assert error["reason"] == "stage_error"
    assert error["exception_type"] == "ValueError"
    assert error["message"] == "cannot handle d517"
    assert error["line"] == 518 and error["source"].endswith("in.jsonl")
    assert error["record"] == {"id": "d517", "text": "BOOM", "meta": {}}
    assert report.stages["explode"].failed == 1


def test_on_error_fail_stops_and_leaves_no_output(run_config, tmp_path):
    out = run_config(
        "run: {on_error: fail}\npipeline: [{stage: explode}]", [corpus(tmp_path, 10, bad={4})]
    )
    assert out.report.status == "failed"
    assert "run.on_error: fail" in out.report.message
    assert not (tmp_path / "out.jsonl").exists()
    assert [e["id"] for e in out.errors] == ["d4"]


def test_a_stage_returning_fewer_documents_breaks_the_contract(run_config, tmp_path):
    out = run_config("pipeline: [{stage: dropper}]", [corpus(tmp_path, 3)])
    assert out.report.written == 0 and out.report.failed == 3 and out.report.balanced
    assert {e["reason"] for e in out.errors} == {"stage_contract"}
    assert "returned 0 documents for 1" in out.errors[0]["message"]


def test_filtered_and_skipped_documents_are_counted(run_config, tmp_path):
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "1", "text": "alpha"},
            {"id": "2", "text": "beta"},
            {"id": "3", "text": ""},
        ],
    )
    out = run_config("pipeline: [{stage: keep, prefix: a}, {stage: upper}]", [path])
    assert [r["id"] for r in out.records] == ["1", "3"]
    assert out.records[1]["skipped"] == {"keep": "empty text"}
    assert [(r["id"], r["filtered"]["reason"]) for r in out.filtered] == [
        ("2", "does not start with 'a'")
    ]
    stats = out.report.stages
    assert (stats["keep"].filtered, stats["keep"].skipped, stats["upper"].docs) == (1, 1, 2)
    assert out.report.balanced


def test_unreadable_records_and_missing_inputs_are_counted(run_config, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "ok"}\n{broken\n')
    out = run_config("pipeline: [{stage: upper}]", [path, tmp_path / "nowhere.jsonl"])
    assert (out.report.read, out.report.written, out.report.failed) == (3, 1, 2)
    assert sorted(e["reason"] for e in out.errors) == ["input_not_found", "invalid_json"]
    assert {e["stage"] for e in out.errors} == {"read"}


def test_unserialisable_output_is_an_error_not_a_crash(run_config, tmp_path):
    path = write_jsonl(
        tmp_path / "in.jsonl", [{"id": "1", "text": "fine"}, {"id": "2", "text": "weird"}]
    )
    out = run_config("pipeline: [{stage: weird}]", [path])
    assert [r["id"] for r in out.records] == ["1"]
    assert out.errors[0]["reason"] == "unserialisable_output" and out.errors[0]["id"] == "2"


def test_too_long_documents_are_set_aside(run_config, tmp_path):
    path = write_jsonl(
        tmp_path / "in.jsonl", [{"id": "big", "text": "x" * 5000}, {"id": "small", "text": "x"}]
    )
    out = run_config("run: {max_document_chars: 1000}\npipeline: [{stage: upper}]", [path])
    assert [r["id"] for r in out.records] == ["small"]
    assert out.errors[0]["reason"] == "document_too_long"


def test_manifest_traces_the_output(run_config, tmp_path):
    run_config("pipeline: [{stage: upper}]", [SEEDS])
    manifest = orjson.loads((tmp_path / "out.jsonl.manifest.json").read_bytes())
    assert manifest["counts"] == {
        "read": 2,
        "written": 2,
        "duplicate_ids": 0,
        "failed": 0,
        "filtered": 0,
        "balanced": True,
    }
    assert manifest["config_hash"].startswith("sha256:")
    assert manifest["config"]["pipeline"] == [{"stage": "upper", "length": 20}]
    assert manifest["stages"][0]["plugin"] == "examples"
    assert manifest["inputs"] == [str(SEEDS)]


def test_output_appears_only_when_complete(run_config, tmp_path):
    out = run_config("pipeline: [{stage: upper}]", [SEEDS])
    assert out.report.outputs["output"] == str(tmp_path / "out.jsonl")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_gzip_output(registry, tmp_path):
    from presse.config import parse_config
    from presse.runner import Run

    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    out = tmp_path / "out.jsonl.gz"
    Run(config, [str(SEEDS)], str(out), registry=registry, progress=False).execute()
    import gzip

    lines = gzip.decompress(out.read_bytes()).splitlines()
    assert [orjson.loads(line)["id"] for line in lines] == [
        "000_2864f0dc32cebd5b",
        "004_864b1bef05c49bf2",
    ]


def test_no_input_anywhere_is_a_clear_error(registry):
    from presse.config import parse_config
    from presse.runner import Run

    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    with pytest.raises(PresseError, match="no input"):
        Run(config, [], None, registry=registry)


def test_report_file(run_config, tmp_path):
    run_config("pipeline: [{stage: upper}]", [SEEDS], report=str(tmp_path / "report.json"))
    report = orjson.loads((tmp_path / "report.json").read_bytes())
    assert report["documents"]["read"] == 2 and report["documents"]["balanced"]
    assert report["stages"]["upper"]["documents"] == 2
    assert read_jsonl(tmp_path / "out.errors.jsonl") == []


def test_check_output_sets_aside_records_that_break_the_schema(run_config, tmp_path):
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "short", "text": "Alep"}, {"id": "long", "text": "Alep, deuxième ville"}],
    )
    out = run_config("pipeline: [{stage: upper, length: 20}]", [path], check_output=True)
    assert [r["id"] for r in out.records] == ["short"]
    (error,) = out.errors
    assert (error["id"], error["reason"], error["stage"]) == ("long", "schema_violation", "upper")
    assert error["message"].startswith("upper: 'ALEP, DEUXIÈME VILLE' is too long")


def test_stage_summaries_reach_the_report(run_config, tmp_path, monkeypatch):
    from example_stages import Numbering

    monkeypatch.setattr(Numbering, "summary", lambda self: {"numbered": self.seen}, raising=False)
    out = run_config("pipeline: [{stage: numbering}]", [SEEDS])
    assert out.report.summaries == {"numbering": {"numbered": 2}}
    assert "  numbering: numbered 2" in out.report.summary()
