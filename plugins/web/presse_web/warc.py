"""The ``warc`` reader: one document per HTML response record of a web archive.

fastwarc parses the archive, gzipped or not (see docs/stages/web.md for the choice).
Records that hold no page are passed over and counted by
reason in the run report: request, metadata and other non-response records, responses
that are not HTML, truncated responses.
"""

from __future__ import annotations

from collections.abc import Iterator

from presse import Document, NotADocument, Origin, Reader, ReadFailure, Source
from presse_web.page import decode, page_document

HTML_TYPES = ("text/html", "application/xhtml+xml")


class WarcReader(Reader):
    """HTML responses of a WARC file; the id is the WARC record id, and ``meta`` keeps the
    URL (``url``), the WARC date (``warc_date``) and record id (``warc_record_id``)."""

    format = "warc"
    suffixes = (".warc", ".warc.gz")
    prepare = "web_extract"

    def read(self, source: Source) -> Iterator[Document | ReadFailure | NotADocument]:
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        number = 0
        try:
            with source.open_binary() as handle:
                records = ArchiveIterator(handle, parse_http=True, auto_decode="all")
                for number, record in enumerate(records, start=1):
                    origin = Origin(source.name, number, record.stream_pos)
                    if record.record_type != WarcRecordType.response:
                        kind = record.headers.get("WARC-Type") or "unknown"
                        yield NotADocument(origin, f"WARC {kind} record")
                        continue
                    yield self.response(source, record, origin)
        except (OSError, ValueError) as exc:
            yield ReadFailure(
                Origin(source.name, number + 1),
                "truncated_input",
                f"{source.name} is truncated or corrupt after record {number}: {exc}",
            )

    def response(self, source: Source, record, origin: Origin) -> Document | NotADocument:
        headers = record.headers
        if headers.get("WARC-Truncated"):
            return NotADocument(origin, "WARC response truncated")
        content_type = (record.http_content_type or "").lower()
        if not record.is_http or not content_type.startswith(HTML_TYPES):
            return NotADocument(origin, "WARC response not HTML")
        url = headers.get("WARC-Target-URI")
        record_id = (record.record_id or "").removeprefix("<urn:uuid:").removesuffix(">")
        meta = {
            "source": source.name,
            "url": url,
            "warc_date": headers.get("WARC-Date"),
            "warc_record_id": record.record_id,
        }
        data = record.reader.read()
        return page_document(
            record_id or f"{source.name}:{origin.line}", decode(data), url, meta, origin
        )
