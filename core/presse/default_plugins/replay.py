"""The ``presse-errors`` reader: turns an errors JSONL back into the records that failed.

``presse replay ERRORS CONFIG`` reads with it. Each record is re-read from its original
source when that is still there (JSON Lines at the recorded byte offset, text files whole),
so a record cut short in the error output (a too-long document) comes back complete;
otherwise the ``record`` (or ``raw`` bytes) kept in the error record is used.

A text file is one record: it is read again whole, as it is now (fixed, for instance). A
line of a JSON Lines file is only re-read while the source still holds it: the bytes at the
recorded offset (else, in a changed file, at the recorded line) have the recorded SHA-256
(``record_sha256``); a compressed source has no digest, so its size must match and the
record found must have the recorded id. Otherwise the kept copy is replayed (or, without
one, the record is a ``not_replayable`` error). An error line that is not a valid error
record becomes an ``invalid_error_record``.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from presse.default_plugins.readers import JsonlReader, TextReader, make_document
from presse.document import Document, Origin
from presse.errors import record_digest
from presse.hookspecs import hookimpl
from presse.reading import Reader, ReadFailure, Source


class ErrorsReader(Reader):
    """Records named by a presse errors file, re-read for replay."""

    format = "presse-errors"
    suffixes = ()

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        with source.open_binary() as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                where = Origin(source.name, number)
                try:
                    error = orjson.loads(raw)
                except orjson.JSONDecodeError as exc:
                    yield ReadFailure(where, "invalid_json", f"not an error record: {exc}", raw)
                    continue
                if not isinstance(error, dict):
                    yield ReadFailure(where, "not_an_object", "not an error record", raw)
                    continue
                try:
                    yield self.replay(error, where)
                except (ValueError, TypeError, OSError) as exc:  # binascii.Error is a ValueError
                    yield ReadFailure(
                        where, "invalid_error_record", f"not a valid error record: {exc}", raw
                    )

    def replay(self, error: dict[str, Any], where: Origin) -> Document | ReadFailure:
        origin = _origin(error, where)
        path = Path(origin.source) if origin.source not in (None, "-") else None
        changed = False
        if path is not None and path.is_file():
            again = self.reread(path, origin, error)
            if again is not None:
                return again
            changed = True
        record = error.get("record")
        if record is not None:
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError("'record' must be an object with a string 'text'")
            meta = record.get("meta")
            if meta is not None and not isinstance(meta, dict):
                raise ValueError("'record.meta' must be an object")
            return make_document(
                str(record.get("id", error.get("id"))), record["text"], dict(meta or {}), origin
            )
        raw = error.get("raw")
        if raw is None and error.get("raw_base64"):
            raw = base64.b64decode(error["raw_base64"], validate=True)
        if raw is not None:
            if not isinstance(raw, str | bytes):
                raise ValueError("'raw' must be a string")
            data = raw.encode() if isinstance(raw, str) else raw
            return JsonlReader(self.options).record(Source(path), origin, data)
        why = "its source changed since" if changed else "its source is gone"
        return ReadFailure(
            origin,
            "not_replayable",
            f"error record ({error.get('reason')}) keeps no record to replay and {why}",
            orjson.dumps(error),
        )

    def reread(
        self, path: Path, origin: Origin, error: dict[str, Any]
    ) -> Document | ReadFailure | None:
        """The record read again from its source, or None when the source no longer has it."""
        if path.name.lower().endswith(TextReader.suffixes):
            return self.from_source(path, origin)  # the file is the record, fixed or not
        digest = error.get("record_sha256")
        if digest is None:  # compressed, huge, or recorded before presse kept digests
            again = self.from_source(path, origin) if same_size(path, error) else None
            return again if again is not None and _same_record(again, error) else None
        if not isinstance(digest, str):
            raise ValueError("'record_sha256' must be a string")
        found = find_line(path, origin, digest)
        if found is None:
            return None
        origin, raw = found
        return JsonlReader(self.options).record(Source(path), origin, raw)

    def from_source(self, path: Path, origin: Origin) -> Document | ReadFailure | None:
        name = path.name.lower()
        source = Source(path)
        if name.endswith(TextReader.suffixes):
            return next(iter(TextReader(self.options).read(source)), None)
        if origin.line is None:
            return None
        if name.endswith((".jsonl.gz", ".ndjson.gz")):
            with gzip.open(path, "rb") as handle:
                for number, raw in enumerate(handle, start=1):
                    if number == origin.line:
                        return JsonlReader(self.options).record(source, origin, raw)
            return None
        if name.endswith(JsonlReader.suffixes) and origin.offset is not None:
            with path.open("rb") as handle:
                handle.seek(origin.offset)
                raw = handle.readline()
            return JsonlReader(self.options).record(source, origin, raw) if raw else None
        return None


def find_line(path: Path, origin: Origin, digest: str) -> tuple[Origin, bytes] | None:
    """The record's line, found by its digest: at the recorded offset, else (the file
    changed) at the recorded line number; None when neither holds it any more."""
    with path.open("rb") as handle:
        handle.seek(origin.offset or 0)
        raw = handle.readline()
        if raw and record_digest(raw) == digest:
            return origin, raw
        if origin.line is None:
            return None
        handle.seek(0)
        offset = 0
        for number, raw in enumerate(handle, start=1):
            if number == origin.line:
                if record_digest(raw) != digest:
                    return None
                return Origin(origin.source, number, offset), raw
            offset += len(raw)
    return None


def _origin(error: dict[str, Any], where: Origin) -> Origin:
    """Where the record came from, with its fields checked."""
    source, line, offset = (
        error.get("source") or where.source,
        error.get("line"),
        error.get("offset"),
    )
    if not isinstance(source, str):
        raise ValueError("'source' must be a string")
    for name, value, least in (("line", line, 1), ("offset", offset, 0)):
        if value is not None and (type(value) is not int or value < least):
            raise ValueError(f"{name!r} must be an integer of at least {least}, not {value!r}")
    return Origin(source, line, offset)


def same_size(path: Path, error: dict[str, Any]) -> bool:
    """Whether ``path`` still has the recorded size (and modification time, in error
    records written before presse kept digests); true when nothing was recorded."""
    if error.get("source_size") is None:
        return True
    stat = path.stat()
    if stat.st_size != error["source_size"]:
        return False
    return error.get("source_mtime_ns") in (None, stat.st_mtime_ns)


def _same_record(again: Document | ReadFailure, error: dict[str, Any]) -> bool:
    """A document re-read at the offset must carry the recorded id."""
    return not isinstance(again, Document) or error.get("id") in (None, again.id)


@hookimpl
def register_readers(register):
    register(ErrorsReader)
