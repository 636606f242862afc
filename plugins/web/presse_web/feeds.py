"""The ``feed`` reader: one document per entry of an RSS or Atom feed."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from presse import Document, Origin, Reader, ReadFailure, Source

BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


def plain(html: str) -> str:
    """The text of an entry's HTML content: paragraphs apart, spaces collapsed."""
    if "<" not in html:
        return " ".join(html.split())
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return " ".join(html.split())
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def iso_date(parsed: Any) -> str | None:
    """A feed date (feedparser's UTC struct) as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed) if parsed else None


class FeedReader(Reader):
    """RSS or Atom entries; the text is the entry's full content when the feed has it, else
    its summary; ``meta`` keeps the link, date, title and feed title. The id is the entry's
    id, else its link. A file that is not a feed is an error naming it."""

    format = "feed"
    suffixes = (".rss", ".atom", ".xml")

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        import feedparser

        try:
            with source.open_binary() as handle:
                data = handle.read()
        except OSError as exc:
            yield ReadFailure(
                Origin(source.name), "unreadable_input", f"cannot read {source.name}: {exc}"
            )
            return
        feed = feedparser.parse(data)
        if not feed.entries:
            why = feed.get("bozo_exception") or "no entries"
            yield ReadFailure(
                Origin(source.name), "not_a_feed", f"{source.name} is not a feed ({why})", data
            )
            return
        title = feed.feed.get("title")
        for number, entry in enumerate(feed.entries, start=1):
            origin = Origin(source.name, number)
            content = entry.get("content")
            body = content[0].get("value", "") if content else entry.get("summary", "")
            text = plain(body)
            if not text:
                yield ReadFailure(origin, "missing_text", "feed entry without content or summary")
                continue
            meta = {
                "source": source.name,
                "url": entry.get("link"),
                "date": iso_date(entry.get("published_parsed") or entry.get("updated_parsed")),
                "title": entry.get("title"),
                "feed": title,
            }
            doc_id = entry.get("id") or entry.get("link") or f"{source.name}:{number}"
            doc = Document.of(str(doc_id), text, {k: v for k, v in meta.items() if v})
            doc.origin = origin
            doc.original = {"id": doc.id, "text": text, "meta": dict(doc.meta)}
            yield doc
