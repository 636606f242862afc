"""Side outputs (errors, filtered documents): created on first use, committed atomically."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import orjson

from presse.default_plugins.writers import JsonlWriter

FALLBACK_BYTES = 1 << 16
"""At most this much of a value that cannot be written as JSON is kept (as base64)."""


def dumps_line(record: Any) -> bytes:
    """One JSON line; values orjson cannot encode are written as their ``str()``, and a
    field that still cannot be written (nested deeper than orjson writes) is replaced by
    ``<field>_base64``: its JSON text, base64, cut to :data:`FALLBACK_BYTES`."""
    try:
        return orjson.dumps(record, default=str, option=orjson.OPT_APPEND_NEWLINE)
    except (orjson.JSONEncodeError, RecursionError):
        fields = record if isinstance(record, dict) else {"value": record}
        return orjson.dumps(dict(_writable(fields)), default=str, option=orjson.OPT_APPEND_NEWLINE)


def _writable(record: dict) -> Any:
    for key, value in record.items():
        name = str(key)
        try:
            orjson.dumps(value, default=str)
        except (orjson.JSONEncodeError, RecursionError):
            text = json_text(value, FALLBACK_BYTES + 1)
            yield f"{name}_base64", base64.b64encode(text[:FALLBACK_BYTES]).decode("ascii")
            if len(text) > FALLBACK_BYTES:
                yield f"{name}_truncated", True
        else:
            yield name, value


def json_text(value: Any, limit: int) -> bytes:
    """The JSON text of ``value`` at any depth (no recursion), up to about ``limit`` bytes."""
    out = bytearray()
    stack: list[tuple[bool, Any]] = [(False, value)]
    while stack and len(out) < limit:
        literal, item = stack.pop()
        if literal:
            out += item
        elif isinstance(item, dict):
            out += b"{"
            tokens: list[tuple[bool, Any]] = []
            for index, (key, child) in enumerate(item.items()):
                tokens.append((True, (b"," if index else b"") + orjson.dumps(str(key)) + b":"))
                tokens.append((False, child))
            stack.append((True, b"}"))
            stack.extend(reversed(tokens))
        elif isinstance(item, list | tuple):
            out += b"["
            tokens = []
            for index, child in enumerate(item):
                if index:
                    tokens.append((True, b","))
                tokens.append((False, child))
            stack.append((True, b"]"))
            stack.extend(reversed(tokens))
        else:
            out += orjson.dumps(item, default=str)
    return bytes(out)


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
        """Put the file in place; with nothing written, a stale file left at the path by an
        earlier run is replaced by an empty one (none is created otherwise)."""
        if self._writer is None and os.path.lexists(self.path):
            self._writer = JsonlWriter(self.path)
        if self._writer is not None:
            self._writer.commit()
            self._writer = None
