"""Article bodies from web pages: presse (the ``html`` and ``warc`` readers, ``web_extract``)
against raw trafilatura on the same pages, scored against a benchmark's ground truth.

The benchmark is ScrapingHub's article-extraction-benchmark (181 English news pages with
their article bodies, https://github.com/scrapinghub/article-extraction-benchmark): give the
folder holding its ``html/*.html.gz`` and ``ground-truth.json``. The score is the
benchmark's own: 4-word shingles (``\\w+`` tokens) of the extracted body against the true
one, each page's true and false positives and negatives normalised to sum 1, precision and
recall averaged over pages, F1 of the averages.

    uv run python bench/bench_web_extraction.py ~/article-extraction-benchmark

presse is run twice, on the folder of pages and on the same pages packed in a .warc.gz,
and must give the same bodies both ways.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import subprocess
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
    import trafilatura

    start = time.perf_counter()
    out = {key: trafilatura.extract(html) or "" for key, html in pages.items()}
    return out, time.perf_counter() - start


def presse(inputs: list[Path], work: Path) -> tuple[dict[str, dict], float]:
    config = work / "read.yaml"
    config.write_text("pipeline: []\n")
    out = work / f"out-{len(list(work.iterdir()))}.jsonl"
    start = time.perf_counter()
    subprocess.run(
        ["presse", "run", str(config), *map(str, inputs), "-o", str(out), "-q"],
        check=True,
    )
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
        by_file, file_seconds = presse([args.benchmark / "html"], work)
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
    ]
    print(f"{len(truth)} pages of {args.benchmark.name}")
    print(f"{'':34} {'F1':>6} {'P':>6} {'R':>6} {'seconds':>8}")
    for name, s, seconds in rows:
        print(f"{name:34} {s['f1']:6.3f} {s['p']:6.3f} {s['r']:6.3f} {seconds:8.1f}")
    gap = rows[1][1]["f1"] - rows[0][1]["f1"]
    print(f"presse − trafilatura: {gap:+.4f} F1 (target: within 0.01)")
    print(f"same body from the folder and from the archive: {same}/{len(truth)}")
    sys.exit(0 if abs(gap) <= 0.01 or gap > 0 else 1)


def _text_of(records: dict[str, dict], url: str) -> str:
    for record in records.values():
        if record["meta"].get("url") == url:
            return record["text"]
    return ""


if __name__ == "__main__":
    main()
