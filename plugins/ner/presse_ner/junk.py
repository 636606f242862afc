"""Drop mentions that are not names: single letters, stop-listed words, headings, boilerplate."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from presse_ner.mentions import Mention
from presse_ner.normalize import fold

STOPWORDS = (
    "Etat",
    "Etats",
    "Gouvernement",
    "Président",
    "Présidente",
    "Monsieur",
    "Madame",
    "Premier ministre",
    "Ministre",
    "Dieu merci",
    "Mais",
    "Et",
    "Or",
    "Donc",
    "Ainsi",
    "Alors",
    "Selon",
    "Bref",
    "Enfin",
    "Ensuite",
    "Aujourd'hui",
    "Oui",
    "Non",
    "Merci",
    "Bonjour",
    "Page",
    "Photo",
    "Vidéo",
    "Lire aussi",
    "Publicité",
    "M",
    "MM",
    "Mme",
    "Messieurs",
    "Mesdames",
    "Sire",
    "Majesté",
    "Mgr",
)
"""Strings never kept as entities (compared accent- and case-folded)."""

BOILERPLATE = (
    r"commentaires?( \(\d+\))?",
    r"r[ée]agir",
    r"partager",
    r"publicit[ée]",
    r"lire (aussi|[ée]galement)\b.*",
    r"avec (l'|l’)?(afp|ap|reuters|belga|ats|ansa)",
    r"\(?(afp|ap|reuters|belga|ats)\)?",
    r"(photo|source|cr[ée]dit)s? ?:.*",
    r"©.*",
)
"""Regular expressions for whole lines that are page furniture; their entities are dropped."""

_SENTENCE_END = tuple('.!?:;…»"”)')


class JunkFilter:
    """Removes mentions a careful reader would not call a name.

    With ``nlp`` (the spaCy pipeline) a one-word mention whose capital may come from its
    position only (opening a sentence or a heading line, as "Riposte" in the heading
    "Riposte iranienne") is checked again: it is dropped when the model no longer finds a
    name there once that letter is lower-cased. A word right after a person title ("M.
    Shamkhani", which the parser may cut after "M.") is a name, not checked.
    """

    def __init__(
        self,
        stopwords: Iterable[str] = STOPWORDS,
        boilerplate: Iterable[str] = BOILERPLATE,
        nlp: Any = None,
        recheck: str = "sentence",
        titles: Iterable[str] = (),
    ) -> None:
        self.stopwords = frozenset(fold(word) for word in stopwords)
        patterns = list(boilerplate)
        alternatives = "|".join(f"(?:{p})" for p in patterns)
        self.boilerplate = (
            re.compile(rf"^[ \t]*(?:{alternatives})[ \t]*$", re.IGNORECASE | re.MULTILINE)
            if patterns
            else None
        )
        self.nlp = nlp
        self.recheck = recheck
        # the model's verdict per (offset, lowered window): republished dispatches repeat
        # sentences word for word, and the verdict on a window never changes
        self.verdicts: dict[tuple[int, str], bool] = {}
        alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
        self.after_title = re.compile(rf"(?<!\w)(?:{alternatives})\s*$") if alternatives else None

    def __call__(self, mentions: list[Mention], text: str, spacy_doc: Any = None) -> list[Mention]:
        if spacy_doc is None or self.nlp is None:
            furniture = self._boilerplate_lines(text)
            return [m for m in mentions if not self.is_junk(m, text, furniture)]
        return self.batch([(mentions, spacy_doc, text)])[0]

    def batch(self, items: list[tuple[list[Mention], Any, str]]) -> list[list[Mention]]:
        """Filter (mentions, parsed doc, text) items; the model re-check runs once for all."""
        kept_all, doubts = [], []
        for n, (mentions, spacy_doc, text) in enumerate(items):
            furniture = self._boilerplate_lines(text)
            kept = [m for m in mentions if not self.is_junk(m, text, furniture)]
            kept_all.append(kept)
            if self.nlp is not None:
                doubts.extend((n, m) for m in self._doubtful(kept, spacy_doc, text))
        if not doubts:
            return kept_all
        drops = self._capital_only([(items[n][1], m) for n, m in doubts])
        dropped = {doubt for doubt, drop in zip(doubts, drops, strict=True) if drop}
        return [[m for m in kept if (n, m) not in dropped] for n, kept in enumerate(kept_all)]

    def _boilerplate_lines(self, text: str) -> list[tuple[int, int]]:
        if self.boilerplate is None:
            return []
        return [(m.start(), m.end()) for m in self.boilerplate.finditer(text)]

    def is_junk(
        self, mention: Mention, text: str, furniture: list[tuple[int, int]] | None = None
    ) -> bool:
        """Junk by the text alone: boilerplate line, stop word, no capital, too short."""
        if furniture is None:
            furniture = self._boilerplate_lines(text)
        if any(start <= mention.start < end for start, end in furniture):
            return True
        if mention.source == "pattern":
            return False
        surface = mention.text(text)
        if sum(c.isalpha() for c in surface) < 2 or fold(surface) in self.stopwords:
            return True
        if not any(c.isupper() for c in surface):  # "galais", "dère": OCR debris
            return True
        return _heading_phrase(mention, text)

    def _doubtful(self, kept: list[Mention], spacy_doc: Any, text: str) -> list[Mention]:
        """One-word mentions opening a sentence or line, not also seen elsewhere."""
        doubtful = []
        for mention in kept:
            word = mention.text(text)
            if (
                mention.source == "pattern"
                or " " in word
                or not word[:1].isupper()
                or word.isupper()
                or self._after_title(text, mention.start)
            ):
                continue
            if self.recheck != "any":
                span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None or not span[0].is_sent_start:
                    continue
            doubtful.append(mention)
        if not doubtful:
            return doubtful
        # a name also found mid-sentence is a name: no need to ask the model again
        confirmed = {m.text(text) for m in kept if m not in doubtful}
        return [m for m in doubtful if m.text(text) not in confirmed]

    def _after_title(self, text: str, start: int) -> bool:
        if self.after_title is None:
            return False
        return self.after_title.search(text, max(0, start - 16), start) is not None

    def _capital_only(self, doubtful: list[tuple[Any, Mention]]) -> list[bool]:
        """For each (doc, mention): does the model find no name once the capital is gone?"""
        contexts = []
        for spacy_doc, mention in doubtful:
            span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
            sent = span.sent  # the model looks a few tokens around: 10 are plenty
            window = spacy_doc[sent.start : min(sent.end, span.end + 10)]
            offset = mention.start - window.start_char
            lowered = window.text[:offset] + window.text[offset].lower() + window.text[offset + 1 :]
            contexts.append((offset, lowered))
        known = {c: self.verdicts[c] for c in contexts if c in self.verdicts}
        new = [c for c in dict.fromkeys(contexts) if c not in known]
        if new:
            ner = self.nlp.get_pipe("ner")
            retagged = ner.pipe(
                (self.nlp.make_doc(lowered) for _, lowered in new), batch_size=len(new)
            )
            for (offset, lowered), doc in zip(new, retagged, strict=True):
                found = any(ent.start_char <= offset < ent.end_char for ent in doc.ents)
                known[offset, lowered] = not found
            if len(self.verdicts) + len(new) > 50_000:
                self.verdicts.clear()
            self.verdicts.update((c, known[c]) for c in new)
        return [known[c] for c in contexts]


def _heading_phrase(mention: Mention, text: str) -> bool:
    """The mention is a whole heading line that reads as a phrase ("Riposte iranienne").

    A heading: a short line, without final punctuation, of a text of several lines.
    """
    before = text[mention.start - 1] if mention.start else "\n"
    if before != "\n" or text[mention.end : mention.end + 1] != "\n":
        return False
    line = mention.text(text)
    words = line.split()
    return (
        len(words) > 1
        and len(words) <= 12
        and not line.endswith(_SENTENCE_END)
        and any(w.islower() and len(w) > 3 for w in words[1:])
    )
