"""Alias linking and entity ids.

A short form is linked to the longest compatible form in the same document:

- a surname, or any tail of a person's name: "Shamkhani" → "Ali Shamkhani",
  "Assad" → "Bachar al-Assad" (name particles such as "al-", "de", "von" are ignored);
- an acronym made of the initials of a longer name: "HTS" → "Hayat Tahrir al-Sham",
  "ONU" → "Organisation des Nations unies";
- the form without a title is handled by trimming ("M. Lavrov" → "Lavrov").

The canonical name is the longest form's text (or a gazetteer pattern's ``id``), and
``entity_id`` is its folded key, so the same name gets the same id in every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from presse_ner.mentions import Mention
from presse_ner.normalize import entity_id, fold

PARTICLES = frozenset(
    {
        "al",
        "el",
        "ad",
        "as",
        "ash",
        "ben",
        "bin",
        "ibn",
        "abu",
        "abou",
        "de",
        "du",
        "des",
        "da",
        "di",
        "del",
        "della",
        "dos",
        "van",
        "von",
        "der",
        "den",
        "le",
        "la",
        "les",
        "l",
        "d",
        "y",
        "e",
        "et",
        "pour",
        "sur",
        "en",
        "the",
        "of",
        "and",
        "for",
        "a",
        "au",
        "aux",
    }
)
"""Name particles and function words ignored when comparing forms and making acronyms."""

_SPLIT = re.compile(r"[\s\-‐‑–—'’.]+")


@dataclass
class Form:
    """One distinct name in a document (folded), with its mentions."""

    key: str
    surface: str
    label: str
    words: tuple[str, ...]
    mentions: list[Mention] = field(default_factory=list)
    target: Form | None = None

    @property
    def canonical(self) -> str:
        """A gazetteer id given to any of its mentions, else its own text."""
        return next((m.canonical for m in self.mentions if m.canonical), self.surface)


def name_words(surface: str) -> tuple[str, ...]:
    """The significant words of a name, folded: "Bachar al-Assad" → ("bachar", "assad")."""
    return tuple(w for w in _SPLIT.split(fold(surface)) if w and w not in PARTICLES)


def initials(surface: str) -> str:
    """Upper-case initials of a name's significant words: "Hayat Tahrir al-Sham" → "HTS"."""
    words = [w for w in _SPLIT.split(surface) if w and fold(w) not in PARTICLES]
    return "".join(w[0] for w in words).upper() if len(words) > 1 else ""


def _is_acronym(surface: str) -> bool:
    letters = surface.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


def compatible(short: Form, long: Form) -> bool:
    """``short`` can be an alias of ``long``."""
    if not short.words or len(long.words) <= len(short.words):
        return False
    if _is_acronym(short.surface):
        return initials(long.surface) == short.surface.replace(".", "")
    return short.label == long.label == "PER" and long.words[-len(short.words) :] == short.words


def _nested(a: Form, b: Form) -> bool:
    """Two candidate long forms name the same thing (one extends the other)."""
    shorter, longer = sorted((a, b), key=lambda f: len(f.words))
    return shorter is longer or longer.words[-len(shorter.words) :] == shorter.words


def group_forms(mentions: list[Mention], text: str) -> dict[str, Form]:
    forms: dict[str, Form] = {}
    for mention in mentions:
        surface = mention.name(text)
        key = fold(surface)
        if key not in forms:
            forms[key] = Form(key, surface, mention.label, name_words(surface))
        forms[key].mentions.append(mention)
    return forms


def link(mentions: list[Mention], text: str, relabel: bool = True) -> list[tuple[Mention, str]]:
    """Each mention with its canonical name; aliases take their long form's label if ``relabel``."""
    forms = group_forms(mentions, text)
    by_length = sorted(forms.values(), key=lambda f: (-len(f.words), -len(f.surface)))
    for form in forms.values():
        if any(m.canonical for m in form.mentions):
            continue  # a gazetteer id already names it
        candidates = [other for other in by_length if compatible(form, other)]
        if candidates and all(_nested(candidates[0], c) for c in candidates[1:]):
            form.target = candidates[0]
    out = []
    for mention in mentions:
        form = root = forms[fold(mention.name(text))]
        while root.target is not None:
            root = root.target
        if relabel and root is not form and mention.source != "pattern":
            mention = mention.with_(label=root.label)
        out.append((mention, root.canonical))
    return out


def records(linked: list[tuple[Mention, str]], text: str) -> list[dict]:
    """The ``entities`` records, in text order."""
    return [
        {
            "start": m.start,
            "end": m.end,
            "text": m.text(text),
            "label": m.label,
            "entity_id": entity_id(canonical),
            "canonical": canonical,
            "source": m.source,
        }
        for m, canonical in sorted(linked, key=lambda pair: (pair[0].start, pair[0].end))
    ]
