"""A table row as a document: the id and text columns, every other column in ``meta``."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
from typing import Any

import orjson

from presse import Document, InputOptions, Origin, ReadFailure


def plain(value: Any) -> Any:
    """A cell as a JSON value: dates as ISO text, bytes as base64, decimals as text."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def row_document(
    row: dict[str, Any], options: InputOptions, origin: Origin, stem: str
) -> Document | ReadFailure:
    """The document of one row, or why the row is none."""
    row = {str(k): plain(v) for k, v in row.items()}
    text = row.pop(options.text_field, None)
    if not isinstance(text, str) or not text.strip():
        column = repr(options.text_field)
        if text is None or isinstance(text, str):  # left out: replayed, it fails again
            why = f"column {column} has no value" if text is None else f"column {column} is empty"
            raw = orjson.dumps(row, default=str)
        else:
            why = f"column {column} holds a {type(text).__name__}, not text"
            raw = orjson.dumps(row | {options.text_field: text}, default=str)
        return ReadFailure(origin, "missing_text", why, raw)
    doc_id = row.pop(options.id_field, None)
    if doc_id is None or doc_id == "":
        doc_id = f"{stem}:{origin.line}"
    meta = {k: v for k, v in row.items() if v is not None and v != ""}
    doc = Document.of(str(doc_id), text, meta)
    doc.origin = origin
    doc.original = {"id": str(doc_id), "text": text, "meta": dict(meta)}
    return doc


def missing_column(origin: Origin, column: str, columns: list[str]) -> ReadFailure:
    """A table without the text column: one error for the file, not one per row."""
    return ReadFailure(
        origin,
        "missing_column",
        f"no column {column!r} in {origin.source} (its columns: {', '.join(columns)}); "
        "set input.text_field to the text's column",
    )
