"""Inputs and outputs named by URLs go through fsspec (tested on its in-memory file system;
s3://, gs:// and https:// work the same with their back-ends installed)."""

from __future__ import annotations

import fsspec
import orjson
import pytest

from presse.config import parse_config
from presse.runner import Run

from example_stages import read_jsonl


@pytest.fixture
def bucket():
    fs = fsspec.filesystem("memory")
    fs.pipe("/bucket/news/a.jsonl", b'{"id": "a", "text": "Alep"}\n{"id": "b", "text": 5}\n')
    fs.pipe("/bucket/news/2024/c.txt", b"Marseille modernise son port.")
    fs.pipe("/bucket/news/.hidden.jsonl", b'{"id": "h", "text": "no"}\n')
    yield fs
    fs.rm("/bucket", recursive=True)


def test_a_remote_folder_is_read_like_a_local_one(registry, bucket, tmp_path):
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    report = Run(
        config,
        ["memory://bucket/news"],
        str(tmp_path / "o.jsonl"),
        registry=registry,
        progress=False,
    ).execute()
    records = read_jsonl(tmp_path / "o.jsonl")
    assert [r["id"] for r in records] == ["c", "a"]  # sorted: 2024/c.txt before a.jsonl
    assert records[0]["meta"]["source"] == "memory:///bucket/news/2024/c.txt"
    (error,) = read_jsonl(tmp_path / "o.errors.jsonl")
    assert (error["source"], error["line"], error["reason"]) == (
        "memory:///bucket/news/a.jsonl",
        2,
        "missing_text",
    )
    assert report.read == 3 and report.balanced


def test_a_missing_remote_input_is_an_error_record(registry, bucket, tmp_path):
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    report = Run(
        config,
        ["memory://bucket/nowhere.jsonl"],
        str(tmp_path / "o.jsonl"),
        registry=registry,
        progress=False,
    ).execute()
    (error,) = read_jsonl(tmp_path / "o.errors.jsonl")
    assert error["reason"] == "input_not_found" and report.failed == 1


def test_a_remote_output_is_uploaded_whole_with_its_side_files(
    registry, bucket, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    report = Run(
        config,
        ["memory://bucket/news"],
        "memory://bucket/out/run.jsonl",
        registry=registry,
        progress=False,
    ).execute()
    assert report.outputs["output"] == "memory://bucket/out/run.jsonl"
    names = sorted(path.rsplit("/", 1)[-1] for path in bucket.ls("/bucket/out", detail=False))
    assert names == ["run.errors.jsonl", "run.jsonl", "run.jsonl.manifest.json"]
    lines = bucket.cat("/bucket/out/run.jsonl").splitlines()
    assert [orjson.loads(x)["id"] for x in lines] == ["c", "a"]
    assert not (tmp_path / ".presse-remote").exists() or not any(
        (tmp_path / ".presse-remote").iterdir()
    )  # the staging folder is gone
