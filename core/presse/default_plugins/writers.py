"""Built-in writers: JSON Lines to a file (plain or gzip) or to standard output."""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from pathlib import Path
from typing import IO

from presse.errors import PresseError
from presse.hookspecs import hookimpl
from presse.writing import Writer, fsync_replace, umask


class JsonlWriter(Writer):
    """JSON Lines; a file is written under a temporary name and renamed on commit."""

    format = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".json")

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        self._tmp: Path | None = None
        self._handle: IO[bytes]
        if path is None:
            if sys.stdout is None:
                raise PresseError("standard output is closed: give an output file with -o")
            self._handle = sys.stdout.buffer
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._tmp = Path(tmp)
        os.chmod(tmp, 0o666 & ~umask())
        self._handle = self.wrap(os.fdopen(fd, "wb"))

    def wrap(self, handle: IO[bytes]) -> IO[bytes]:
        return handle

    def write(self, lines: list[bytes]) -> None:
        if self.path is not None:
            self._handle.write(b"".join(lines))
            return
        try:
            self._handle.write(b"".join(lines))
            self._handle.flush()
        except OSError as exc:
            raise PresseError(f"cannot write to standard output: {exc.strerror}") from None

    def commit(self) -> None:
        if self._tmp is None:
            self.write([])
            return
        try:
            self.close()
            fsync_replace(self._tmp, self.path)
        except BaseException:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None
            raise
        self._tmp = None

    def close(self) -> None:
        """Close the temporary file (its content complete)."""
        self._handle.close()

    def abort(self) -> None:
        if self._tmp is None:
            return
        try:
            self.close()
        except OSError:
            pass  # a full disk: the file goes anyway
        finally:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None


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
