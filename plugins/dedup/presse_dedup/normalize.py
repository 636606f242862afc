"""French-aware normalisation and tokenisation, with character offsets into the original text.

Tokens are runs of word characters, so apostrophes (’ or '), quotes (« » or " "), dashes and
spaces of any kind (non-breaking, narrow non-breaking) never reach a hash. Each token is
NFKC-normalised (ﬁ → fi), ligatures œ/æ are spelt out, case is folded and, optionally, accents
are removed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})

# "PARIS, 3 mars 2024 (AFP) - ", "Téhéran (Reuters) — ", "BEYROUTH, 12 déc (AFP) –"
_DATELINE = re.compile(
    r"^\s*(?:[A-ZÀ-Ý][\w'’ .-]{1,40}?(?:,\s*[\w .]{1,25}?)?\s*)?"
    r"\((?:AFP|AP|Reuters|Belga|ATS|Xinhua|ANSA|DPA|EFE|APS|MAP|Anadolu|Agences?)\)\s*[-–—:]\s*"
)


# Normalised form of each raw token seen, per ``fold_accents`` value: a dict of strings,
# which the garbage collector never scans (an ``lru_cache`` is scanned in full each time).
_SEEN: dict[bool, dict[str, str]] = {False: {}, True: {}}
_SEEN_SIZE = 200_000


def normalize_token(token: str, fold_accents: bool = False) -> str:
    """NFKC, ligatures, case folding and optional accent folding of one token."""
    seen = _SEEN[fold_accents]
    out = seen.get(token)
    return out if out is not None else _normalize(token, fold_accents)


def _normalize(raw: str, fold_accents: bool) -> str:
    token = unicodedata.normalize("NFKC", raw).translate(_LIGATURES).casefold()
    if fold_accents and not token.isascii():
        decomposed = unicodedata.normalize("NFD", token)
        token = "".join(c for c in decomposed if not unicodedata.combining(c))
    seen = _SEEN[fold_accents]
    if len(seen) >= _SEEN_SIZE:
        seen.clear()
    seen[raw] = token
    return token


def dateline_end(text: str) -> int:
    """Length of a leading agency dateline ("PARIS, 3 mars (AFP) - "), 0 when there is none."""
    match = _DATELINE.match(text[:120])
    return match.end() if match else 0


def tokens(
    text: str, fold_accents: bool = False, start: int = 0, end: int | None = None
) -> list[tuple[str, int, int]]:
    """Normalised word tokens of ``text[start:end]`` with their offsets in ``text``."""
    out = []
    for match in _WORD.finditer(text, start, len(text) if end is None else end):
        out.append((normalize_token(match.group(), fold_accents), match.start(), match.end()))
    return out


def words(text: str, fold_accents: bool = False) -> list[str]:
    """Normalised word tokens of ``text`` (no offsets: the fast path for whole documents).

    The whole text is normalised at once (C string methods, no per-word lookups), then cut
    into words; accents, when folded, are folded per word (cached).
    """
    if text.isascii():
        return _WORD.findall(text.lower())
    folded = unicodedata.normalize("NFKC", text).casefold()  # casefold: Œ → œ, ß → ss
    if "œ" in folded:
        folded = folded.replace("œ", "oe")
    if "æ" in folded:
        folded = folded.replace("æ", "ae")
    found = _WORD.findall(folded)
    if not fold_accents:
        return found
    seen = _SEEN[True]
    return [w if w.isascii() else seen.get(w) or _normalize(w, True) for w in found]


def stable_hash(value: str) -> int:
    """A 63-bit hash that is the same in every process (Python's ``hash`` is salted)."""
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1
