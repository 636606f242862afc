"""A table read, interrupted, resumed and replayed gives what an uninterrupted run gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from table_samples import read_jsonl

from presse import Stage
from presse.config import parse_config
from presse.runner import Run, workdir_for

from example_stages import plugin_for


def articles(path: Path, count: int = 400) -> Path:
    """A Parquet file of ``count`` articles in row groups of 25; every 50th has no text."""
    bodies = [
        None if i % 50 == 7 else ("stop here" if i == 233 else f"Dépêche {i}.")
        for i in range(count)
    ]
    table = pa.table({"article_id": [f"a{i:04d}" for i in range(count)], "body": bodies})
    pq.write_table(table, path, row_group_size=25)
    return path


class Halt(Stage):
    """Raise KeyboardInterrupt at the text ``stop here`` (Ctrl-C mid-run) until disarmed."""

    name = "halt"
    provides = ("seen",)
    armed = True

    def process(self, docs):
        for doc in docs:
            if doc.text == "stop here" and Halt.armed:
                raise KeyboardInterrupt
            doc["seen"] = True
        return docs


def test_a_run_stopped_mid_table_resumes_to_the_same_parquet_output(registry, tmp_path):
    registry.add_plugin(plugin_for(Halt), "halt")
    source = articles(tmp_path / "articles.parquet")
    config = parse_config(
        "input: {id_field: article_id, text_field: body}\n"
        "run: {batch_size: 10, checkpoint_every: 40}\npipeline: [{stage: halt}]",
        registry=registry,
    )

    def run(output: str, resume: bool = False):
        out = str(tmp_path / output)
        return Run(config, [str(source)], out, registry=registry, progress=False, resume=resume)

    with pytest.raises(KeyboardInterrupt):
        run("out.parquet").execute()
    assert (
        not (tmp_path / "out.parquet").exists() and workdir_for(tmp_path / "out.parquet").exists()
    )
    Halt.armed = False
    try:
        report = run("out.parquet", resume=True).execute()
        run("reference.parquet").execute()
    finally:
        Halt.armed = True
    assert (report.read, report.written, report.failed) == (400, 392, 8)
    assert (tmp_path / "out.parquet").read_bytes() == (tmp_path / "reference.parquet").read_bytes()
    errors = read_jsonl(tmp_path / "out.parquet.errors.jsonl")
    assert errors == read_jsonl(tmp_path / "reference.parquet.errors.jsonl")
    assert [e["line"] for e in errors] == [8, 58, 108, 158, 208, 258, 308, 358]


def test_a_killed_run_resumed_gives_the_bytes_of_an_uninterrupted_one(tmp_path):
    source = articles(tmp_path / "articles.parquet")
    env = dict(os.environ, PRESSE_PLUGINS="tables")
    driver = [sys.executable, str(Path(__file__).with_name("slow_run.py")), str(source)]

    def run(output: str, *flags: str) -> subprocess.Popen:
        return subprocess.Popen([*driver, output, *flags], cwd=tmp_path, env=env)

    assert run("reference.parquet").wait() == 0
    killed = run("out.parquet", "--resume")
    state = workdir_for(tmp_path / "out.parquet") / "state.json"
    while not state.exists() and killed.poll() is None:
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    assert killed.wait() == -signal.SIGKILL and not (tmp_path / "out.parquet").exists()
    assert run("out.parquet", "--resume").wait() == 0
    assert (tmp_path / "out.parquet").read_bytes() == (tmp_path / "reference.parquet").read_bytes()
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 392


def test_replay_gives_back_the_rows_a_stage_failed_on_and_keeps_rows_without_text(run, tmp_path):
    source = tmp_path / "articles.csv"
    source.write_text(
        "article_id,body,section\na1,Alep.,monde\na2,BOOM à Alep.,monde\na3,,france\n",
        encoding="utf-8",
    )
    columns = "input: {id_field: article_id, text_field: body}\n"
    first = run([source], columns, pipeline="[{stage: explode}]")
    assert [(e["reason"], e["line"]) for e in first["errors"]] == [
        ("stage_error", 3),
        ("missing_text", 4),
    ]
    replayed = run(
        [tmp_path / "out.errors.jsonl"],
        "input: {format: presse-errors, id_field: article_id, text_field: body}\n",
        pipeline="[{stage: explode, trigger: NEVER}]",
        output="replayed.jsonl",
    )
    (record,) = replayed["records"]
    assert (record["id"], record["text"], record["meta"]) == (
        "a2",
        "BOOM à Alep.",
        {"section": "monde"},
    )
    (still,) = replayed["errors"]
    assert (still["reason"], still["message"]) == ("missing_text", "field 'body' is missing")
