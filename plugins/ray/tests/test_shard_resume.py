"""A sharded dedup run whose driver is killed (SIGKILL) during the map phase, then resumed:
the shards mapped before the kill are not mapped again, and the output and the report are
those of an uninterrupted run."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
from test_ray_shards import news_records

PIPELINE = (
    "pipeline:\n"
    "  - stage: words\n"
    "  - stage: paced\n"
    "    seconds: 0.02\n"
    "  - stage: dedup\n"
    "    paraphrase: false\n"
)
DRIVER = Path(__file__).with_name("ray_driver.py")


def driver(ray, tmp_path: Path, *args: str) -> subprocess.Popen:
    config = tmp_path / "ray.yaml"
    config.write_text(
        "run:\n  executor: ray\n  batch_size: 16\n  executor_options: {mode: shards}\n" + PIPELINE
    )
    inputs = sorted(str(p) for p in tmp_path.glob("in-*.jsonl"))
    address = ray.get_runtime_context().gcs_address
    command = [sys.executable, str(DRIVER), address, str(config), str(tmp_path / "ray.jsonl")]
    return subprocess.Popen(  # in tmp_path: the paced stage's marker is written there
        [*command, *inputs, *args], stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )


def figures(report: dict) -> dict:
    """What an interrupted run's report must match (not its timings)."""
    stages = {
        name: {k: v for k, v in s.items() if "second" not in k}
        for name, s in report["stages"].items()
    }
    return {**report["documents"], "stages": stages, "summaries": report["stage_summaries"]}


def test_a_driver_killed_while_mapping_resumes_where_it_stopped(run_presse, ray_instance, tmp_path):
    records = [r for r in news_records()[:240] if isinstance(r, dict)]
    local = run_presse(PIPELINE, records, "local", files=6)  # writes in-0 … in-5.jsonl
    parts = tmp_path / ".ray.jsonl.presse-ray" / "parts"

    first = driver(ray_instance, tmp_path)
    deadline = time.monotonic() + 120
    while len(list(parts.glob("*.mapped"))) < 2 and time.monotonic() < deadline:
        assert first.poll() is None, first.stderr.read()
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    mapped = len(list(parts.glob("*.mapped")))
    assert 2 <= mapped < 6, "the kill came after the map phase"
    assert not (tmp_path / "ray.jsonl").exists()

    second = driver(ray_instance, tmp_path, "--resume")
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert f"{mapped} shard(s) mapped by an earlier run are not read again" in err

    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local-1.jsonl").read_bytes()
    report = orjson.loads((tmp_path / "ray.jsonl.report.json").read_bytes())
    assert figures(report) == figures(local["report"].to_dict())
    assert report["stages"]["paced"]["documents"] == len(records)  # each one once
    assert report["stage_summaries"]["dedup"]["duplicates"] > 0
