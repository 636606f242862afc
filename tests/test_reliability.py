"""Error budgets, timeouts, replay of dead letters, and resume after an interruption."""

from __future__ import annotations

import base64
import hashlib
import threading
import time

import orjson
import pytest

from presse import Document, Executor, Stage, hookimpl
from presse.config import parse_config
from presse.errors import PresseError
from presse.pipeline import BoundStage, Pipeline
from presse.runner import Run, workdir_for

from example_stages import plugin_for, read_jsonl, write_jsonl


def corpus(tmp_path, n: int, bad=frozenset(), name="in.jsonl"):
    records = [{"id": f"d{i}", "text": "BOOM" if i in bad else f"article {i}"} for i in range(n)]
    return write_jsonl(tmp_path / name, records)


def test_error_budget_stops_a_systematically_broken_stage(run_config, tmp_path):
    bad = set(range(0, 1000, 10))  # 10 % of documents fail
    out = run_config(
        "run: {max_error_rate: 0.01, error_rate_min_docs: 100, batch_size: 50}\n"
        "pipeline: [{stage: explode}]",
        [corpus(tmp_path, 1000, bad)],
    )
    assert out.report.status == "failed"
    assert "stage 'explode' failed on 10 of 100 documents (10.0%)" in out.report.message
    assert out.report.read < 1000
    assert not (tmp_path / "out.jsonl").exists()


def test_error_budget_lets_rare_failures_through(run_config, tmp_path):
    out = run_config(
        "run: {max_error_rate: 0.01}\npipeline: [{stage: explode}]", [corpus(tmp_path, 1000, {5})]
    )
    assert out.report.status == "ok" and out.report.failed == 1


class Hang(Stage):
    """Sleep for a long time on documents whose text is `hang`."""

    name = "hang"
    provides = ("awake",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            if doc.text == "hang":
                time.sleep(30)
            doc["awake"] = True
        return docs


def test_a_hanging_stage_times_out_for_that_document_only(registry, run_config, tmp_path):
    registry.add_plugin(plugin_for(Hang), "hang")
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "1", "text": "ok"}, {"id": "2", "text": "hang"}, {"id": "3", "text": "ok"}],
    )
    out = run_config("run: {stage_timeout: 0.3}\npipeline: [{stage: hang}]", [path])
    assert [r["id"] for r in out.records] == ["1", "3"]
    assert [(e["id"], e["reason"], e["stage"]) for e in out.errors] == [
        ("2", "stage_timeout", "hang")
    ]


class Spin(Stage):
    """Loops in Python for 10 seconds on a document whose text is "spin"."""

    name = "spin"
    provides = ("done",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            end = time.monotonic() + 10
            while doc.text == "spin" and time.monotonic() < end:
                pass
            doc["done"] = True
        return docs


def test_the_stage_timeout_also_holds_outside_the_main_thread():
    """Ray Data calls stages from a worker thread, where no timer signal can reach."""
    pipeline = Pipeline([BoundStage(Spin())], timeout=0.3)
    docs = [Document.new(i, text) for i, text in (("1", "ok"), ("2", "spin"), ("3", "ok"))]
    results = []
    worker = threading.Thread(target=lambda: results.append(pipeline.process(docs)))
    worker.start()
    worker.join()

    [result] = results
    assert [d.id for d in result.docs] == ["1", "3"]
    assert [(f.id, f.reason) for f in result.failed] == [("2", "stage_timeout")]


def test_replay_recovers_dead_letters_after_the_fault_is_fixed(registry, run_config, tmp_path):
    first = run_config("pipeline: [{stage: explode}]", [corpus(tmp_path, 20, {3, 11})])
    assert [e["id"] for e in first.errors] == ["d3", "d11"]
    errors = tmp_path / "out.errors.jsonl"
    fixed = parse_config(
        "input: {format: presse-errors}\npipeline: [{stage: explode, trigger: NEVER}]",
        registry=registry,
    )
    replayed = tmp_path / "replayed.jsonl"
    report = Run(fixed, [str(errors)], str(replayed), registry=registry, progress=False).execute()
    records = read_jsonl(replayed)
    assert [(r["id"], r["text"], r["checked"]) for r in records] == [
        ("d3", "BOOM", True),
        ("d11", "BOOM", True),
    ]
    assert report.read == 2 and report.written == 2 and report.failed == 0


def test_replay_rereads_a_too_long_document_in_full(registry, run_config, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": "big", "text": "x" * 5000}])
    first = run_config("run: {max_document_chars: 1000}\npipeline: [{stage: upper}]", [path])
    assert first.errors[0]["reason"] == "document_too_long"
    assert len(first.errors[0]["record"]["text"]) == 1000  # cut in the error output...
    bigger = parse_config(
        "input: {format: presse-errors}\npipeline: [{stage: upper}]", registry=registry
    )
    out = tmp_path / "replayed.jsonl"
    Run(
        bigger, [str(tmp_path / "out.errors.jsonl")], str(out), registry=registry, progress=False
    ).execute()
    assert len(read_jsonl(out)[0]["text"]) == 5000  # ...but replayed whole from the source


class Interrupt(Stage):
    """Raise KeyboardInterrupt at the document whose text is `stop here`."""

    name = "interrupt"
    provides = ("ran",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            if doc.text == "stop here" and not getattr(Interrupt, "disarmed", False):
                raise KeyboardInterrupt
            doc["ran"] = True
        return docs


def test_resume_continues_after_the_last_checkpoint(registry, tmp_path):
    registry.add_plugin(plugin_for(Interrupt), "interrupt")
    records = [
        {"id": f"d{i}", "text": "stop here" if i == 733 else f"article {i}"} for i in range(1000)
    ]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    text = (
        "run: {batch_size: 10, checkpoint_every: 100}\n"
        "pipeline: [{stage: upper}, {stage: interrupt}]"
    )
    config = parse_config(text, registry=registry)
    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        Run(config, [str(path)], str(out), registry=registry, progress=False).execute()
    assert not out.exists() and workdir_for(out).exists()

    Interrupt.disarmed = True
    try:
        report = Run(
            config, [str(path)], str(out), registry=registry, progress=False, resume=True
        ).execute()
    finally:
        Interrupt.disarmed = False
    assert report.stages["upper"].docs == 1000  # counts carried over from the first run
    assert (report.read, report.written) == (1000, 1000)
    reference = tmp_path / "reference.jsonl"
    Interrupt.disarmed = True
    try:
        Run(config, [str(path)], str(reference), registry=registry, progress=False).execute()
    finally:
        Interrupt.disarmed = False
    assert out.read_bytes() == reference.read_bytes()
    assert not workdir_for(out).exists()


def test_a_run_killed_before_its_first_checkpoint_starts_over_cleanly(registry, tmp_path):
    """Records written before the first commit are not kept, so they are not written twice."""
    path = corpus(tmp_path, 30)
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    out = tmp_path / "out.jsonl"
    workdir = workdir_for(out)
    workdir.mkdir()
    (workdir / "out.jsonl.partial").write_bytes(b'{"id": "d0", "text": "ARTICLE 0"}\n')
    report = Run(config, [str(path)], str(out), registry=registry, resume=True).execute()
    assert report.written == 30
    assert [r["id"] for r in read_jsonl(out)] == [f"d{i}" for i in range(30)]


def stop_publishing(monkeypatch, how: str, tmp_path):
    """Make publishing fail once: Ctrl-C while compressing, or a full disk while moving the
    output or the errors into place."""
    import errno
    import os

    from presse.default_plugins.writers import GzipJsonlWriter

    if how == "ctrl-c while compressing":

        def interrupted(self, lines):
            monkeypatch.undo()
            raise KeyboardInterrupt

        monkeypatch.setattr(GzipJsonlWriter, "write", interrupted)
        return KeyboardInterrupt
    target = tmp_path / ("out.jsonl" if how == "disk full: output" else "out.errors.jsonl")
    replace = os.replace

    def full(src, dst):
        if str(dst) == str(target):
            monkeypatch.undo()
            raise OSError(errno.ENOSPC, "No space left on device")
        return replace(src, dst)

    monkeypatch.setattr(os, "replace", full)
    return PresseError


@pytest.mark.parametrize(
    "how", ["ctrl-c while compressing", "disk full: output", "disk full: errors"]
)
def test_a_run_stopped_while_publishing_publishes_on_resume(registry, tmp_path, monkeypatch, how):
    """The checkpoint survives until every output is in place; nothing is processed twice,
    no temporary file is left, and the result is that of an uninterrupted run."""
    import gzip

    path = corpus(tmp_path, 30, bad={4, 17})
    name = "out.jsonl.gz" if "compressing" in how else "out.jsonl"
    config = parse_config("pipeline: [{stage: explode}]", registry=registry)
    out, reference = tmp_path / name, tmp_path / "reference" / name

    def run(target, resume=False):
        return Run(
            config, [str(path)], str(target), registry=registry, progress=False, resume=resume
        ).execute()

    run(reference)
    failure = stop_publishing(monkeypatch, how, tmp_path)
    with pytest.raises(failure) as caught:
        run(out)
    if failure is PresseError:
        assert "rerun with --resume to publish it" in str(caught.value)
    assert (workdir_for(out) / "state.json").exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []

    report = run(out, resume=True)
    assert (report.read, report.written, report.failed) == (30, 28, 2)
    assert report.stages["explode"].docs == 30  # counted once: nothing was processed again
    opened = gzip.open if name.endswith(".gz") else open
    with opened(out, "rb") as got, opened(reference, "rb") as want:
        assert got.read() == want.read()
    errors = tmp_path / "out.errors.jsonl"
    assert errors.read_bytes() == (tmp_path / "reference" / "out.errors.jsonl").read_bytes()
    assert not workdir_for(out).exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("output", ["out.jsonl", None])
def test_a_clean_run_replaces_stale_side_files(registry, tmp_path, monkeypatch, output):
    """Errors and filtered files of an earlier run are replaced (empty: nothing failed),
    so what is on disk matches this run's counts (with an output file, and with stdout)."""
    monkeypatch.chdir(tmp_path)
    path = corpus(tmp_path, 10)
    sides = ["out.errors.jsonl", "out.filtered.jsonl"] if output else ["presse-errors.jsonl"]
    sides += [] if output else ["presse-filtered.jsonl"]
    for side in sides:
        (tmp_path / side).write_bytes(b'{"reason": "stage_error", "id": "old"}\n')
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    report = Run(config, [str(path)], output, registry=registry, progress=False).execute()
    assert (report.failed, report.filtered) == (0, 0)
    assert [(tmp_path / side).read_bytes() for side in sides] == [b"", b""]
    fresh = tmp_path / "fresh"
    Run(config, [str(path)], str(fresh / "o.jsonl"), registry=registry, progress=False).execute()
    assert sorted(p.name for p in fresh.iterdir()) == ["o.jsonl", "o.jsonl.manifest.json"]


def test_resume_refuses_another_config_or_input(registry, tmp_path):
    from presse.errors import PresseError

    path = corpus(tmp_path, 50)
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    out = tmp_path / "out.jsonl"
    workdir = workdir_for(out)
    run = Run(config, [str(path)], str(out), registry=registry, progress=False)
    outputs = run._outputs()
    outputs.checkpoint(run._state(10, "sha256:other-inputs"), run.pipeline.save_state)
    with pytest.raises(PresseError, match="the inputs differ"):
        Run(config, [str(path)], str(out), registry=registry, resume=True).execute()
    other = parse_config("pipeline: [{stage: upper, length: 3}]", registry=registry)
    with pytest.raises(PresseError, match="the config differs"):
        Run(other, [str(path)], str(out), registry=registry, resume=True).execute()
    assert workdir.exists()


def test_resume_is_refused_for_stdout(registry, tmp_path):
    from presse.errors import PresseError

    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    with pytest.raises(PresseError, match="needs an output file"):
        Run(config, [str(corpus(tmp_path, 3))], None, registry=registry, resume=True).execute()


class BrokenSetup(Stage):
    """Fail while loading its model."""

    name = "broken_setup"
    provides = ("never",)

    def setup(self) -> None:
        raise OSError("model file missing: /models/x.bin")

    def process(self, docs: list[Document]) -> list[Document]:
        return docs


def test_a_stage_that_fails_at_setup_stops_the_run_with_its_message(registry, tmp_path):
    from presse.errors import PresseError

    registry.add_plugin(plugin_for(BrokenSetup), "broken_setup")
    config = parse_config("pipeline: [{stage: upper}, {stage: broken_setup}]", registry=registry)
    out = tmp_path / "out.jsonl"
    with pytest.raises(
        PresseError, match="stage 'broken_setup' failed to set up: OSError: model file missing"
    ):
        Run(
            config, [str(corpus(tmp_path, 5))], str(out), registry=registry, progress=False
        ).execute()
    assert not out.exists()


def test_a_record_too_deep_to_write_still_gets_an_error_record(registry, tmp_path):
    """An errors file from elsewhere holds a record nested 300 deep: orjson reads it but
    cannot write it back; the run must go on and its error record must be written."""
    from presse.writing import FALLBACK_BYTES, json_text

    deep = b"[" * 300 + b"]" * 300
    errors = tmp_path / "old.errors.jsonl"
    errors.write_bytes(
        b'{"reason": "stage_error", "message": "x", "id": "deep", '
        b'"record": {"id": "deep", "text": "t", "meta": {"a": ' + deep + b"}}}\n"
        b'{"reason": "stage_error", "message": "x", "id": "ok", '
        b'"record": {"id": "ok", "text": "t", "meta": {}}}\n'
    )
    config = parse_config(
        "input: {format: presse-errors}\npipeline: [{stage: upper}]", registry=registry
    )
    out = tmp_path / "out.jsonl"
    for resume in (False, True):  # and again: the same record must not stop a resumed run
        report = Run(
            config, [str(errors)], str(out), registry=registry, progress=False, resume=resume
        ).execute()
        assert (report.status, report.written, report.failed) == ("ok", 1, 1)
    [failed] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert failed["reason"] == "unserialisable_output" and failed["id"] == "deep"
    kept = base64.b64decode(failed["record_base64"])
    assert kept == b'{"id":"deep","text":"t","meta":{"a":' + deep + b"}}"
    assert len(json_text(["x" * FALLBACK_BYTES] * 3, FALLBACK_BYTES)) < 2 * FALLBACK_BYTES


def test_the_fallback_of_a_huge_unwritable_value_is_bounded():
    from presse.writing import FALLBACK_BYTES, dumps_line

    value: list = ["x" * 1000] * 200
    for _ in range(300):
        value = [value]
    line = orjson.loads(dumps_line({"reason": "r", "record": value}))
    assert line["reason"] == "r" and line["record_truncated"] is True
    assert len(base64.b64decode(line["record_base64"])) == FALLBACK_BYTES


def replay_run(registry, errors, out, trigger="NEVER"):
    config = parse_config(
        f"input: {{format: presse-errors}}\npipeline: [{{stage: explode, trigger: {trigger}}}]",
        registry=registry,
    )
    return Run(config, [str(errors)], str(out), registry=registry, progress=False).execute()


def test_replay_does_not_trust_offsets_into_a_changed_source(registry, run_config, tmp_path):
    """Lines added before the failed ones move every offset and line: the digest recorded
    in the error record shows it, and the kept copy is replayed instead."""
    path = corpus(tmp_path, 20, {3, 11})
    run_config("pipeline: [{stage: explode}]", [path])
    errors = tmp_path / "out.errors.jsonl"
    first = read_jsonl(errors)
    assert first[0]["source_size"] == path.stat().st_size
    path.write_bytes(b'{"id": "new", "text": "a line added at the top"}\n' + path.read_bytes())
    report = replay_run(registry, errors, tmp_path / "replayed.jsonl")
    replayed = read_jsonl(tmp_path / "replayed.jsonl")
    assert [(r["id"], r["text"]) for r in replayed] == [("d3", "BOOM"), ("d11", "BOOM")]
    assert (report.read, report.written, report.failed) == (2, 2, 0)


def test_replay_without_a_copy_of_a_changed_source_says_so(registry, run_config, tmp_path):
    path = corpus(tmp_path, 5, {2})
    run_config("pipeline: [{stage: explode}]", [path])
    [error] = read_jsonl(tmp_path / "out.errors.jsonl")
    del error["record"]
    errors = write_jsonl(tmp_path / "bare.errors.jsonl", [error])
    path.write_bytes(b"\n" + path.read_bytes())
    replay_run(registry, errors, tmp_path / "replayed.jsonl")
    [again] = read_jsonl(tmp_path / "replayed.errors.jsonl")
    assert again["reason"] == "not_replayable" and "source changed" in again["message"]


def test_replay_finds_a_moved_record_by_its_line_and_digest(registry, run_config, tmp_path):
    """An earlier line edited to another length moves the offset, not the line: the record
    is found at its line, recognised by its SHA-256, and re-read from the source."""
    path = corpus(tmp_path, 5, {3})
    run_config("pipeline: [{stage: explode}]", [path])
    [error] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert (
        error["record_sha256"] == hashlib.sha256(path.read_bytes().splitlines(True)[3]).hexdigest()
    )
    del error["record"]  # only the source can give the record back
    errors = write_jsonl(tmp_path / "bare.errors.jsonl", [error])
    path.write_bytes(path.read_bytes().replace(b"article 1", b"article one, longer"))
    replay_run(registry, errors, tmp_path / "replayed.jsonl")
    [again] = read_jsonl(tmp_path / "replayed.jsonl")
    assert (again["id"], again["text"]) == ("d3", "BOOM")


def test_replay_does_not_take_an_edited_line_for_the_record(registry, run_config, tmp_path):
    path = corpus(tmp_path, 5, {3})
    run_config("pipeline: [{stage: explode}]", [path])
    [error] = read_jsonl(tmp_path / "out.errors.jsonl")
    del error["record"]
    errors = write_jsonl(tmp_path / "bare.errors.jsonl", [error])
    path.write_bytes(path.read_bytes().replace(b'"BOOM"', b'"BOOM!"'))
    replay_run(registry, errors, tmp_path / "replayed.jsonl")
    [again] = read_jsonl(tmp_path / "replayed.errors.jsonl")
    assert again["reason"] == "not_replayable" and "source changed" in again["message"]


def test_malformed_error_lines_become_error_records(registry, run_config, tmp_path):
    path = corpus(tmp_path, 5, {2})
    run_config("pipeline: [{stage: explode}]", [path])
    [good] = read_jsonl(tmp_path / "out.errors.jsonl")
    bad = [
        {**good, "offset": -5},
        {**good, "line": "three"},
        {"reason": "invalid_json", "source": "gone.jsonl", "raw_base64": "%%%not base64"},
        {"reason": "stage_error", "source": "gone.jsonl", "record": {"text": "t", "meta": [1]}},
        {"reason": "stage_error", "source": "gone.jsonl", "record": "not an object"},
        {"reason": "stage_error", "source": 42},
    ]
    errors = write_jsonl(tmp_path / "mixed.errors.jsonl", [*bad, good])
    report = replay_run(registry, errors, tmp_path / "replayed.jsonl")
    assert [r["id"] for r in read_jsonl(tmp_path / "replayed.jsonl")] == ["d2"]
    again = read_jsonl(tmp_path / "replayed.errors.jsonl")
    assert [e["reason"] for e in again] == ["invalid_error_record"] * len(bad)
    assert [e["line"] for e in again] == list(range(1, len(bad) + 1))
    assert (report.read, report.written, report.failed) == (7, 1, 6)


def test_temporary_files_of_a_killed_run_are_removed_by_the_next(registry, tmp_path):
    """A SIGKILL cannot be caught: the next run on the output, holding its lock, removes
    the temporary files it left (and only those)."""
    path = corpus(tmp_path, 10)
    left = [".out.jsonl.k3x9_a.tmp", ".out.jsonl.manifest.json.4242.tmp", ".out.errors.jsonl.1.tmp"]
    others = [".out.jsonl.x.jsonl.abc.tmp", ".other.jsonl.1.tmp", ".out.jsonl.presse.lock.tmp"]
    for name in left + others:
        (tmp_path / name).write_bytes(b"partial")
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    Run(config, [str(path)], str(tmp_path / "out.jsonl"), registry=registry).execute()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == sorted(others)


def test_a_run_killed_while_removing_its_work_folder_can_be_resumed(
    registry, tmp_path, monkeypatch
):
    """The folder's files go one by one: the commit point goes first, so a run killed
    half-way through starts over on --resume instead of finding a checkpoint half gone."""
    from presse.outputs import CheckpointedOutputs

    path = corpus(tmp_path, 30, bad={7})
    config = parse_config("pipeline: [{stage: explode}]", registry=registry)
    out = tmp_path / "out.jsonl"

    def killed_half_way(self):
        for marker in self.workdir.glob("*.published"):
            marker.unlink()
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(CheckpointedOutputs, "discard", killed_half_way)
        with pytest.raises(KeyboardInterrupt):
            Run(config, [str(path)], str(out), registry=registry, progress=False).execute()
    report = Run(config, [str(path)], str(out), registry=registry, resume=True).execute()
    assert (report.read, report.written, report.failed) == (30, 29, 1)
    assert [r["id"] for r in read_jsonl(out)] == [f"d{i}" for i in range(30) if i != 7]
    assert not workdir_for(out).exists()


def test_a_full_disk_during_a_run_is_one_error_and_resume_continues(
    registry, tmp_path, monkeypatch
):
    import errno

    from presse.outputs import CheckpointedOutputs

    path = corpus(tmp_path, 100, bad={33})
    config = parse_config(
        "run: {batch_size: 10, checkpoint_every: 20}\npipeline: [{stage: explode}]",
        registry=registry,
    )
    out, reference = tmp_path / "out.jsonl", tmp_path / "reference.jsonl"
    Run(config, [str(path)], str(reference), registry=registry, progress=False).execute()
    write, calls = CheckpointedOutputs.write, []

    def full(self, *args):
        calls.append(1)
        if len(calls) == 6:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(self, *args)

    with monkeypatch.context() as patch:
        patch.setattr(CheckpointedOutputs, "write", full)
        with pytest.raises(PresseError, match="No space left on device; the work is kept in"):
            Run(config, [str(path)], str(out), registry=registry, progress=False).execute()
    assert not out.exists()
    report = Run(config, [str(path)], str(out), registry=registry, resume=True).execute()
    assert (report.read, report.written, report.failed) == (100, 99, 1)
    assert out.read_bytes() == reference.read_bytes()


class LostCluster(Executor):
    """An executor whose engine fails after the first batch (a cluster gone)."""

    name = "lost"

    def map(self, pipeline, batches):
        pipeline.setup()
        for number, batch in enumerate(batches):
            if number:
                raise PresseError("the cluster is gone")
            yield pipeline.process(batch)


class LostClusterPlugin:
    @staticmethod
    @hookimpl
    def register_executors(register):
        register(LostCluster)


def test_an_executor_failure_is_one_error_and_the_report_says_why(registry, tmp_path):
    registry.add_plugin(LostClusterPlugin, "lost-cluster")
    config = parse_config(
        "run: {executor: lost, batch_size: 5}\npipeline: [{stage: upper}]", registry=registry
    )
    report_path = tmp_path / "report.json"
    run = Run(
        config,
        [str(corpus(tmp_path, 20))],
        str(tmp_path / "out.jsonl"),
        report=str(report_path),
        registry=registry,
        progress=False,
    )
    with pytest.raises(PresseError, match="the cluster is gone"):
        run.execute()
    report = orjson.loads(report_path.read_bytes())
    assert (report["status"], report["message"]) == ("failed", "the cluster is gone")
    assert not (tmp_path / "out.jsonl").exists()
