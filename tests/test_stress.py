"""Rounds of: two runs racing on one output, a kill at a random moment, `--resume`.

Every round must end with read = written + failed + filtered and with the output, errors
and filtered files byte-identical to those of an uninterrupted run, and nothing left over
(no lock, no work folder, no temporary file). A tiny corpus and light stages keep it fast.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import orjson

from example_stages import write_jsonl

ROUNDS = 20
CONFIG = """
run: {batch_size: 10, checkpoint_every: 30, workers: WORKERS}
pipeline:
  - stage: shout
  - stage: sieve
  - stage: pause
    seconds: 0.01
  - stage: running_count
"""
OUTPUTS = ("out.jsonl", "out.errors.jsonl", "out.filtered.jsonl")


def test_racing_killed_and_resumed_runs_end_as_an_uninterrupted_run(third_party_site, tmp_path):
    rng = random.Random(20161219)
    words = ["Alep", "Moscou", "Ankara", "Damas"]
    records = [
        {
            "id": f"dep-{i:04d}",
            "text": "BOOM" if i % 97 == 5 else f"{rng.choice(words)} {i}{' skip' * (i % 13 == 0)}.",
        }
        for i in range(300)
    ]
    (tmp_path / "data").mkdir()
    corpus = write_jsonl(tmp_path / "data" / "corpus.jsonl", records)
    env = dict(os.environ, PYTHONPATH=str(third_party_site))
    env.pop("PRESSE_PLUGINS", None)

    def command(folder, *extra: str) -> list[str]:
        return [
            sys.executable, "-m", "presse", "run", str(folder / "p.yaml"), str(corpus),
            "-o", str(folder / "out.jsonl"), "--report", str(folder / "report.json"), "-q",
            *extra,
        ]  # fmt: skip

    def start(folder, *extra: str) -> subprocess.Popen:
        return subprocess.Popen(
            command(folder, *extra), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    reference = tmp_path / "reference"
    reference.mkdir()
    (reference / "p.yaml").write_text(CONFIG.replace("WORKERS", "1"))
    done = subprocess.run(command(reference), env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    want = {name: (reference / name).read_bytes() for name in OUTPUTS}
    assert want["out.errors.jsonl"] and want["out.filtered.jsonl"]  # every stream is exercised

    outcomes = []
    for number in range(ROUNDS):
        folder = tmp_path / f"round-{number:02d}"
        folder.mkdir()
        (folder / "p.yaml").write_text(CONFIG.replace("WORKERS", str(1 + number % 2)))
        first = start(folder)
        time.sleep(rng.uniform(0, 0.3))
        second = start(folder, *(["--resume"] if rng.random() < 0.5 else []))
        time.sleep(rng.uniform(0.2, 2.0))  # a kill at a random moment
        for process in (first, second):
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
        for process in (first, second):
            _, stderr = process.communicate()
            outcomes.append(process.returncode)
            if process.returncode == 1:  # lost the race: refused at once, touching nothing
                assert b"error: another presse run is writing" in stderr, stderr.decode()
            else:
                assert process.returncode in (0, -signal.SIGKILL), stderr.decode()

        resumed = subprocess.run(command(folder, "--resume"), env=env, capture_output=True)
        assert resumed.returncode == 0, resumed.stderr.decode()
        counts = orjson.loads((folder / "report.json").read_bytes())["documents"]
        assert counts["read"] == counts["written"] + counts["failed"] + counts["filtered"] == 300
        for name in OUTPUTS:
            assert (folder / name).read_bytes() == want[name], f"round {number}: {name} differs"
        leftovers = sorted(
            p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp")
        )
        assert leftovers == [], f"round {number}: {leftovers}"
    assert 1 in outcomes and -signal.SIGKILL in outcomes  # races were lost, runs were killed
