"""Names in capitals: "BERNE, 5 mai", "LONDRES (Reuter)". The model, trained on mixed-case
text, misses or mislabels words written all in capitals. Each sentence holding such words is
tagged again with those words capitalised only ("Berne") and the result merged back.
"""

from __future__ import annotations

import re
from typing import Any

from presse_ner.mentions import Mention

_CAPS_WORD = re.compile(r"[^\W\d_]{3,}")
_CAPS_RUN = re.compile(r"(?<![^\W\d_])[A-ZÀ-ÖØ-ÞŒŸ]{4,}(?![^\W\d_])")
"""Four capitals or more between non-letters: what may need tagging again."""
_ANY_CAPS = re.compile(r"[A-ZÀ-ÖØ-ÞŒŸ]{4}")


def recase(text: str) -> str:
    """Capitals-only words of 3+ letters become capitalised ("BERNE" → "Berne"), same length."""

    def title(match: re.Match[str]) -> str:
        word = match.group()
        if not word.isupper():
            return word
        cased = word[0] + word[1:].lower()
        return cased if len(cased) == len(word) else word

    return _CAPS_WORD.sub(title, text)


class Recaser:
    """Adds the names found in re-cased sentences; fixes labels of capitals-only names."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def __call__(self, mentions: list[Mention], spacy_doc: Any, text: str) -> list[Mention]:
        if _ANY_CAPS.search(text) is None:
            return mentions
        words = [w for w in _CAPS_RUN.finditer(text) if _open(w.start(), w.end(), mentions, text)]
        if not words:
            return mentions
        sents = _sentences_with(spacy_doc, [w.start() for w in words])
        if not sents:
            return mentions
        ner = self.nlp.get_pipe("ner")
        found, checks = [], []
        for sent, doc in zip(
            sents, ner.pipe(self.nlp.make_doc(recase(s.text)) for s in sents), strict=True
        ):
            base = sent.start_char
            for ent in doc.ents:
                original = sent.text[ent.start_char : ent.end_char]
                if any(w.isupper() for w in _CAPS_WORD.findall(original)):
                    found.append(Mention(base + ent.start_char, base + ent.end_char, ent.label_))
                    lowered = (
                        doc.text[: ent.start_char] + ent.text.lower() + doc.text[ent.end_char :]
                    )
                    checks.append((ent.start_char, lowered))
        # a common word ("FARINE", "SUCRE") is no name once lower-cased; a name stays one
        retagged = ner.pipe(self.nlp.make_doc(lowered) for _, lowered in checks)
        found = [
            m
            for m, (offset, _), doc in zip(found, checks, retagged, strict=True)
            if any(e.start_char <= offset < e.end_char for e in doc.ents)
        ]
        return merge(mentions, found, text)


def _open(start: int, end: int, mentions: list[Mention], text: str) -> bool:
    """Can tagging again change anything here? Not inside a mixed-case or short mention."""
    for m in mentions:
        if m.start < end and start < m.end:
            surface = m.text(text)
            return surface.isupper() and len(surface) >= 5
    return end - start >= 4  # 3-letter acronyms ("AFP", "HTS") are read well as they are


def _sentences_with(spacy_doc: Any, starts: list[int]) -> list[Any]:
    sents, seen = [], set()
    for start in starts:
        token = spacy_doc.char_span(start, start + 1, alignment_mode="expand")
        if token is not None and token.sent.start not in seen:
            seen.add(token.sent.start)
            sents.append(token.sent)
    return sents


def merge(mentions: list[Mention], found: list[Mention], text: str) -> list[Mention]:
    """Add found names nothing overlaps; relabel an identical capitals-only span; split a
    capitals-only span of several words into the names found inside it ("LONDRES ET
    BERLIN SE CONCERTENT" → "LONDRES", "BERLIN")."""
    out = []
    for mention in mentions:
        surface = mention.text(text)
        inside = [f for f in found if mention.start <= f.start and f.end <= mention.end]
        if (
            " " in surface
            and surface.isupper()
            and inside
            and not any((f.start, f.end) == (mention.start, mention.end) for f in inside)
        ):
            continue  # the names inside it come back from ``found`` below
        out.append(mention)
    for extra in found:
        same = [i for i, m in enumerate(out) if (m.start, m.end) == (extra.start, extra.end)]
        if same:
            i = same[0]
            surface = out[i].text(text)
            if surface.isupper() and len(surface) >= 5 and out[i].label != extra.label:
                out[i] = out[i].with_(label=extra.label)
        elif len(extra.text(text)) >= 5 and not any(m.overlaps(extra) for m in out):
            out.append(extra)
    return sorted(out, key=lambda m: (m.start, m.end))
