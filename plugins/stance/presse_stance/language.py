"""Per-language word lists the rules need besides the cues (reporting verbs, negators, ...)."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from presse_stance.lexicon import bundled_text

SUPPORTED = ("fr", "en")


@dataclass(frozen=True)
class Language:
    """Function words for one language; see ``data/language_<code>.yaml``."""

    code: str
    reporting_verbs: frozenset[str]
    source_markers: frozenset[str]
    negators: frozenset[str]
    hedges: frozenset[str]
    first_person: frozenset[str]
    third_person: frozenset[str]
    institutions: frozenset[str]
    group_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    qualify_verbs: frozenset[str]
    group_modifiers: frozenset[str]
    event_nouns: frozenset[str]
    container_nouns: frozenset[str]
    not_issues: frozenset[str]
    people_nouns: frozenset[str]
    cancel_verbs: frozenset[str]
    calling_verbs: frozenset[str]
    demonyms: dict[str, str]
    metonyms: dict[str, str]

    def demonym(self, word: str) -> str | None:
        """``"iraniennes"`` → ``"Iran"``: strips French feminine and plural endings."""
        word = word.lower()
        if word.endswith("aux"):
            word = word[:-3] + "al"
        for form in (
            word,
            word.rstrip("sx"),
            word.rstrip("s").removesuffix("ne").removesuffix("e"),
        ):
            if form in self.demonyms:
                return self.demonyms[form]
            if form.endswith("e") and form[:-1] in self.demonyms:
                return self.demonyms[form[:-1]]
        return None


def load_language(code: str) -> Language:
    data = yaml.safe_load(bundled_text(f"language_{code}.yaml"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key, ()))

    return Language(
        code=code,
        reporting_verbs=frozenset(
            str(w).lower().removeprefix("s'").removeprefix("se ")
            for w in data.get("reporting_verbs", ())
        ),
        source_markers=words("source_markers"),
        negators=words("negators"),
        hedges=words("hedges"),
        first_person=words("first_person"),
        third_person=words("third_person"),
        institutions=words("institutions"),
        group_nouns=words("group_nouns"),
        speech_nouns=words("speech_nouns"),
        qualify_verbs=words("qualify_verbs"),
        group_modifiers=words("group_modifiers"),
        event_nouns=words("event_nouns"),
        container_nouns=words("container_nouns"),
        not_issues=words("not_issues"),
        people_nouns=words("people_nouns"),
        cancel_verbs=words("cancel_verbs"),
        calling_verbs=words("calling_verbs"),
        demonyms={str(k).lower(): str(v) for k, v in (data.get("demonyms") or {}).items()},
        metonyms={str(k).lower(): str(v) for k, v in (data.get("metonyms") or {}).items()},
    )
