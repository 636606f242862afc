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
            assert_same_lines(out, tmp_path / "reference.jsonl")
            out.unlink()  # start again from scratch
        if not finished:
            kills += 1

    final = presse_cli("run", "pipe.yaml", str(corpus), "-o", "out.jsonl", "--resume")
    assert final.returncode == 0, final.stderr.decode()
    assert_same_lines(tmp_path / "out.jsonl", tmp_path / "reference.jsonl")
    ids = [orjson.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert ids == [r["id"] for r in records]
    assert b"read 3000, written 3000, failed 0" in final.stderr


def assert_same_lines(path, reference) -> None:
    """Byte-identical files, with the first difference in the message (pytest's own diff of
    two 400 KB byte strings would take minutes)."""
    got, want = path.read_bytes().splitlines(), reference.read_bytes().splitlines()
    if got == want:
        return
    first = next(
        (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
        min(len(got), len(want)),
    )
    raise AssertionError(
        f"{path.name}: {len(got)} lines, reference {len(want)}; first difference at line "
        f"{first + 1}:\n  got  {got[first][:200] if first < len(got) else b'<end>'!r}\n"
        f"  want {want[first][:200] if first < len(want) else b'<end>'!r}"
    )
