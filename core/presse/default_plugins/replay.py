"""The ``presse-errors`` reader: turns an errors JSONL back into the records that failed.

``presse replay ERRORS CONFIG`` reads with it. Each record is re-read from its original
source when that is still there (JSON Lines at the recorded byte offset, text files whole),
so a record cut short in the error output (a too-long document) comes back complete;
otherwise the ``record`` (or ``raw`` bytes) kept in the error record is used.
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
                yield self.replay(error, where)

    def replay(self, error: dict[str, Any], where: Origin) -> Document | ReadFailure:
        origin = Origin(error.get("source") or where.source, error.get("line"), error.get("offset"))
        path = Path(origin.source) if origin.source not in (None, "-") else None
        if path is not None and path.is_file():
            again = self.from_source(path, origin)
            if again is not None:
                return again
        record = error.get("record")
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            return make_document(
                str(record.get("id", error.get("id"))),
                record["text"],
                dict(record.get("meta") or {}),
                origin,
            )
        raw = error.get("raw")
        if raw is None and error.get("raw_base64"):
            raw = base64.b64decode(error["raw_base64"])
        if raw is not None:
            data = raw.encode() if isinstance(raw, str) else raw
            return JsonlReader(self.options).record(Source(path), origin, data)
        return ReadFailure(
            origin,
            "not_replayable",
            f"error record ({error.get('reason')}) keeps no record to replay "
            "and its source is gone",
            orjson.dumps(error),
        )

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


@hookimpl
def register_readers(register):
    register(ErrorsReader)
