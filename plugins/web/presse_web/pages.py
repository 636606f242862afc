"""The ``html`` reader: one document per saved web page."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator

from presse import Document, Origin, Reader, ReadFailure, Source
from presse_web.page import decode, page_document

SUFFIXES = (".html.gz", ".htm.gz", ".html", ".htm")


def page_id(source: Source) -> str:
    """The file name without its suffixes: ``2024/alep.html.gz`` → ``alep``."""
    name = source.path.name if source.path is not None else "stdin"
    for suffix in SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


class HtmlReader(Reader):
    """A saved web page (gzipped or not) per file; the id is the file name without its
    suffix. The article body is extracted by the ``web_extract`` stage; a page with none
    goes to the filtered output with that reason."""

    format = "html"
    suffixes = SUFFIXES
    prepare = "web_extract"

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        origin = Origin(source.name)
        try:
            with source.open_binary() as handle:
                data = handle.read()
            if source.name.lower().endswith(".gz"):
                data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            yield ReadFailure(origin, "unreadable_input", f"cannot read {source.name}: {exc}")
            return
        if not data.strip():
            yield ReadFailure(origin, "missing_text", f"{source.name} is empty")
            return
        if b"\x00" in data[:4096]:
            yield ReadFailure(
                origin, "binary_input", f"{source.name} contains NUL bytes: not a web page"
            )
            return
        meta = {"source": source.name}
        yield page_document(page_id(source), decode(data), None, meta, origin)
