"""Common words between two passages, highlighted."""

from __future__ import annotations

import re
from html import escape

WORD = re.compile(r"\w+", re.UNICODE)

# Words too common to be worth highlighting (French and English function words).
_FUNCTION_WORDS = """
    les des une dans pour avec sur par que qui est sont ont été aux ses son sa leur leurs
    mais pas plus cette ces entre comme dont elle ils elles lors très tout tous aussi
    the and for with that this from are was were has have its their into not but
"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())


def words(text: str) -> set[str]:
    """The case-folded words of ``text`` worth comparing (3+ letters, no function words)."""
    found = {w.casefold() for w in WORD.findall(text)}
    return {w for w in found if len(w) >= 3 and w not in STOPWORDS}


def shared_words(left: str, right: str) -> set[str]:
    """Words that occur in both passages."""
    return words(left) & words(right)


def highlight(text: str, common: set[str]) -> str:
    """``text`` as escaped HTML with the ``common`` words wrapped in ``<mark>``."""
    out = []
    last = 0
    for match in WORD.finditer(text):
        if match.group().casefold() in common:
            out.append(escape(text[last : match.start()], quote=False))
            out.append(f"<mark>{escape(match.group(), quote=False)}</mark>")
            last = match.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)
