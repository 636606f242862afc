"""Sample data of these tests: the seed run, and reading JSON Lines."""

from __future__ import annotations

from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[3]
DATA = Path(__file__).parent / "data"
SEED_RUN = DATA / "seed-run.jsonl"
"""``uv run presse run configs/news-fr.yaml`` on the two seed articles (real output)."""


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]
