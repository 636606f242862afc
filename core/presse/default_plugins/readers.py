"""Built-in readers: plain-text articles and JSON Lines (optionally gzipped)."""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any

import orjson

from presse.document import Document, Origin
from presse.hookspecs import hookimpl
from presse.reading import Reader, ReadFailure, Source

MAX_DEPTH = 250
"""Deepest JSON nesting a line may have: orjson writes at most 254 levels, and a record is
written up to two levels deeper than it was read (``record.meta`` in an error record)."""

_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s+(.*?)\s*$")


def make_document(id: str, text: str, meta: dict[str, Any], origin: Origin) -> Document:
    doc = Document.of(id, text, meta)
    doc.origin = origin
    doc.original = {"id": id, "text": text, "meta": dict(meta)}
    return doc


class TextReader(Reader):
    """One document per file; the id is the file name without its suffix.

    A first line ``date YYYY-MM[-DD] Title`` (as in the bundled seed articles) becomes
    ``meta.date`` and ``meta.title`` and is left out of ``text``. A UTF-8 byte-order mark is
    dropped and CRLF line ends become LF; bytes that are not UTF-8 make the file an error.
    """

    format = "txt"
    suffixes = (".txt",)

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        origin = Origin(source.name, 1, 0)
        try:
            with source.open_binary() as handle:
                data = handle.read()
        except OSError as exc:
            yield ReadFailure(origin, "unreadable_input", f"cannot read {source.name}: {exc}")
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield ReadFailure(
                origin,
                "invalid_utf8",
                f"{source.name} is not UTF-8 text ({exc.reason} at byte {exc.start})",
                data,
            )
            return
        if "\x00" in text:
            yield ReadFailure(
                origin,
                "binary_input",
                f"{source.name} contains NUL bytes: a binary file, not text",
                data,
            )
            return
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        meta: dict[str, Any] = {"source": source.name}
        first, _, rest = text.partition("\n")
        header = _HEADER.match(first)
        if header:
            meta["date"], meta["title"] = header.group(1), header.group(2)
            text = rest.lstrip("\n")
        yield make_document(source.stem, text, meta, origin)


class JsonlReader(Reader):
    """One JSON object per line. ``input.id_field`` / ``input.text_field`` name the id and
    text; every other field goes to ``meta`` (an object under ``meta`` is merged in). A
    missing id becomes ``<file stem>:<line>``. Bad lines become error records and reading
    goes on with the next line."""

    format = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".json")

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        try:
            handle = self.open(source)
        except OSError as exc:
            yield ReadFailure(
                Origin(source.name), "unreadable_input", f"cannot read {source.name}: {exc}"
            )
            return
        with handle:
            yield from self.lines(source, handle)

    def open(self, source: Source) -> IO[bytes]:
        return source.open_binary()

    def lines(self, source: Source, handle: IO[bytes]) -> Iterator[Document | ReadFailure]:
        offset, number, name = source.start, source.first_line - 1, source.name
        try:
            for number, raw in enumerate(handle, start=source.first_line):
                origin = Origin(name, number, offset)
                offset += len(raw)
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                if not raw or raw.isspace():  # a blank line (or a lone byte-order mark)
                    continue
                yield self.record(source, origin, raw)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            yield ReadFailure(
                Origin(source.name, number + 1, offset),
                "truncated_input",
                f"{source.name} is truncated or corrupt after line {number}: {exc}",
            )
        except OSError as exc:
            yield ReadFailure(
                Origin(source.name, number + 1, offset),
                "unreadable_input",
                f"reading {source.name} failed after line {number}: {exc}",
            )

    def record(self, source: Source, origin: Origin, raw: bytes) -> Document | ReadFailure:
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return ReadFailure(origin, "invalid_utf8", "line is not valid UTF-8", raw)
            return ReadFailure(origin, "invalid_json", f"not valid JSON: {exc}", raw)
        if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and depth(obj) > MAX_DEPTH:
            return ReadFailure(
                origin,
                "too_deeply_nested",
                f"JSON nested more than {MAX_DEPTH} levels deep (presse could not write it back)",
                raw,
            )
        if not isinstance(obj, dict):
            return ReadFailure(
                origin, "not_an_object", f"expected a JSON object, got {type(obj).__name__}", raw
            )
        options = self.options
        text = obj.pop(options.text_field, None)
        if not isinstance(text, str):
            problem = "missing" if text is None else f"a {type(text).__name__}, not a string"
            return ReadFailure(
                origin, "missing_text", f"field {options.text_field!r} is {problem}", raw
            )
        doc_id = obj.pop(options.id_field, None)
        if doc_id is None:
            doc_id = f"{source.stem}:{origin.line}"
        elif type(doc_id) not in (str, int):  # exact JSON types: true and false are no ids
            return ReadFailure(
                origin, "invalid_id", f"field {options.id_field!r} must be a string or integer", raw
            )
        meta = obj.pop("meta", None)
        if meta is None:
            meta = {}
        elif not isinstance(meta, dict):
            return ReadFailure(origin, "invalid_meta", "field 'meta' must be an object", raw)
        meta.update(obj)
        return make_document(str(doc_id), text, meta, origin)


def depth(value: Any) -> int:
    """Nesting depth of parsed JSON (a scalar is 0, ``[]`` is 1), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


class GzipJsonlReader(JsonlReader):
    """JSON Lines compressed with gzip; a truncated archive keeps the lines before the cut."""

    format = "jsonl.gz"
    suffixes = (".jsonl.gz", ".ndjson.gz")

    def open(self, source: Source) -> IO[bytes]:
        if source.path is None:
            return gzip.GzipFile(fileobj=source.open_binary(), mode="rb")
        return gzip.open(source.path, "rb")


@hookimpl
def register_readers(register):
    register(TextReader)
    register(JsonlReader)
    register(GzipJsonlReader)
