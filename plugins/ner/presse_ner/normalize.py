"""Normalised keys: the same name written with or without accents, case or hyphens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent- and case-folded form with one space between words.

    >>> fold("Sergueï  Lavrov")
    'serguei lavrov'
    >>> fold("Al-Qaïda") == fold("al Qaida")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip(" .")


def entity_id(canonical: str) -> str:
    """Stable id of a canonical name: identical across documents for the same name."""
    return fold(canonical).replace("'", " ").replace(" ", "-").replace("--", "-")
