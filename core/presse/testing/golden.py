"""Golden-file assertions for JSON Lines output."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson


def _lines(records: Iterable[dict[str, Any]]) -> list[str]:
    return [orjson.dumps(r, option=orjson.OPT_SORT_KEYS).decode() for r in records]


def assert_golden(records: Iterable[dict[str, Any]], path: str | Path) -> None:
    """Compare records with a golden JSONL file (keys sorted, one record per line).

    Set ``PRESSE_UPDATE_GOLDEN=1`` to (re)write the file instead; a missing file is an error
    otherwise, so a golden test can never pass vacuously.
    """
    path = Path(path)
    got = _lines(records)
    if os.environ.get("PRESSE_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(line + "\n" for line in got), encoding="utf-8")
        return
    if not path.exists():
        raise AssertionError(f"golden file {path} is missing: run with PRESSE_UPDATE_GOLDEN=1")
    expected = path.read_text(encoding="utf-8").splitlines()
    if got != expected:
        diff = "\n".join(difflib.unified_diff(expected, got, str(path), "actual", lineterm=""))
        raise AssertionError(f"output differs from {path}:\n{diff[:5000]}")
