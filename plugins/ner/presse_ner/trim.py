"""Trim spans: surrounding punctuation and spaces, leading determiners and titles.

"la France" → "France"; "M. Lavrov" → "Lavrov" when titles are dropped, otherwise the
title stays in the span and only the name after it is compared and linked. Either way the
mention is marked as titled, which counts as evidence for PER.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presse_ner.mentions import Mention

DETERMINERS = (
    "le",
    "la",
    "les",
    "l'",
    "l’",
    "un",
    "une",
    "des",
    "du",
    "de",
    "d'",
    "d’",
    "au",
    "aux",
)
"""Lower-case determiners and prepositions dropped from the front of a span."""
NAME_PARTICLES = frozenset({"de", "du", "des", "d'", "d’", "le", "la"})
"""Determiners that can open a person's name ("de Gaulle"): kept in PER spans."""
TITLES = (
    "M.",
    "MM.",
    "Mme",
    "Mmes",
    "Mlle",
    "Mlles",
    "Me",
    "Mgr",
    "Dr",
    "Pr",
    "Sr",
    "Monsieur",
    "Madame",
    "Mademoiselle",
    "monsieur",
    "madame",
    "mademoiselle",
)
"""Person titles recognised at the front of a span (matched case-sensitively)."""

_LEADING = "\"'«»“”‘’„‹›()[]{}<>-–—‐,;:.!?*•·/|\\ \t\r\n\u00a0\u202f"
_TRAILING = "\"'«»“”‘’„‹›()[]{}<>-–—‐,;:!?*•·/|\\ \t\r\n\u00a0\u202f"
_WORD = re.compile(r"\S+")


class Trimmer:
    """Shrinks each span until it starts and ends on a name character."""

    def __init__(
        self,
        determiners: Iterable[str] = DETERMINERS,
        titles: Iterable[str] = TITLES,
        drop_titles: bool = False,
    ) -> None:
        self.determiners = frozenset(determiners)
        self.titles = frozenset(titles)
        self.drop_titles = drop_titles

    def __call__(self, mentions: list[Mention], text: str) -> list[Mention]:
        out = []
        for mention in mentions:
            trimmed = self.trim(mention, text)
            if trimmed is not None:
                out.append(trimmed)
        return out

    def trim(self, mention: Mention, text: str) -> Mention | None:
        """The trimmed mention, or ``None`` if nothing is left."""
        start, end = mention.start, mention.end
        while True:
            before = (start, end)
            start, end = _strip_chars(text, start, end)
            if start >= end:
                return None
            start = self._strip_determiner(text, start, end, mention.label)
            if (start, end) == before:
                break
        name_start = self._title_end(text, start, end)
        if name_start is not None:
            if self.drop_titles:
                return mention.with_(start=name_start, end=end, titled=True)
            return mention.with_(start=start, end=end, name_start=name_start, titled=True)
        if start == mention.start and end == mention.end:
            return mention
        return mention.with_(start=start, end=end)

    def _strip_determiner(self, text: str, start: int, end: int, label: str) -> int:
        match = _WORD.match(text, start, end)
        if match is None:
            return start
        word = match.group()
        person = label == "PER"
        elided = word[:2]
        if (
            len(word) > 2
            and elided[1] in "'’"
            and elided in self.determiners
            and not (person and elided in NAME_PARTICLES)
        ):  # "l'Iran", "d'Alep"
            return start + 2
        if (
            match.end() < end
            and word in self.determiners
            and not (person and word in NAME_PARTICLES)
        ):
            return match.end()
        return start

    def _title_end(self, text: str, start: int, end: int) -> int | None:
        """Where the name after a leading title starts, if the span opens with a title."""
        match = _WORD.match(text, start, end)
        if match is None or match.group() not in self.titles or match.end() == end:
            return None
        name_start = match.end()
        while name_start < end and text[name_start].isspace():
            name_start += 1
        return name_start if text[name_start].isupper() else None


def _strip_chars(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _LEADING:
        start += 1
    while end > start and (text[end - 1] in _TRAILING or _final_period(text, start, end)):
        end -= 1
    return start, end


def _final_period(text: str, start: int, end: int) -> bool:
    """A sentence full stop, not the dot of an abbreviation or initial ("J.-C.", "S.A.")."""
    if text[end - 1] != ".":
        return False
    word = text[start:end].split()[-1]
    return len(word) > 4 and word[-2].islower() and "." not in word[:-1]
