"""Passages: the sentences of a document worth comparing, with their offsets.

Sentences come from the NER stage (``doc["sentences"]``, ``[[start, end], ...]``) when an
earlier stage published them, otherwise from a small newline-aware splitter. Headings,
bylines and boilerplate ("Avec AFP", "Commentaires", "Lire aussi") are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A sentence ends at . ! ? … (possibly followed by a closing quote or bracket) before a
# space and an upper-case letter, a digit or an opening quote; a newline always ends one.
_BOUNDARY = re.compile(r"""(?<=[.!?…])["»”)\]]?\s+(?=[«"“(\[A-ZÀ-Ý0-9])|\n+""")
_ABBREV = re.compile(
    r"(?:\b(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|St|Ste|av|J\.-C|etc|cf|p|n°|No|Mr|Mrs|"
    r"Ms|Jr|Sr|Gen|Gov|Lt|Col|Sgt|Inc|Corp|Co|Ltd|U\.S|vs)\.|\b[A-Z]\.)$"
)
_BOILERPLATE = re.compile(
    r"^\s*(?:avec (?:afp|ap|reuters|agences?)|\(?(?:afp|reuters|ap)\)?|commentaires?\s*\d*|"
    r"lire (?:aussi|également)\b.*|à lire aussi\b.*|voir aussi\b.*|"
    r"par [\w'’ .-]{2,60}|publié le\b.*|mis à jour le\b.*|partager\b.*|"
    r"(?:crédit|photo|©)\b.*|abonnez-vous\b.*|newsletter\b.*)\s*$",
    re.IGNORECASE,
)
_FINAL = re.compile(r"""[.!?…:;"»”)]\s*$""")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans (newline-aware, abbreviation-aware, stripped)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        if "\n" not in match.group() and _ABBREV.search(text, max(0, end - 8), end):
            continue  # "M. Shamkhani": not a boundary
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_boilerplate(text: str) -> bool:
    """Agency credits, comment counters, "Lire aussi" teasers, bylines, photo credits."""
    return bool(_BOILERPLATE.match(text))


def is_heading(text: str, start: int, end: int, n_words: int) -> bool:
    """A short line on its own without final punctuation ("Riposte iranienne")."""
    own_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
    return own_line and n_words <= 12 and not _FINAL.search(text[start:end])


def sentence_spans(text: str, published: Sequence[Sequence[int]] | None) -> list[tuple[int, int]]:
    """The NER stage's sentences when given (re-split at newlines), else our splitter's."""
    if not published:
        return split_sentences(text)
    spans = []
    for start, end in published:
        for a, b in _split_lines(text, int(start), int(end)):
            spans.append((a, b))
    return spans


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, cursor = [], start
    while True:
        newline = text.find("\n", cursor, end)
        stop = end if newline < 0 else newline
        a, b = _strip(text, cursor, stop)
        if b > a:
            out.append((a, b))
        if newline < 0:
            return out
        cursor = newline + 1
