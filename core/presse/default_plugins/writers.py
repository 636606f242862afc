"""The built-in writers: JSON Lines (:class:`presse.writing.JsonlWriter`) and gzipped
JSON Lines."""

from __future__ import annotations

import gzip
from typing import IO

from presse.hookspecs import hookimpl
from presse.writing import JsonlWriter


class GzipJsonlWriter(JsonlWriter):
    """Gzipped JSON Lines (``.jsonl.gz``)."""

    format = "jsonl.gz"
    suffixes = (".jsonl.gz", ".ndjson.gz")

    def wrap(self, handle: IO[bytes]) -> IO[bytes]:
        self._raw = handle
        return gzip.GzipFile(fileobj=handle, mode="wb")

    def close(self) -> None:
        try:
            self._handle.close()  # writes the gzip trailer; the raw file stays open
        finally:
            self._raw.close()


@hookimpl
def register_writers(register):
    register(JsonlWriter)
    register(GzipJsonlWriter)
