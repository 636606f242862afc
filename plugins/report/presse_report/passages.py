"""Shared passages: the links the dedup stage found, paired up and grouped by kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from presse_report.records import as_dict, as_float, as_list, as_str, span, text_of

KINDS = ("verbatim", "near", "paraphrase")
MAX_PASSAGE = 1200
MAX_CONTEXT = 300
SENTENCE_END = re.compile(r"[.!?…]\s|\n")


def sentence_around(text: str, start: int, end: int, sentences: Any = None) -> tuple[int, int]:
    """The span of the sentence(s) containing ``[start, end)``: from the record's
    ``sentences`` when given, else cut at sentence punctuation and line breaks."""
    spans = [s for s in (span(v, len(text)) for v in as_list(sentences)) if s]
    left = max((s for s, e in spans if s <= start), default=None)
    right = min((e for s, e in spans if e >= end), default=None)
    if left is None:
        cuts = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
        left = cuts[-1] if cuts else 0
    if right is None:
        match = SENTENCE_END.search(text, end)
        right = match.start() + 1 if match else len(text)
    return left, max(right, end)


@dataclass
class Side:
    """One side of a link: a span of a document, and its text once known."""

    doc_id: str
    start: int
    end: int
    text: str | None = None
    before: str = ""
    after: str = ""

    def read(self, record: dict[str, Any]) -> None:
        """Take this side's text, and the rest of its sentence(s), from its document."""
        text = text_of(record)
        if self.end > len(text):
            return
        self.text = text[self.start : self.end][:MAX_PASSAGE]
        left, right = sentence_around(text, self.start, self.end, record.get("sentences"))
        self.before = text[max(left, self.start - MAX_CONTEXT) : self.start]
        self.after = text[self.end : min(right, self.end + MAX_CONTEXT)]


@dataclass
class Link:
    """Two passages the dedup stage found to be shared, with its kind and similarity."""

    kind: str
    similarity: float | None
    left: Side
    right: Side

    def key(self) -> tuple:
        """The same link seen from either document has the same key."""
        sides = sorted([(s.doc_id, s.start, s.end) for s in (self.left, self.right)])
        return (self.kind, *sides)


def passage_links(record: dict[str, Any], doc_id: str) -> list[Link]:
    """The links of one document; its own side has its text, the other side only offsets
    (or its text too when the link stays inside the same document)."""
    text = text_of(record)
    links = []
    for item in as_list(as_dict(record.get("dedup")).get("passages")):
        item = as_dict(item)
        own = span(item, len(text))
        other_id = as_str(item.get("other_id"))
        other = span([item.get("other_start"), item.get("other_end")], 1 << 62)
        if own is None or other is None or not other_id:
            continue
        kind = as_str(item.get("kind")) or "unknown"
        left = Side(doc_id, *own)
        left.read(record)
        right = Side(other_id, *other)
        if other_id == doc_id:
            right.read(record)
        links.append(Link(kind, as_float(item.get("similarity")), left, right))
    return links


class PassageTable:
    """Links collected while streaming: deduplicated, then completed in a second pass."""

    def __init__(self) -> None:
        self.links: dict[tuple, Link] = {}

    def add(self, links: list[Link]) -> None:
        for link in links:
            self.links.setdefault(link.key(), link)

    def missing(self) -> dict[str, list[Side]]:
        """Sides whose text is still unknown, by document id."""
        wanted: dict[str, list[Side]] = {}
        for link in self.links.values():
            for side in (link.left, link.right):
                if side.text is None:
                    wanted.setdefault(side.doc_id, []).append(side)
        return wanted

    def fill(self, wanted: dict[str, list[Side]], doc_id: str, record: dict[str, Any]) -> None:
        """Give the sides of ``doc_id`` their text, from its record."""
        for side in wanted.get(doc_id, []):
            side.read(record)

    def grouped(self, order: dict[str, tuple[str, int]]) -> dict[str, dict[tuple, list[Link]]]:
        """Links by kind (verbatim, near, paraphrase, then others), then by document pair.

        ``order`` maps a document id to ``(date, index)``: the older document goes on the
        left. Within a pair, links follow the left document's text.
        """

        def rank(doc_id: str) -> tuple:
            date, index = order.get(doc_id, ("", 1 << 62))
            return (date or "9999", index, doc_id)

        groups: dict[str, dict[tuple, list[Link]]] = {}
        for link in self.links.values():
            left, right = link.left, link.right
            if rank(right.doc_id) < rank(left.doc_id):
                left, right = right, left
            oriented = Link(link.kind, link.similarity, left, right)
            pair = (left.doc_id, right.doc_id)
            groups.setdefault(link.kind, {}).setdefault(pair, []).append(oriented)
        ordered = {k: groups[k] for k in KINDS if k in groups}
        ordered |= {k: groups[k] for k in sorted(groups) if k not in ordered}
        for pairs in ordered.values():
            for pair_links in pairs.values():
                pair_links.sort(key=lambda link: (link.left.start, link.right.start))
        return {
            kind: dict(sorted(pairs.items(), key=lambda p: (rank(p[0][0]), rank(p[0][1]))))
            for kind, pairs in ordered.items()
        }
