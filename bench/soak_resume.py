"""Soak test for --resume: SIGKILL a real run many times at random moments, resume each time,
and compare the final output with an uninterrupted run, byte for byte.

Usage: uv run python bench/soak_resume.py [--kills 50] [--docs 20000] [--config CONFIG]
The default config is a per-document language pipeline plus dedup (a corpus-level stage whose
state is checkpointed), so both kinds of stage are exercised.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus

CONFIG = """\
run: {batch_size: 50, checkpoint_every: 500}
pipeline:
  - stage: langdetect
    backend: fasttext
  - stage: dedup
    paraphrase: false
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        corpus = write_corpus(tmp / "corpus.jsonl", args.docs)
        config = args.config or (tmp / "soak.yaml")
        if args.config is None:
            config.write_text(CONFIG)
        presse = [sys.executable, "-m", "presse", "run", str(config), str(corpus), "-q"]
        started = time.perf_counter()
        subprocess.run([*presse, "-o", str(tmp / "reference.jsonl")], check=True)
        full = time.perf_counter() - started
        print(f"uninterrupted run: {full:.1f}s for {args.docs:,} documents")
        kills = restarts = 0
        while kills < args.kills:
            process = subprocess.Popen(
                [*presse, "-o", str(tmp / "out.jsonl"), "--resume"], stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.5, max(1.0, full / 3)))
            if process.poll() is not None:
                (tmp / "out.jsonl").unlink()
                restarts += 1
                continue
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
            if (tmp / "out.jsonl").exists():
                raise SystemExit("a killed run left an output file behind")
        subprocess.run([*presse, "-o", str(tmp / "out.jsonl"), "--resume"], check=True)
        same = (tmp / "out.jsonl").read_bytes() == (tmp / "reference.jsonl").read_bytes()
        print(
            f"{kills} kills ({restarts} runs finished before the kill and were redone): "
            f"final output {'IDENTICAL' if same else 'DIFFERENT'} to the uninterrupted run"
        )
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
