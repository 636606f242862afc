"""Sentence boundaries that respect line breaks, and the published ``sentences`` spans."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

FACTORY = "presse_newline_sentences"


def register() -> None:
    """Register the spaCy component (idempotent; spaCy is imported only here)."""
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.component(FACTORY)(mark_line_starts)


def mark_line_starts(doc: Any) -> Any:
    """Make the first token after a line break start a sentence.

    The parser (or senter) respects boundaries set before it runs, so a heading line such
    as "Riposte iranienne" stays a sentence of its own.
    """
    after_break = False
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
        if "\n" in token.text or "\n" in token.whitespace_:
            after_break = True
    return doc


def sentence_spans(doc: Any, text: str | None = None) -> list[list[int]]:
    """``[[start, end], ...]`` character offsets of the sentences, whitespace trimmed.

    A "sentence" of punctuation only (an opening « the parser cut off) joins the next one
    on the same line.
    """
    from spacy.attrs import IDX, SENT_START

    if text is None:
        text = doc.text
    if not len(doc):
        return []
    array = doc.to_array([SENT_START, IDX])  # one pass in C instead of a Span per sentence
    bounds = array[array[:, 0] == 1, 1].tolist()
    if not bounds or bounds[0] != 0:
        bounds.insert(0, 0)
    bounds.append(len(text))
    spans: list[list[int]] = []
    pending: int | None = None
    for raw_start, raw_end in pairwise(bounds):
        chunk = text[raw_start:raw_end]
        start = raw_start + (len(chunk) - len(chunk.lstrip()))
        end = raw_start + len(chunk.rstrip())
        if end <= start:
            continue
        if pending is not None and "\n" not in text[pending:start]:
            start = pending
        pending = None
        if not any(c.isalnum() for c in text[start:end]):
            pending = start
            continue
        spans.append([start, end])
    if pending is not None:
        spans.append([pending, len(text.rstrip())])
    return spans
