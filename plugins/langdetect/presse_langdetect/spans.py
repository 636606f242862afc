"""Per-segment language: split into sentences, detect each, merge adjacent runs."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypedDict

from presse_langdetect.candidates import Candidate
from presse_langdetect.text import dominant_script

# A sentence ends at . ! ? … (optionally closed by quotes/brackets) before white space,
# and any line break ends a segment too.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'»”’)\]]*\s+|\s*\n\s*")


class Span(TypedDict):
    start: int
    end: int
    code: str
    confidence: float


def segments(text: str, sentences: Sequence[Sequence[int]] | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank sentence of ``text``.

    Uses the ``sentences`` an earlier stage published when given, else splits on
    sentence-final punctuation and line breaks.
    """
    if sentences:
        bounds = [(int(s), int(e)) for s, e in sentences]
    else:
        bounds, start = [], 0
        for match in _BOUNDARY.finditer(text):
            bounds.append((start, match.start()))
            start = match.end()
        bounds.append((start, len(text)))
    out = []
    for start, end in bounds:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out


def detect_spans(
    text: str,
    detect: Callable[[str], Candidate | None],
    *,
    sentences: Sequence[Sequence[int]] | None = None,
    min_chars: int = 15,
) -> list[Span]:
    """Language runs of ``text``: ``[{start, end, code, confidence}, ...]`` covering its sentences.

    A sentence shorter than ``min_chars`` (a dateline, "Merci.", a name) is too short to
    switch language on its own: it joins the run before it (or after it, at the start),
    unless it is written in another script than the text around it (a Hebrew or Korean
    quotation in a Polish text). ``detect`` returns the best candidate for a piece of
    text, or ``None`` (no letters).
    """
    labelled: list[tuple[int, int, Candidate | None]] = []
    main_script = None
    for start, end in segments(text, sentences):
        piece = text[start:end]
        if len(piece) < min_chars:
            main_script = main_script or dominant_script(text, sample=len(text))
            if dominant_script(piece) == main_script:
                labelled.append((start, end, None))
                continue
        labelled.append((start, end, detect(piece)))
    known = [best for _, _, best in labelled if best is not None]
    if not known:
        return []
    spans: list[Span] = []
    weights: list[float] = []
    previous = known[0]
    for start, end, best in labelled:
        best = best or previous
        previous = best
        size = end - start
        if spans and spans[-1]["code"] == best.code:
            spans[-1]["end"] = end
            spans[-1]["confidence"] += best.confidence * size
            weights[-1] += size
        else:
            spans.append(
                Span(start=start, end=end, code=best.code, confidence=best.confidence * size)
            )
            weights.append(size)
    for span, weight in zip(spans, weights, strict=True):
        span["confidence"] = round(span["confidence"] / weight, 4)
    return spans
