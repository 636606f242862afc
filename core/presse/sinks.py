"""Side outputs (errors, filtered documents): created on first use, committed atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from presse.default_plugins.writers import JsonlWriter


def dumps_line(record: Any) -> bytes:
    """One JSON line; values orjson cannot encode are written as their ``str()``."""
    return orjson.dumps(record, default=str, option=orjson.OPT_APPEND_NEWLINE)


class SideOutput:
    """A JSONL file that only exists if something was written to it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._writer: JsonlWriter | None = None

    def write(self, records: list[Any]) -> None:
        if not records:
            return
        if self._writer is None:
            self._writer = JsonlWriter(self.path)
        self._writer.write([dumps_line(r) for r in records])
        self.count += len(records)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer = None
