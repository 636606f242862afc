"""Writing: records to files that appear whole or not at all.

- The writer interface: :class:`Writer` (a plugin's writers subclass it) and the built-in
  :class:`JsonlWriter`, which the run's side outputs (errors, filtered) always use.
- :class:`AtomicFile`, the one way presse writes a file: a temporary name beside it,
  fsynced and renamed over it on commit, removed on abort or any failure;
  :func:`atomic_write` for bytes at once; :func:`remove_temporaries` for what a killed
  writer left behind.
- :func:`dumps_line`: one JSON line for any record, even one orjson cannot write as is.
- :class:`SideOutput`: a JSON Lines file that only exists if something was written to it.
"""

from __future__ import annotations

import base64
import glob
import io
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, ClassVar

import orjson

from presse.errors import PresseError


class Writer:
    """Base class of output writers (register them with ``register_writers``).

    The runner serialises each record to one JSON line (``bytes`` ending in ``\\n``) and
    hands batches of lines to :meth:`write`. A writer to a file must write to a temporary
    name and only move it into place in :meth:`commit`, so that a crashed run never leaves
    a half-written file that looks finished; :meth:`abort` throws the temporary away.
    ``path`` is ``None`` for standard output.
    """

    format: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    record_schema: ClassVar[dict[str, Any] | None] = None
    """The JSON Schema of the records (what ``presse schema`` prints), for writers of typed
    formats (Parquet): the runner sets it on the writer class it uses for a run."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def write(self, lines: list[bytes]) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        """Make the output final (flush, fsync, rename into place)."""

    def abort(self) -> None:
        """Drop what was written (the final path is left untouched)."""


class JsonlWriter(Writer):
    """JSON Lines, to standard output or to an :class:`AtomicFile` renamed on commit.
    Subclasses can compress by overriding :meth:`wrap` and :meth:`close`."""

    format = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".json")

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        self._file: AtomicFile | None = None
        self._handle: IO[bytes]
        if path is None:
            if sys.stdout is None:
                raise PresseError("standard output is closed: give an output file with -o")
            self._handle = sys.stdout.buffer
            return
        self._file = AtomicFile(path)
        self._handle = self.wrap(self._file.handle)

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
        if self._file is None:
            self.write([])
            return
        self._file.commit(self.close)

    def close(self) -> None:
        """Close the file (its content complete)."""
        self._handle.close()

    def abort(self) -> None:
        if self._file is not None:
            self._file.abort(self.close)


class AtomicFile:
    """A file written under a temporary name beside ``path`` (``.<name>.<random>.tmp``),
    made final by :meth:`commit`: flushed, fsynced, given the umask's permissions and
    renamed over ``path``. :meth:`abort`, or a failure while committing, removes the
    temporary file and leaves ``path`` untouched. :attr:`handle` is binary, or text in
    ``encoding``. As a context manager it gives the handle, commits on success and aborts
    on an exception::

        with AtomicFile(path, encoding="utf-8") as out:
            out.write(html)
    """

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.tmp: Path | None = Path(tmp)
        raw = os.fdopen(fd, "wb")
        self.handle: IO[Any] = raw if encoding is None else io.TextIOWrapper(raw, encoding)

    def commit(self, close: Any = None) -> None:
        """Make the file final; ``close`` (default: closing :attr:`handle`) finishes what
        was written, e.g. a compressor's trailer."""
        if self.tmp is None:
            return
        try:
            (close or self.handle.close)()
            with self.tmp.open("rb") as handle:
                os.fsync(handle.fileno())
            os.chmod(self.tmp, 0o666 & ~umask())
            os.replace(self.tmp, self.path)
        except BaseException:
            self.tmp.unlink(missing_ok=True)
            raise
        finally:
            self.tmp = None

    def abort(self, close: Any = None) -> None:
        """Drop what was written."""
        if self.tmp is None:
            return
        try:
            (close or self.handle.close)()
        except OSError:
            pass  # a full disk: the file goes anyway
        finally:
            self.tmp.unlink(missing_ok=True)
            self.tmp = None

    def __enter__(self) -> IO[Any]:
        return self.handle

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once (an :class:`AtomicFile`), whatever happens
    (Ctrl-C, a full disk) no partial file at ``path`` and no temporary file left."""
    with AtomicFile(path) as handle:
        handle.write(data)


def remove_temporaries(path: Path) -> None:
    """Remove the temporary files of ``path`` left by a writer that was killed (SIGKILL,
    power loss): only call it while no one else may be writing ``path``."""
    mine = re.compile(rf"\.{re.escape(path.name)}\.\w+\.tmp")
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        if mine.fullmatch(stale.name):
            stale.unlink(missing_ok=True)


def umask() -> int:
    """The process's file-creation mask."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
