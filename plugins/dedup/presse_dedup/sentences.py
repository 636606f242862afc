"""Per-sentence features for the passage index: anchors, exact hash, stems and names.

An *anchor* is an unordered pair of consecutive content words (function words skipped), so
"L'Iran et la Russie" and "la Russie et l'Iran" share the anchor {iran, russie}. Its *gap
hash* covers the exact token run between the two words, so two anchors with the same gap
hash are verbatim. Runs of consecutive shared anchors are shared fragments.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

from presse_dedup.generic import GENERIC_WORDS, NATIONALITIES
from presse_dedup.normalize import normalize_token, stable_hash
from presse_dedup.segment import is_boilerplate, is_heading
from presse_dedup.stopwords import STOPWORDS

_WORD = re.compile(r"\w+")
_MASK = (1 << 63) - 1


def stem(token: str) -> str:
    """A crude French stem: no plural mark, at most six letters (alliés → allié)."""
    if len(token) > 3 and token[-1] in "sx":
        token = token[:-1]
    return token[:6]


# Per anchor, five unsigned 64-bit values: hash, position among the content-word pairs,
# start, end, gap hash
ANCHOR_FIELDS = 5


@dataclass(slots=True)
class SentenceFeatures:
    """One passage: its span, hashes and what the verifiers need."""

    start: int
    end: int
    n_words: int
    exact: int
    anchors: array  # ANCHOR_FIELDS values per anchor, flat (no Python object per anchor)
    plain: tuple[bool, ...]  # per content word: an ordinary word, not a name
    informative: tuple[bool, ...]  # per content word: ordinary, and not generic (generic.py)
    content_starts: tuple[int, ...]  # per content word: its start offset
    stems: tuple[int, ...] = ()  # per content word: hash of its stem
    names: tuple[int, ...] = ()  # sorted hashes of the names (entities, capitalised words)
    words: tuple[str, ...] = ()  # content words as written (for vectors)

    @property
    def n_anchors(self) -> int:
        return len(self.anchors) // ANCHOR_FIELDS


# Per raw token: (hash, stem hash, is a content word, is an ordinary word, is generic or a
# nationality), one table per ``fold_accents`` value. A plain dict of tuples of ints: unlike
# an ``lru_cache`` the garbage collector soon stops scanning it, which matters once it holds
# a large vocabulary.
_INFO: dict[bool, dict[str, tuple[int, int, bool, bool, bool]]] = {False: {}, True: {}}
_INFO_SIZE = 300_000


def _uninformative(fold_accents: bool) -> frozenset[str]:
    """Generic words and nationality adjectives, with their plurals, as normalised tokens."""
    words = GENERIC_WORDS | NATIONALITIES
    forms = words | {word + "s" for word in words if not word.endswith(("s", "x"))}
    return frozenset(normalize_token(word, fold_accents) for word in forms)


_UNINFORMATIVE = {fold: _uninformative(fold) for fold in (False, True)}


def _learn(raw: str, fold_accents: bool) -> tuple[int, int, bool, bool, bool]:
    tok = normalize_token(raw, fold_accents)
    content = tok not in STOPWORDS and (len(tok) > 1 or tok.isdigit())
    generic = tok in _UNINFORMATIVE[fold_accents]
    info = (stable_hash(tok), stable_hash(stem(tok)), content, len(tok) > 2, generic)
    table = _INFO[fold_accents]
    if len(table) >= _INFO_SIZE:
        table.clear()
    table[raw] = info
    return info


def sentence_features(
    text: str,
    start: int,
    end: int,
    fold_accents: bool,
    entity_spans: list[tuple[int, int, str]] | None = None,
    min_words: int = 6,
) -> SentenceFeatures | None:
    """Features of ``text[start:end]``, or ``None`` for headings, boilerplate, short lines.

    Hashes of tuples of integers are used for speed: unlike string hashes they do not
    change between processes. Sequences are tuples, so that the garbage collector stops
    tracking them (a batch holds tens of thousands of sentences).
    """
    matches = list(_WORD.finditer(text, start, end))
    if len(matches) < min_words or is_boilerplate(text[start:end]):
        return None
    if is_heading(text, start, end, len(matches)):
        return None
    table = _INFO[fold_accents]
    raws = [m.group() for m in matches]
    infos = [table.get(raw) or _learn(raw, fold_accents) for raw in raws]
    hashes = tuple([info[0] for info in infos])
    content = [i for i, info in enumerate(infos) if info[2]]
    starts = tuple([matches[i].start() for i in content])
    stems = tuple([infos[i][1] for i in content])
    plain: list[bool] = []
    informative: list[bool] = []
    names: set[int] = set()
    lookup = _EntityLookup(entity_spans) if entity_spans else None
    for i, offset in zip(content, starts, strict=True):
        entity = lookup.at(offset) if lookup is not None else None
        capital = i > 0 and text[offset].isupper()
        plain.append(entity is None and not capital and infos[i][3])
        informative.append(plain[-1] and not infos[i][4])
        if entity is not None:
            names.add(stable_hash(entity))
        elif capital:
            names.add(infos[i][1])
    anchors: list[int] = []
    seen: set[int] = set()
    for j in range(len(content) - 1):
        sa, sb = stems[j], stems[j + 1]
        h = hash((sa, sb) if sa < sb else (sb, sa)) & _MASK
        if h in seen:
            continue
        seen.add(h)
        a, b = content[j], content[j + 1]
        anchors += (h, j, starts[j], matches[b].end(), hash(hashes[a : b + 1]) & _MASK)
    return SentenceFeatures(
        start,
        end,
        len(matches),
        hash(hashes) & _MASK,
        array("Q", anchors),
        tuple(plain),
        tuple(informative),
        starts,
        stems,
        tuple(sorted(names)),
        tuple([raws[i] for i in content]),
    )


class _EntityLookup:
    """The entity key at an offset, for offsets visited in increasing order."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans, self.cursor = spans, 0

    def at(self, offset: int) -> str | None:
        spans, k = self.spans, self.cursor
        while k < len(spans) and spans[k][1] <= offset:
            k += 1
        self.cursor = k
        for start, end, key in spans[k:]:
            if start > offset:
                return None
            if start <= offset < end:
                return key
        return None


def entity_spans(
    entities: list[dict] | None, fold_accents: bool = False
) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` of the NER stage's entities, sorted; the key is the entity id
    when the NER stage linked one, else its normalised surface form."""
    spans = []
    for ent in entities or ():
        try:
            start, end = int(ent["start"]), int(ent["end"])
        except (KeyError, TypeError, ValueError):
            continue
        key = (
            ent.get("entity_id")
            or ent.get("id")
            or " ".join(normalize_token(w, fold_accents) for w in str(ent.get("text", "")).split())
        )
        spans.append((start, end, str(key)))
    spans.sort()
    return spans
