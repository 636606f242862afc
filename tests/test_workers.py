"""`run.workers`: per-document stages in worker processes, same output as one process."""

from __future__ import annotations

import os

import orjson
import pytest

from presse import Stage
from presse.config import parse_config
from presse.runner import Run

from example_stages import plugin_for, write_jsonl


def corpus(tmp_path, texts: dict[int, str], n: int = 300):
    return write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": f"d{i}", "text": texts.get(i, f"article {i}")} for i in range(n)],
    )


PIPELINE = "pipeline: [{stage: upper}, {stage: explode}, {stage: numbering}]"


def test_two_workers_write_what_one_process_writes(run_config, tmp_path):
    path = corpus(tmp_path, {17: "BOOM", 250: "BOOM"})
    one = run_config(f"run: {{batch_size: 16}}\n{PIPELINE}", [path])
    two = run_config(f"run: {{batch_size: 16, workers: 2}}\n{PIPELINE}", [path])
    assert two.records == one.records
    assert [r["number"] for r in two.records] == list(range(298))
    assert [e["id"] for e in two.errors] == ["d17", "d250"]
    assert two.report.to_dict()["documents"] == one.report.to_dict()["documents"]
    assert two.report.stages["upper"].docs == 300 and two.report.stages["numbering"].docs == 298


def test_stages_run_in_worker_processes(run_config, tmp_path):
    out = run_config(
        "run: {batch_size: 10, workers: 2}\npipeline: [{stage: crash}]", [corpus(tmp_path, {}, 100)]
    )
    pids = {r["survived"] for r in out.records}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_a_document_that_kills_its_worker_is_set_aside_alone(run_config, tmp_path):
    out = run_config(
        "run: {batch_size: 10, workers: 2}\npipeline: [{stage: crash}]",
        [corpus(tmp_path, {42: "crash"}, 100)],
    )
    assert [r["id"] for r in out.records] == [f"d{i}" for i in range(100) if i != 42]
    (error,) = out.errors
    assert (error["id"], error["reason"], error["stage"]) == ("d42", "worker_crashed", "crash")
    assert out.report.balanced and out.report.status == "ok"


def test_workers_auto(run_config, tmp_path):
    out = run_config("run: {workers: auto}\npipeline: [{stage: upper}]", [corpus(tmp_path, {})])
    assert out.report.written == 300


class Modelled(Stage):
    """A stage whose description depends on what it loaded in ``setup``."""

    name = "modelled"
    provides = ("modelled",)

    def setup(self):
        self.model = f"model-in-{'worker' if os.getpid() != PARENT else 'parent'}"

    def describe(self):
        return {"model": self.model} if hasattr(self, "model") else {"model": "not loaded"}

    def process(self, docs):
        for doc in docs:
            doc["modelled"] = True
        return docs


PARENT = os.getpid()


@pytest.mark.parametrize("workers", [1, 2])
def test_the_manifest_describes_stages_as_set_up_where_they_ran(registry, tmp_path, workers):
    registry.add_plugin(plugin_for(Modelled), "modelled")
    source = tmp_path / "in.jsonl"
    source.write_text("".join(f'{{"id": "d{i}", "text": "mot {i}"}}\n' for i in range(6)))
    config = parse_config(
        f"run: {{workers: {workers}, batch_size: 2}}\npipeline: [{{stage: modelled}}]",
        registry=registry,
    )
    Run(
        config, [str(source)], str(tmp_path / "o.jsonl"), registry=registry, progress=False
    ).execute()
    manifest = orjson.loads((tmp_path / "o.jsonl.manifest.json").read_bytes())
    (stage,) = manifest["stages"]
    assert stage["model"] == ("model-in-parent" if workers == 1 else "model-in-worker")
