"""Writing a WARC file of HTML responses: for tests, the benchmark and tools that pack saved
pages into an archive (each record a gzip member of its own, as crawlers write them)."""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Iterable
from pathlib import Path


def warc_record(kind: str, url: str, block: bytes, date: str, extra: str = "") -> bytes:
    """One WARC/1.0 record of type ``kind`` whose content block is ``block``."""
    content_type = {
        "response": "application/http; msgtype=response",
        "request": "application/http; msgtype=request",
    }.get(kind, "application/warc-fields")
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\n"
        f"{extra}Content-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    """An HTTP/1.1 200 response carrying ``body``."""
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
    return head.encode() + f"Content-Length: {len(body)}\r\n\r\n".encode() + body


def write_warc(
    path: Path, pages: Iterable[tuple[str, bytes]], date: str = "2024-11-30T10:00:00Z"
) -> Path:
    """A ``.warc.gz`` (or ``.warc``) with a request and an HTML response per ``(url, html)``."""
    compress = path.name.endswith(".gz")
    with path.open("wb") as out:
        for url, html in pages:
            request = f"GET / HTTP/1.1\r\nHost: {url.split('/')[2]}\r\n\r\n".encode()
            for record in (
                warc_record("request", url, request, date),
                warc_record("response", url, http_response(html), date),
            ):
                out.write(gzip.compress(record) if compress else record)
    return path
