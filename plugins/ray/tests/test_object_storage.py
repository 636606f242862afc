"""Sharded runs with object storage in place of a shared file system: inputs read from
``s3://``, the shards' work and the output written there (an S3 server on 127.0.0.1)."""

from __future__ import annotations

import fsspec
import orjson
import pytest
import ray_stages
from test_ray_executor import comparable
from test_ray_shards import DEDUP, news_records

from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run
from presse_ray.shards import ShardStore


def run_remote(tmp_path, sources: list[str], output: str, resume: bool = False):
    registry = build_registry()
    registry.add_plugin(ray_stages.StagesPlugin, "ray-test-stages")
    text = "run:\n  executor: ray\n  batch_size: 16\n  executor_options: {mode: shards}\n" + DEDUP
    config = parse_config(text, "t.yaml", registry=registry, base_dir=tmp_path)
    return Run(config, sources, output, registry=registry, progress=False, resume=resume).execute()


def test_shards_read_from_and_write_to_object_storage(
    run_presse, s3_bucket, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("PRESSE_PLUGINS", "ray,dedup")
    monkeypatch.chdir(tmp_path)  # a remote output is staged in ./.presse-remote
    records = news_records()[:200]
    local = run_presse(DEDUP, records, "local", files=3)
    s3 = fsspec.filesystem("s3")
    prefix = f"{s3_bucket}/{tmp_path.name}"
    for index in range(3):
        s3.put_file(str(tmp_path / f"in-{index}.jsonl"), f"{prefix}/in/in-{index}.jsonl")
    output = f"s3://{prefix}/out/ray.jsonl"
    work = f"s3://{prefix}/out/.ray.jsonl.presse-ray"

    # the driver dies once two shards are mapped: their parts and markers are on S3
    original, mapped = ShardStore.mark_mapped, []

    def dies_after_two(self, shard, info):
        if len(mapped) == 2:
            raise KeyboardInterrupt
        original(self, shard, info)
        mapped.append(shard)

    monkeypatch.setattr(ShardStore, "mark_mapped", dies_after_two)
    with pytest.raises(KeyboardInterrupt):
        run_remote(tmp_path, [f"s3://{prefix}/in/"], output)
    monkeypatch.setattr(ShardStore, "mark_mapped", original)
    s3.invalidate_cache()
    assert len(s3.glob(f"{prefix}/out/.ray.jsonl.presse-ray/parts/*.mapped")) == 2
    assert len(ShardStore(work).mapped()) == 2
    capsys.readouterr()

    report = run_remote(tmp_path, [f"s3://{prefix}/in/"], output, resume=True)
    assert "2 shard(s) mapped by an earlier run" in capsys.readouterr().err
    assert report.status == "ok", report.message
    s3.invalidate_cache()
    written = s3.cat_file(f"{prefix}/out/ray.jsonl")
    assert written == (tmp_path / "local-1.jsonl").read_bytes()
    assert not s3.exists(f"{prefix}/out/.ray.jsonl.presse-ray")  # the work is cleared
    errors = s3.cat_file(f"{prefix}/out/ray.errors.jsonl").splitlines()
    remote = {"report": report, "errors": [orjson.loads(e) for e in errors]}
    remote |= {"records": local["records"], "filtered": local["filtered"]}
    ours, theirs = comparable(remote), comparable(local)
    assert [e[1:] for e in ours.pop("errors")] == [e[1:] for e in theirs.pop("errors")]
    assert ours == theirs  # counts, per stage too
    assert report.summaries == local["report"].summaries
