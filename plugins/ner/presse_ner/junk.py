"""Drop mentions that are not names: single letters, stop-listed words, headings, boilerplate."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from presse_ner.mentions import Mention
from presse_ner.normalize import fold

STOPWORDS = ("Etat", "Etats", "Gouvernement", "Président", "Présidente", "Monsieur", "Madame",
             "Premier ministre", "Ministre", "Dieu merci", "Mais", "Et", "Or", "Donc", "Ainsi",
             "Alors", "Selon", "Bref", "Enfin", "Ensuite", "Aujourd'hui", "Oui", "Non", "Merci",
             "Bonjour", "Page", "Photo", "Vidéo", "Lire aussi", "Publicité", "M", "MM", "Mme",
             "Messieurs", "Mesdames", "Sire", "Majesté", "Mgr")
"""Strings never kept as entities (compared accent- and case-folded)."""

BOILERPLATE = (r"commentaires?( \(\d+\))?", r"r[ée]agir", r"partager", r"publicit[ée]",
               r"lire (aussi|[ée]galement)\b.*", r"avec (l'|l’)?(afp|ap|reuters|belga|ats|ansa)",
               r"\(?(afp|ap|reuters|belga|ats)\)?", r"(photo|source|cr[ée]dit)s? ?:.*", r"©.*")
"""Regular expressions for whole lines that are page furniture; their entities are dropped."""

_SENTENCE_END = tuple(".!?:;…»\"”)")


class JunkFilter:
    """Removes mentions a careful reader would not call a name.

    With ``nlp`` (the spaCy pipeline) a one-word mention whose capital may come from its
    position only (opening a sentence or a heading line, as "Riposte" in the heading
    "Riposte iranienne") is checked again: it is dropped when the model no longer finds a
    name there once that letter is lower-cased.
    """

    def __init__(self, stopwords: Iterable[str] = STOPWORDS,
                 boilerplate: Iterable[str] = BOILERPLATE, nlp: Any = None,
                 recheck: str = "sentence") -> None:
        self.stopwords = frozenset(fold(word) for word in stopwords)
        patterns = list(boilerplate)
        self.boilerplate = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) \
            if patterns else None
        self.nlp = nlp
        self.recheck = recheck

    def __call__(self, mentions: list[Mention], text: str,
                 spacy_doc: Any = None) -> list[Mention]:
        kept = [m for m in mentions if not self.is_junk(m, text)]
        if self.nlp is None or spacy_doc is None:
            return kept
        doubtful = [m for m in kept if self._doubtful(m, text, spacy_doc)]
        if not doubtful:
            return kept
        dropped = set(self._capital_only(doubtful, spacy_doc))
        return [m for m in kept if m not in dropped]

    def is_junk(self, mention: Mention, text: str) -> bool:
        """Junk by the text alone: boilerplate line, stop word, no capital, too short."""
        line_start, line_end = _line_bounds(text, mention.start, mention.end)
        line = text[line_start:line_end].strip()
        if self.boilerplate is not None and self.boilerplate.fullmatch(line):
            return True
        if mention.source == "pattern":
            return False
        surface = mention.text(text)
        if sum(c.isalpha() for c in surface) < 2 or fold(surface) in self.stopwords:
            return True
        if not any(c.isupper() for c in surface):  # "galais", "dère": OCR debris
            return True
        return (_is_heading(text, line) and not text[line_start:mention.start].strip()
                and _heading_phrase(mention, text, line))

    def _doubtful(self, mention: Mention, text: str, spacy_doc: Any) -> bool:
        if mention.source == "pattern" or " " in mention.text(text):
            return False
        word = mention.text(text)
        if not word[:1].isupper() or word.isupper():
            return False
        if self.recheck == "any":
            return True
        span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return span is not None and span[0].is_sent_start

    def _capital_only(self, doubtful: list[Mention], spacy_doc: Any) -> list[Mention]:
        """The mentions for which the model finds no name once their capital is removed."""
        contexts = []
        for mention in doubtful:
            span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
            sent = span.sent
            offset = mention.start - sent.start_char
            lowered = sent.text[:offset] + sent.text[offset].lower() + sent.text[offset + 1:]
            contexts.append((offset, lowered))
        ner = self.nlp.get_pipe("ner")
        retagged = ner.pipe(self.nlp.make_doc(lowered) for _, lowered in contexts)
        pairs = zip(doubtful, contexts, retagged, strict=True)
        return [mention for mention, (offset, _), doc in pairs
                if not any(ent.start_char <= offset < ent.end_char for ent in doc.ents)]


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def _is_heading(text: str, line: str) -> bool:
    """A short line of a multi-line text without final punctuation."""
    return "\n" in text.strip() and len(line.split()) <= 12 and not line.endswith(_SENTENCE_END)


def _heading_phrase(mention: Mention, text: str, line: str) -> bool:
    """The mention is a whole heading line that reads as a phrase ("Riposte iranienne")."""
    if mention.text(text).strip() != line:
        return False
    words = line.split()
    return len(words) > 1 and any(w.islower() and len(w) > 3 for w in words[1:])
