"""Per-sentence features for the passage index: anchors, exact hash, stems and names.

An *anchor* is an unordered pair of consecutive content words (function words skipped), so
"L'Iran et la Russie" and "la Russie et l'Iran" share the anchor {iran, russie}. Its *gap
hash* covers the exact token run between the two words, so two anchors with the same gap
hash are verbatim. Runs of consecutive shared anchors are shared fragments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from presse_dedup.normalize import normalize_token, stable_hash
from presse_dedup.segment import is_boilerplate, is_heading
from presse_dedup.stopwords import STOPWORDS

_WORD = re.compile(r"\w+")
_MASK = (1 << 63) - 1


@lru_cache(maxsize=200_000)
def token_hash(token: str) -> int:
    return stable_hash(token)


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """A crude French stem: no plural mark, at most six letters (alliés → allié)."""
    if len(token) > 3 and token[-1] in "sx":
        token = token[:-1]
    return token[:6]


# (hash, position among the content-word pairs, start, end, gap hash)
Anchor = tuple[int, int, int, int, int]


@dataclass
class SentenceFeatures:
    """One passage: its span, hashes and what the verifiers need."""

    start: int
    end: int
    n_words: int
    exact: int
    anchors: list[Anchor]
    plain: list[bool]  # per content word: an ordinary word, not a name
    content_starts: list[int]  # per content word: its start offset
    stems: list[int] = field(default_factory=list)  # per content word: hash of its stem
    names: frozenset[int] = field(default_factory=frozenset)
    words: list[str] = field(default_factory=list)  # content words as written (for vectors)


@lru_cache(maxsize=300_000)
def _token_info(raw: str, fold_accents: bool) -> tuple[str, int, int, bool, bool]:
    """(normalised form, hash, stem hash, is a content word, is an ordinary word)."""
    tok = normalize_token(raw, fold_accents)
    content = tok not in STOPWORDS and (len(tok) > 1 or tok.isdigit())
    return tok, token_hash(tok), token_hash(stem(tok)), content, len(tok) > 2


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
    change between processes.
    """
    matches = list(_WORD.finditer(text, start, end))
    if len(matches) < min_words or is_boilerplate(text[start:end]):
        return None
    if is_heading(text, start, end, len(matches)):
        return None
    infos = [_token_info(m.group(), fold_accents) for m in matches]
    hashes = [info[1] for info in infos]
    content = [i for i, info in enumerate(infos) if info[3]]
    starts = [matches[i].start() for i in content]
    stems = [infos[i][2] for i in content]
    plain: list[bool] = []
    names: set[int] = set()
    for i, offset in zip(content, starts, strict=True):
        entity = _entity_at(entity_spans, offset) if entity_spans else None
        capital = i > 0 and text[offset].isupper()
        plain.append(entity is None and not capital and infos[i][4])
        if entity is not None:
            names.add(stable_hash(entity))
        elif capital:
            names.add(infos[i][2])
    anchors: list[Anchor] = []
    seen: set[int] = set()
    for j in range(len(content) - 1):
        sa, sb = stems[j], stems[j + 1]
        h = hash((sa, sb) if sa < sb else (sb, sa)) & _MASK
        if h in seen:
            continue
        seen.add(h)
        a, b = content[j], content[j + 1]
        anchors.append((h, j, starts[j], matches[b].end(), hash(tuple(hashes[a : b + 1])) & _MASK))
    return SentenceFeatures(
        start,
        end,
        len(matches),
        hash(tuple(hashes)) & _MASK,
        anchors,
        plain,
        starts,
        stems,
        frozenset(names),
        [matches[i].group() for i in content],
    )


def _entity_at(spans: list[tuple[int, int, str]] | None, offset: int) -> str | None:
    if not spans:
        return None
    for start, end, key in spans:
        if start <= offset < end:
            return key
        if start > offset:
            break
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
