"""SIGKILL a real run at random moments, resume it, and get the same bytes as a clean run."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import orjson

from example_stages import write_jsonl

CONFIG = """
run: {batch_size: 25, checkpoint_every: 100}
pipeline:
  - stage: shout
  - stage: pause
    seconds: 0.02
  - stage: running_count
"""


def test_killed_runs_resume_without_gaps_or_duplicates(presse_cli, third_party_site, tmp_path):
    import os

    rng = random.Random(20161215)
    words = ["Alep", "Moscou", "Téhéran", "Ankara", "Damas", "Idleb"]
    records = [
        {"id": f"dep-{i:05d}", "text": f"{rng.choice(words)} dépêche {i}. Suite."}
        for i in range(3000)
    ]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records)
    (tmp_path / "pipe.yaml").write_text(CONFIG)

    reference = presse_cli("run", "pipe.yaml", str(corpus), "-o", "reference.jsonl", "-q")
    assert reference.returncode == 0, reference.stderr.decode()

    env = dict(os.environ, PYTHONPATH=str(third_party_site))
    env.pop("PRESSE_PLUGINS", None)
    command = [
        sys.executable,
        "-m",
        "presse",
        "run",
        "pipe.yaml",
        str(corpus),
        "-o",
        "out.jsonl",
        "-q",
        "--resume",
    ]
    kills = 0
    while kills < 10:
        process = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.6, 2.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        finished = process.wait() == 0
        out = tmp_path / "out.jsonl"
        if out.exists():  # the output was complete (renamed into place) before the end
            assert out.read_bytes() == (tmp_path / "reference.jsonl").read_bytes()
            out.unlink()  # start again from scratch
        if not finished:
            kills += 1

    final = presse_cli("run", "pipe.yaml", str(corpus), "-o", "out.jsonl", "--resume")
    assert final.returncode == 0, final.stderr.decode()
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "reference.jsonl").read_bytes()
    ids = [orjson.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert ids == [r["id"] for r in records]
    assert b"read 3000, written 3000, failed 0" in final.stderr
