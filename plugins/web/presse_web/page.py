"""A web page waiting for extraction: the raw HTML a reader puts on a document, under the
``web_page`` key, for the ``web_extract`` stage (which removes it)."""

from __future__ import annotations

from typing import Any

from presse import Document, Origin

PAGE_KEY = "web_page"


def decode(data: bytes) -> str:
    """The text of an HTML page: UTF-8 when it is, else trafilatura's charset guess."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from trafilatura.utils import decode_file

        return decode_file(data)


def page_document(
    doc_id: str, html: str, url: str | None, meta: dict[str, Any], origin: Origin
) -> Document:
    """A document whose text is still to be extracted from ``html`` (its error records
    keep the id and meta, not the page: the source file holds it)."""
    doc = Document.of(doc_id, "", meta)
    doc.origin = origin
    doc.original = {"id": doc_id, "text": "", "meta": dict(meta)}
    doc[PAGE_KEY] = {"html": html, "url": url}
    return doc
