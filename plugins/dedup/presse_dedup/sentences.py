"""Per-sentence features for the passage index: anchors, exact hash, stems and names.

An *anchor* is an unordered pair of consecutive content words (function words skipped), so
"L'Iran et la Russie" and "la Russie et l'Iran" share the anchor {iran, russie}. Its *gap
hash* covers the exact token run between the two words, so two anchors with the same gap
hash are verbatim. Runs of consecutive shared anchors are shared fragments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from presse_dedup.normalize import normalize_token, stable_hash, tokens
from presse_dedup.segment import is_boilerplate, is_heading
from presse_dedup.stopwords import STOPWORDS

_MASK = (1 << 63) - 1
_MUL = 0x9E3779B97F4A7C15


@lru_cache(maxsize=200_000)
def token_hash(token: str) -> int:
    return stable_hash(token)


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """A crude French stem: no plural mark, at most six letters (alliés → allié)."""
    if len(token) > 3 and token[-1] in "sx":
        token = token[:-1]
    return token[:6]


def _combine(h: int, value: int) -> int:
    return ((h ^ value) * _MUL) & _MASK


@dataclass
class Anchor:
    hash: int
    pos: int
    start: int
    end: int
    gap: int


@dataclass
class SentenceFeatures:
    """One passage: its span, hashes and what the verifiers need."""

    start: int
    end: int
    n_words: int
    exact: int
    anchors: list[Anchor]
    plain: list[bool]            # per content word: an ordinary word, not a name
    content_starts: list[int]    # per content word: its start offset
    stems: list[int] = field(default_factory=list)   # per content word: hash of its stem
    names: frozenset[int] = field(default_factory=frozenset)
    words: list[str] = field(default_factory=list)   # content words as written (for vectors)


def sentence_features(text: str, start: int, end: int, fold_accents: bool,
                      entity_spans: list[tuple[int, int, str]] | None = None,
                      min_words: int = 6) -> SentenceFeatures | None:
    """Features of ``text[start:end]``, or ``None`` for headings, boilerplate, short lines."""
    toks = tokens(text, fold_accents, start, end)
    if len(toks) < min_words or is_boilerplate(text[start:end]):
        return None
    if is_heading(text, start, end, len(toks)):
        return None
    exact = 0
    for tok, _, _ in toks:
        exact = _combine(exact, token_hash(tok))
    content: list[int] = []
    plain: list[bool] = []
    names: set[int] = set()
    for i, (tok, s, _) in enumerate(toks):
        if tok in STOPWORDS or (len(tok) == 1 and not tok.isdigit()):
            continue
        entity = _entity_at(entity_spans, s)
        capital = text[s].isupper() and i > 0
        content.append(i)
        is_plain = entity is None and not capital and len(tok) > 2
        plain.append(is_plain)
        if entity is not None:
            names.add(stable_hash(entity))
        elif capital:
            names.add(token_hash(stem(tok)))
    anchors: list[Anchor] = []
    seen: set[int] = set()
    for j in range(len(content) - 1):
        a, b = content[j], content[j + 1]
        ha, hb = token_hash(stem(toks[a][0])), token_hash(stem(toks[b][0]))
        h = _combine(_combine(0, min(ha, hb)), max(ha, hb))
        if h in seen:
            continue
        seen.add(h)
        gap = 0
        for tok, _, _ in toks[a:b + 1]:
            gap = _combine(gap, token_hash(tok))
        anchors.append(Anchor(h, j, toks[a][1], toks[b][2], gap))
    stems = [token_hash(stem(toks[i][0])) for i in content]
    return SentenceFeatures(
        start, end, len(toks), exact, anchors, plain, [toks[i][1] for i in content],
        stems, frozenset(names), [text[toks[i][1]:toks[i][2]] for i in content])


def _entity_at(spans: list[tuple[int, int, str]] | None, offset: int) -> str | None:
    if not spans:
        return None
    for start, end, key in spans:
        if start <= offset < end:
            return key
        if start > offset:
            break
    return None


def entity_spans(entities: list[dict] | None,
                 fold_accents: bool = False) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` of the NER stage's entities, sorted; the key is the entity id
    when the NER stage linked one, else its normalised surface form."""
    spans = []
    for ent in entities or ():
        try:
            start, end = int(ent["start"]), int(ent["end"])
        except (KeyError, TypeError, ValueError):
            continue
        key = ent.get("entity_id") or ent.get("id") or " ".join(
            normalize_token(w, fold_accents) for w in str(ent.get("text", "")).split())
        spans.append((start, end, str(key)))
    spans.sort()
    return spans
