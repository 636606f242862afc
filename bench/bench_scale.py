"""Scale: memory stays flat as the corpus grows, and worker processes pay off.

1. Peak RSS of a per-document pipeline (langdetect, fastText backend) on 5k vs 50k documents,
   each in a fresh `presse run` process: target ratio <= 1.1 (flat).
2. NER (fr_core_news_sm) on the same documents with 1 and 2 worker processes, against bare
   spaCy `nlp.pipe` in the same run: docs/s and CPU-seconds per document.

Usage: uv run python bench/bench_scale.py [--small 5000] [--large 50000] [--ner-docs 600]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import make_documents, write_corpus

PRESSE = [sys.executable, "-m", "presse"]


def run_measured(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB) of a child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command} failed: {process.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def memory(tmp: Path, small: int, large: int) -> None:
    config = tmp / "lang.yaml"
    config.write_text("pipeline:\n  - stage: langdetect\n    backend: fasttext\n")
    rows = {}
    for n in (small, large):
        corpus = write_corpus(tmp / f"c{n}.jsonl", n)
        rows[n] = run_measured(
            [*PRESSE, "run", str(config), str(corpus), "-o", str(tmp / f"o{n}.jsonl"), "-q"], tmp
        )
    print("\n1. per-document pipeline (langdetect/fasttext), fresh process each")
    for n, (wall, _cpu, rss) in rows.items():
        print(f"   {n:>7,} docs: {wall:6.1f}s  {n / wall:8.0f} docs/s  peak RSS {rss:5d} MB")
    ratio = rows[large][2] / rows[small][2]
    print(f"   peak RSS {large:,} / {small:,} = {ratio:.2f}  (target <= 1.1: flat)")


def workers(tmp: Path, n: int) -> None:
    import spacy

    corpus = write_corpus(tmp / "ner.jsonl", n, seed=1)
    texts = [d["text"] for d in make_documents(n, seed=1)]
    config = tmp / "ner.yaml"
    config.write_text("pipeline:\n  - stage: ner\n    models: {fr: fr_core_news_sm}\n")
    print(f"\n2. NER with fr_core_news_sm on {n} documents")
    start_cpu = time.process_time()
    start = time.perf_counter()
    nlp = spacy.load("fr_core_news_sm")
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    bare_wall, bare_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(
        f"   bare spaCy nlp.pipe        : {n / bare_wall:7.1f} docs/s  "
        f"{bare_cpu / n * 1000:6.1f} CPU-ms/doc"
    )
    for count in (1, 2):
        wall, cpu, _ = run_measured(
            [
                *PRESSE,
                "run",
                str(config),
                str(corpus),
                "-o",
                str(tmp / f"ner{count}.jsonl"),
                "-q",
                "--set",
                f"run.workers={count}",
            ],
            tmp,
        )
        print(
            f"   presse, {count} worker(s)        : {n / wall:7.1f} docs/s  "
            f"{cpu / n * 1000:6.1f} CPU-ms/doc  ({bare_wall / wall:.2f}x bare spaCy speed, "
            "start-up included)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=5000)
    parser.add_argument("--large", type=int, default=50000)
    parser.add_argument("--ner-docs", type=int, default=600)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        memory(tmp, args.small, args.large)
        workers(tmp, args.ner_docs)


if __name__ == "__main__":
    main()
