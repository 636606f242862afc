"""The reader interface: turning input sources into documents."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, ClassVar

from presse.document import Document, Origin


@dataclass(frozen=True)
class InputOptions:
    """How to map input records to documents (the config's ``input`` section)."""

    id_field: str = "id"
    text_field: str = "text"
    max_document_chars: int = 10_000_000


@dataclass
class ReadFailure:
    """A record a reader could not turn into a document; it goes to the errors output."""

    origin: Origin
    reason: str
    message: str
    raw: bytes | str | None = None


@dataclass(frozen=True)
class Source:
    """One input: a file path, or ``-`` for standard input."""

    path: Path | None  # None means stdin
    start: int = 0
    """First byte to read (a shard of a large file; readers of line formats honour it)."""
    end: int | None = None
    """Byte to stop at (exclusive, at a line start); None: the end of the file."""
    first_line: int = 1
    """Line number of the line at ``start``, so records keep their line in the whole file."""
    label: str | None = None
    """The name records give this input (see :mod:`presse.source_names`); default: the path."""

    @property
    def name(self) -> str:
        if self.label is not None:
            return self.label
        return "-" if self.path is None else str(self.path)

    @property
    def stem(self) -> str:
        if self.path is None:
            return "stdin"
        name = self.path.name
        for suffix in (".jsonl.gz", ".jsonl", ".txt", ".gz"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return self.path.stem

    def open_binary(self) -> IO[bytes]:
        import errno
        import sys

        if self.path is None:
            if sys.stdin is None:
                raise OSError(errno.EBADF, "standard input is closed")
            return sys.stdin.buffer
        handle = self.path.open("rb")
        if self.start or self.end is not None:
            handle.seek(self.start)
            if self.end is not None:
                return io.BufferedReader(_Range(handle, self.end - self.start), 1 << 16)
        return handle


class _Range(io.RawIOBase):
    """The first ``size`` bytes of an open file, as a buffered binary stream."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self.handle, self.left = handle, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            return 0
        data = self.handle.read(min(len(buffer), self.left))
        buffer[: len(data)] = data
        self.left -= len(data)
        return len(data)

    def close(self) -> None:
        self.handle.close()
        super().close()


class Reader:
    """Base class of input readers (register them with ``register_readers``).

    ``format`` is the name ``input.format`` selects; ``suffixes`` are the file endings the
    reader claims when the format is ``auto``. :meth:`read` yields a :class:`Document` per
    record, or a :class:`ReadFailure` for a record it cannot read: it must not raise on bad
    data, and must not stop at the first bad record.
    """

    format: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: InputOptions) -> None:
        self.options = options

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        raise NotImplementedError
