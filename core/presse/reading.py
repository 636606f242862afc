"""Reading: from input arguments to documents.

- The reader interface: :class:`Source`, :class:`InputOptions`, :class:`Reader` (a plugin's
  readers subclass it), :class:`ReadFailure`.
- Source names: how records name their input file (``meta.source``, ``source`` of error
  records). Two clones of the same corpus, run the same way, must give the same records, so
  a file named by a relative path is recorded relative to the working directory, and every
  name is normalised (the rules of ``os.path``, documented in docs/output-format.md).
- :func:`plan_inputs`: input arguments (files, directories, globs, ``-``) to sources and
  their readers, in order.
- :func:`read_source`: every record of a source, as documents or error records;
  :func:`inputs_hash_of`: what ``--resume`` checks the inputs against.
"""

from __future__ import annotations

import glob
import hashlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar

from presse.document import Document, Origin
from presse.errors import ErrorRecord, PresseError

if TYPE_CHECKING:
    from presse.registry import Registry


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
    """One input: a file path, a remote file (``url``), or ``-`` for standard input."""

    path: Path | None  # None: stdin, or the remote file ``url``
    start: int = 0
    """First byte to read (a shard of a large file; readers of line formats honour it)."""
    end: int | None = None
    """Byte to stop at (exclusive, at a line start); None: the end of the file."""
    first_line: int = 1
    """Line number of the line at ``start``, so records keep their line in the whole file."""
    label: str | None = None
    """The name records give this input (see :func:`source_name`); default: the path."""
    url: str | None = None
    """A remote input, read through fsspec (``s3://``, ``gs://``, ``https://``, ``memory://``:
    see :func:`is_url`); ``path`` is None."""

    @property
    def name(self) -> str:
        if self.label is not None:
            return self.label
        if self.url is not None:
            return self.url
        return "-" if self.path is None else str(self.path)

    @property
    def stem(self) -> str:
        if self.path is None and self.url is None:
            return "stdin"
        name = self.path.name if self.path is not None else self.url.rstrip("/").rsplit("/", 1)[-1]
        for suffix in (".jsonl.gz", ".jsonl", ".txt", ".gz"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name.rsplit(".", 1)[0] if "." in name else name

    def open_binary(self) -> IO[bytes]:
        import errno
        import sys

        if self.url is not None:
            import fsspec

            return fsspec.open(self.url, "rb").open()
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


@dataclass
class NotADocument:
    """An input record that holds no document by design (a WARC request record, a metadata
    record): passed over, counted by reason in the run report, neither a document nor an
    error."""

    origin: Origin
    reason: str


class Reader:
    """Base class of input readers (register them with ``register_readers``).

    ``format`` is the name ``input.format`` selects; ``suffixes`` are the file endings the
    reader claims when the format is ``auto``. :meth:`read` yields a :class:`Document` per
    record, a :class:`ReadFailure` for a record it cannot read, or a :class:`NotADocument`
    for one that holds no document: it must not raise on bad data, and must not stop at the
    first bad record.

    ``prepare`` names a stage every document of this reader must go through first: work
    too heavy for the reading process (extracting the article from a web page), which then
    runs wherever the stages run (worker processes, Ray actors). A run reading with such a
    reader puts that stage at the head of its pipeline; the stage must pass documents from
    other readers through unchanged.
    """

    format: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    prepare: ClassVar[str | None] = None

    def __init__(self, options: InputOptions) -> None:
        self.options = options

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        raise NotImplementedError


# -- source names ---------------------------------------------------------------------------------
def given_as_absolute(spec: str) -> bool:
    """An input argument the user wrote as an absolute path (``~`` counts as absolute)."""
    return Path(spec).expanduser().is_absolute()


def source_name(path: Path, cwd: Path, absolute: bool) -> str:
    """The recorded name of ``path``: ``normpath(relpath(path, cwd))``, or ``normpath(path)``
    when its argument was absolute. Purely lexical: ``..`` stays when the file is outside
    ``cwd``, symbolic links are not resolved."""
    if not absolute:
        try:
            return os.path.normpath(os.path.relpath(path, cwd))
        except ValueError:  # another drive (Windows): no relative path exists
            pass
    return os.path.normpath(path)


def is_url(spec: str) -> bool:
    """An input or output named by a URL (``s3://bucket/key``, ``memory://x``): read and
    written through fsspec. Plain paths, ``~`` and ``-`` are not URLs."""
    return _URL.match(spec) is not None


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


# -- planning -------------------------------------------------------------------------------------
@dataclass
class InputPlan:
    """The sources to read, in order, and inputs that could not be used."""

    sources: list[tuple[Source, type[Reader]]]
    failures: list[ReadFailure]
    ignored: list[str]


@dataclass(frozen=True)
class Naming:
    """How the files of one input argument are named in records."""

    cwd: Path
    absolute: bool

    def __call__(self, path: Path) -> str:
        return source_name(path, self.cwd, self.absolute)


def reader_for(path: str, fmt: str, registry: Registry) -> type[Reader] | None:
    if fmt != "auto":
        return registry.readers[fmt].obj if fmt in registry.readers else None
    best, best_len = None, 0
    for entry in registry.readers.values():
        for suffix in entry.obj.suffixes:
            if path.lower().endswith(suffix) and len(suffix) > best_len:
                best, best_len = entry.obj, len(suffix)
    return best


def plan_inputs(
    specs: list[str], base_dir: Path, fmt: str, registry: Registry, cwd: Path | None = None
) -> InputPlan:
    """Expand ``specs`` (relative ones from ``base_dir``) in order; directories are walked
    recursively in sorted order. Files are named relative to ``cwd`` (default: the working
    directory), or absolute when their argument is."""
    if fmt != "auto" and fmt not in registry.readers:
        raise PresseError(registry.unknown("input format", fmt, registry.readers))
    cwd = Path.cwd() if cwd is None else cwd
    plan = InputPlan([], [], [])
    for spec in specs:
        if spec == "-":
            cls = reader_for("-", fmt, registry) or registry.readers["jsonl"].obj
            plan.sources.append((Source(None), cls))
            continue
        if is_url(spec):
            _add_url(plan, spec, fmt, registry)
            continue
        name = Naming(cwd, given_as_absolute(spec))
        path = Path(spec).expanduser()
        if not path.is_absolute():
            path = base_dir / path
        if glob.has_magic(str(path)):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            if not matches:
                plan.failures.append(_not_found(spec, "no file matches this pattern"))
            for match in matches:
                _add_path(plan, match, fmt, registry, name, from_pattern=True)
        elif path.exists():
            _add_path(plan, path, fmt, registry, name, from_pattern=False)
        else:
            plan.failures.append(_not_found(spec, "no such file or directory"))
    return plan


def _add_path(
    plan: InputPlan, path: Path, fmt: str, registry: Registry, name: Naming, from_pattern: bool
) -> None:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.name.startswith(".") or child.is_dir():
                continue
            if child.is_file():
                _add_path(plan, child, fmt, registry, name, from_pattern=True)
            else:  # a broken link, a socket, a fifo: say so rather than skip it silently
                plan.failures.append(
                    ReadFailure(
                        Origin(name(child)),
                        "unreadable_input",
                        f"{name(child)} is not a regular file (broken link or special file)",
                    )
                )
        return
    cls = reader_for(str(path), fmt, registry)
    if cls is not None:
        plan.sources.append((Source(path, label=name(path)), cls))
    elif from_pattern:
        plan.ignored.append(name(path))
    else:
        known = sorted({s for r in registry.readers.values() for s in r.obj.suffixes})
        plan.failures.append(
            ReadFailure(
                Origin(name(path)),
                "unknown_format",
                f"no reader for {path.name} (known suffixes: {', '.join(known)}; "
                "or set input.format)",
            )
        )


def _add_url(plan: InputPlan, spec: str, fmt: str, registry: Registry) -> None:
    """A remote file, folder (walked recursively, sorted) or pattern, through fsspec."""
    try:
        import fsspec

        fs, root = fsspec.core.url_to_fs(spec)
        if glob.has_magic(root):
            found, pattern = sorted(fs.glob(root)), True
        elif fs.isdir(root):
            found, pattern = sorted(fs.find(root)), True
        else:
            found, pattern = ([root] if fs.exists(root) else []), False
    except (ImportError, ValueError, OSError) as exc:  # no back-end for the scheme, no access
        plan.failures.append(_not_found(spec, f"cannot read it: {exc}"))
        return
    if not found:
        why = "no file matches this pattern" if glob.has_magic(root) else "no such file"
        plan.failures.append(_not_found(spec, why))
    for match in found:
        if match.rsplit("/", 1)[-1].startswith("."):
            continue
        url = fs.unstrip_protocol(match)
        cls = reader_for(url, fmt, registry)
        if cls is not None:
            plan.sources.append((Source(None, url=url), cls))
        elif pattern:
            plan.ignored.append(url)
        else:
            plan.failures.append(
                ReadFailure(
                    Origin(url), "unknown_format", f"no reader for {url} (set input.format)"
                )
            )


def _not_found(spec: str, why: str) -> ReadFailure:
    return ReadFailure(Origin(spec), "input_not_found", f"input {spec}: {why}")


# -- reading --------------------------------------------------------------------------------------
def read_source(
    source: Source, reader_cls: type[Reader], options: InputOptions
) -> Iterator[Document | ErrorRecord | NotADocument]:
    """Every record of ``source`` in order: documents, error records for unreadable ones
    and for documents longer than ``options.max_document_chars``, and the records that hold
    no document."""
    from presse.pipeline import error_for

    limit = options.max_document_chars
    for item in reader_cls(options).read(source):
        if isinstance(item, ReadFailure):
            yield read_error(item)
        elif isinstance(item, NotADocument):
            yield item
        elif len(item["text"]) > limit:
            error = error_for(
                item,
                "document_too_long",
                f"text has {len(item['text']):,} characters, more than "
                f"run.max_document_chars={limit:,}",
                stage="read",
            )
            error.record = {**item.original, "text": item["text"][:1000]}
            yield error
        else:
            yield item


def read_error(failure: ReadFailure) -> ErrorRecord:
    """The error record of a record a reader could not read."""
    origin = failure.origin
    return ErrorRecord(
        reason=failure.reason,
        message=failure.message,
        source=origin.source,
        line=origin.line,
        offset=origin.offset,
        stage="read",
        **ErrorRecord.raw_fields(failure.raw),
    )


def inputs_hash_of(plan: InputPlan) -> str:
    """Identify the inputs by name, size and modification time (cheap, catches edits)."""
    digest = hashlib.sha256()
    for source, reader in plan.sources:
        if source.url is not None:
            size, stamp = remote_stamp(source.url)
        else:
            stat = source.path.stat() if source.path is not None else None
            size, stamp = (stat.st_size, stat.st_mtime_ns) if stat else (None, None)
        digest.update(f"{source.name}|{reader.format}|{size}|{stamp}\n".encode())
    for failure in plan.failures:
        digest.update(f"missing|{failure.origin.source}\n".encode())
    return "sha256:" + digest.hexdigest()


def remote_stamp(url: str) -> tuple[Any, Any]:
    """Size and version of a remote file (modification time, ETag...), as fsspec knows."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(url)
    info = fs.info(path)
    stamp = next((info[k] for k in ("mtime", "LastModified", "ETag", "created") if k in info), None)
    return info.get("size"), stamp
