"""Built-in writers: JSON Lines to a file (plain or gzip) or to standard output."""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from pathlib import Path
from typing import IO

from presse.hookspecs import hookimpl
from presse.writing import Writer


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class JsonlWriter(Writer):
    """JSON Lines; a file is written under a temporary name and renamed on commit."""

    format = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".json")

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        self._tmp: Path | None = None
        self._handle: IO[bytes]
        if path is None:
            self._handle = sys.stdout.buffer
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._tmp = Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        self._handle = self.wrap(os.fdopen(fd, "wb"))

    def wrap(self, handle: IO[bytes]) -> IO[bytes]:
        return handle

    def write(self, lines: list[bytes]) -> None:
        self._handle.write(b"".join(lines))
        if self.path is None:
            self._handle.flush()

    def commit(self) -> None:
        if self._tmp is None:
            self._handle.flush()
            return
        self._handle.close()
        with self._tmp.open("rb") as done:
            os.fsync(done.fileno())
        os.replace(self._tmp, self.path)
        self._tmp = None

    def abort(self) -> None:
        if self._tmp is None:
            return
        self._handle.close()
        self._tmp.unlink(missing_ok=True)
        self._tmp = None


class GzipJsonlWriter(JsonlWriter):
    """Gzipped JSON Lines (``.jsonl.gz``)."""

    format = "jsonl.gz"
    suffixes = (".jsonl.gz", ".ndjson.gz")

    def wrap(self, handle: IO[bytes]) -> IO[bytes]:
        self._raw = handle
        return gzip.GzipFile(fileobj=handle, mode="wb")

    def commit(self) -> None:
        if self._tmp is not None:
            self._handle.close()  # writes the gzip trailer; the raw file stays open
            self._handle = self._raw
        super().commit()


@hookimpl
def register_writers(register):
    register(JsonlWriter)
    register(GzipJsonlWriter)
