"""Article bodies from web pages: presse (the ``html`` and ``warc`` readers, ``web_extract``)
against raw trafilatura on the same pages, scored against a benchmark's ground truth.

The benchmark is ScrapingHub's article-extraction-benchmark (181 English news pages with
their article bodies, https://github.com/scrapinghub/article-extraction-benchmark): give the
folder holding its ``html/*.html.gz`` and ``ground-truth.json``. The score is the
benchmark's own: 4-word shingles (``\\w+`` tokens) of the extracted body against the true
one, each page's true and false positives and negatives normalised to sum 1, precision and
recall averaged over pages, F1 of the averages.

    uv run python bench/bench_web_extraction.py ~/article-extraction-benchmark

presse runs in this process (after one warm-up run), on the folder of pages with 1 and 2
workers and on the same pages packed in a .warc.gz, and must give the same bodies both
ways. Speed is docs/s against ``trafilatura.extract`` over the same, already decompressed
pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    words = WORD.findall(text or "")
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """True positives, false positives and false negatives of one page, summing to 1."""
    a, b = shingles(true), shingles(pred)
    a.pop((), None)
    b.pop((), None)
    tp = sum((a & b).values())
    fp = sum((b - a).values())
    fn = sum((a - b).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(truth: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    counts = [page_counts(truth[k], predicted.get(k, "")) for k in truth]
    precision = statistics.mean(
        1.0 if fp == fn == 0 else (tp / (tp + fp) if tp + fp else 0.0)
        for tp, fp, fn in counts
        if tp + fp > 0
    )
    recall = statistics.mean(
        1.0 if fp == fn == 0 else (tp / (tp + fn) if tp + fn else 0.0)
        for tp, fp, fn in counts
        if tp + fn > 0
    )
    return {"f1": 2 * precision * recall / (precision + recall), "p": precision, "r": recall}


def raw_trafilatura(pages: dict[str, bytes]) -> tuple[dict[str, str], float]:
    """Bodies by ``trafilatura.extract`` (its defaults), and the best time of 2 rounds."""
    import trafilatura

    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        out = {key: trafilatura.extract(html) or "" for key, html in pages.items()}
        best = min(best, time.perf_counter() - start)
    return out, best


def presse(inputs: list[Path], work: Path, workers: int = 1) -> tuple[dict[str, dict], float]:
    """Records of a run with no analysis stage (reading, extraction, writing), in this
    process, and its wall time."""
    from presse.config import parse_config
    from presse.registry import get_registry
    from presse.runner import Run

    registry = get_registry()
    config = parse_config(f"run: {{workers: {workers}}}\npipeline: []\n", registry=registry)
    out = work / f"out-{len(list(work.iterdir()))}.jsonl"
    start = time.perf_counter()
    Run(config, [str(i) for i in inputs], str(out), registry=registry, progress=False).execute()
    seconds = time.perf_counter() - start
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return {r["id"]: r for r in records}, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmark", type=Path, help="folder with html/ and ground-truth.json")
    args = parser.parse_args()
    truth_file = json.loads((args.benchmark / "ground-truth.json").read_text())
    truth = {key: item.get("articleBody", "") for key, item in truth_file.items()}
    files = {p.name.removesuffix(".html.gz"): p for p in (args.benchmark / "html").glob("*.gz")}
    pages = {key: gzip.decompress(files[key].read_bytes()) for key in truth}

    from presse_web.archive import write_warc

    raw, raw_seconds = raw_trafilatura(pages)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        presse([args.benchmark / "html"], work)  # warm-up: imports, first set-up
        by_file, file_seconds = presse([args.benchmark / "html"], work)
        file_seconds = min(file_seconds, presse([args.benchmark / "html"], work)[1])
        _, two_seconds = presse([args.benchmark / "html"], work, workers=2)
        urls = {key: truth_file[key].get("url") or f"https://example.org/{key}" for key in truth}
        warc = write_warc(work / "pages.warc.gz", [(urls[k], pages[k]) for k in truth])
        by_url, warc_seconds = presse([warc], work)
    from_files = {k: r["text"] for k, r in by_file.items()}
    from_warc = {k: _text_of(by_url, urls[k]) for k in truth}
    same = sum(from_files.get(k, "") == from_warc.get(k, "") for k in truth)

    rows = [
        ("trafilatura.extract (defaults)", score(truth, raw), raw_seconds),
        ("presse, folder of pages", score(truth, from_files), file_seconds),
        ("presse, the pages in a .warc.gz", score(truth, from_warc), warc_seconds),
        ("presse, folder, 2 workers", score(truth, from_files), two_seconds),
    ]
    print(f"{len(truth)} pages of {args.benchmark.name}")
    print(f"{'':34} {'F1':>6} {'P':>6} {'R':>6} {'seconds':>8} {'docs/s':>7} {'× raw':>6}")
    for name, s, seconds in rows:
        print(
            f"{name:34} {s['f1']:6.3f} {s['p']:6.3f} {s['r']:6.3f} {seconds:8.2f} "
            f"{len(truth) / seconds:7.1f} {raw_seconds / seconds:6.2f}"
        )
    gap = rows[1][1]["f1"] - rows[0][1]["f1"]
    print(f"presse − trafilatura: {gap:+.4f} F1 (target: within 0.01)")
    print(f"same body from the folder and from the archive: {same}/{len(truth)}")
    print(
        f"speed, 1 worker: {raw_seconds / file_seconds:.2f}× raw trafilatura (target ≥ 0.9; "
        "presse reads, extracts with the page's metadata, and writes); "
        f"2 workers: {file_seconds / two_seconds:.2f}× 1 worker"
    )
    sys.exit(0 if abs(gap) <= 0.01 or gap > 0 else 1)


def _text_of(records: dict[str, dict], url: str) -> str:
    for record in records.values():
        if record["meta"].get("url") == url:
            return record["text"]
    return ""


if __name__ == "__main__":
    main()
