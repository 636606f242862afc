"""Read-and-write overhead: a presse pipeline with a no-op stage vs a raw orjson loop.

Both read the same JSON Lines file and write every record back out; the ratio is presse's
throughput over the raw loop's (target >= 0.5). Usage: uv run python bench/bench_io.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import orjson

from presse import Document, Stage, hookimpl
from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus


class Noop(Stage):
    """Touch nothing."""

    name = "noop"

    def process(self, docs: list[Document]) -> list[Document]:
        return docs


class Plugin:
    @staticmethod
    @hookimpl
    def register_stages(register):
        register(Noop)


def raw_loop(src: Path, dst: Path) -> int:
    count = 0
    with src.open("rb") as inp, dst.open("wb") as out:
        for line in inp:
            record = orjson.loads(line)
            out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
            count += 1
    return count


def presse_run(src: Path, dst: Path) -> int:
    os.environ["PRESSE_PLUGINS"] = ""
    registry = build_registry()
    registry.add_plugin(Plugin, "bench")
    config = parse_config("pipeline: [{stage: noop}]\nrun: {batch_size: 256}", registry=registry)
    report = Run(config, [str(src)], str(dst), registry=registry, progress=False).execute()
    return report.written


def timed(fn, *args) -> tuple[float, int]:
    start = time.perf_counter()
    count = fn(*args)
    return time.perf_counter() - start, count


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        write_corpus(src, n)
        size = src.stat().st_size / 1e6
        raw_s, raw_n = min(timed(raw_loop, src, Path(tmp) / "raw.jsonl") for _ in range(3))
        presse_s, presse_n = min(timed(presse_run, src, Path(tmp) / "p.jsonl") for _ in range(3))
    assert raw_n == presse_n == n
    print(f"corpus: {n:,} documents, {size:.1f} MB JSONL (best of 3 runs each)")
    print(f"raw orjson loop : {n / raw_s:>10,.0f} docs/s  ({raw_s:.2f}s)")
    print(f"presse (no-op)  : {n / presse_s:>10,.0f} docs/s  ({presse_s:.2f}s)")
    print(f"ratio presse/raw throughput: {raw_s / presse_s:.2f}  (target >= 0.5)")


if __name__ == "__main__":
    main()
