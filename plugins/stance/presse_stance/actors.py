"""Who can hold or receive a stance: entities, configured targets, principals, demonyms."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from presse_stance.language import Language

AUTHOR = "AUTHOR"


@dataclass(frozen=True)
class Actor:
    """A resolved holder or target: the words in the text and the entity they stand for."""

    text: str
    start: int | None
    end: int | None
    entity_id: str | None
    canonical: str | None = None
    resolved: bool = True
    """False for a bare noun phrase that no entity, target or word list accounts for."""
    principal: str | None = None
    """Who the actor speaks for, as the text says it: "le président américain Joe Biden"
    speaks for the United States (a configured `principals:` entry overrides it)."""
    kind: str = "entity"
    """``entity`` for an actor (a person, group, state...), ``issue`` for what a stance is
    about when it is no actor: a measure, a policy, a cause ("les sanctions")."""

    @classmethod
    def of(cls, mention: Any) -> Actor:
        """The actor a mention (anything with text, offsets, entity_id, canonical) stands for."""
        return cls(mention.text, mention.start, mention.end, mention.entity_id, mention.canonical)

    def lower_text(self) -> str:
        return self.text.lower()

    @property
    def key(self) -> str:
        return (self.entity_id or self.canonical or self.text).lower()

    def record(self, principal: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "entity_id": self.entity_id,
            "canonical": self.canonical,
            "span": None if self.start is None else [self.start, self.end],
            "kind": self.kind,
        }
        if principal or self.principal:
            out["principal"] = principal or self.principal
        return out


AUTHOR_ACTOR = Actor(AUTHOR, None, None, AUTHOR, AUTHOR)


@dataclass(frozen=True)
class Target:
    """A configured target: ``{id, name, aliases}``."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()

    @classmethod
    def parse(cls, value: Any, where: str) -> Target:
        if isinstance(value, str):
            return cls(value, value, (value,))
        if not isinstance(value, dict) or not (value.get("name") or value.get("id")):
            raise ValueError(
                f"{where}: a target is a name or a mapping {{id, name, aliases}}, got {value!r}"
            )
        name = str(value.get("name") or value["id"])
        aliases = value.get("aliases") or value.get("target_aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        return cls(str(value.get("id") or name), name, tuple(str(a) for a in [name, *aliases]))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, typographic apostrophes straightened (for alias comparison).

    Cached: the same names (aliases, entities, metonyms) are folded in every document.
    """
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SPACES.sub(" ", text).strip()


_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    entity_id: str | None
    canonical: str | None
    source: str


class ActorIndex:
    """The mentions of one document, with lookups by character offset and by name."""

    def __init__(
        self, text: str, entities: list[dict[str, Any]], targets: list[Target], language: Language
    ) -> None:
        self.text = text
        self.targets = targets
        self.language = language
        self._names: dict[str, Target] = {}
        for target in targets:
            for alias in target.aliases:
                self._names.setdefault(fold(alias), target)
        for target in targets:  # a principal may name a target by its id
            self._names.setdefault(fold(target.id), target)
        mentions = self._target_mentions(text, targets)
        taken = [(m.start, m.end) for m in mentions]
        for ent in entities or ():
            start, end = int(ent["start"]), int(ent["end"])
            if any(s < end and start < e for s, e in taken):
                continue
            mentions.append(self._entity_mention(ent, start, end))
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]

    @staticmethod
    def _target_mentions(text: str, targets: list[Target]) -> list[Mention]:
        """Whole-word, case-insensitive occurrences of the aliases, longest alias first."""
        found: list[Mention] = []
        lowered = _apostrophes(text).lower()
        same_length = len(lowered) == len(text)  # lower() keeps offsets (almost always)
        words = set(_WORD.findall(lowered))
        for alias, key, first_word, target in _longest_first(tuple(targets)):
            if (first_word and first_word not in words) or key not in lowered:
                continue
            spans = (
                _whole_word_spans(lowered, key)
                if same_length
                else (m.span() for m in _alias_pattern(alias).finditer(text))
            )
            for s, e in spans:
                if any(m.start < e and s < m.end for m in found):
                    continue
                found.append(Mention(s, e, text[s:e], target.id, target.name, "target"))
        return found

    def _entity_mention(self, ent: dict[str, Any], start: int, end: int) -> Mention:
        text = self.text[start:end]
        canonical = ent.get("canonical") or ent.get("text") or text
        entity_id = ent.get("entity_id") or canonical
        country = self.country_of_phrase(text)
        if country is not None:
            entity_id, canonical = country
        return Mention(start, end, text, str(entity_id), str(canonical), "entity")

    def country_of_phrase(self, phrase: str) -> tuple[str, str] | None:
        """ "ministère iranien des Affaires étrangères" → Iran; "Moscou" → Russie."""
        words = re.findall(r"[\w'’-]+", phrase)
        folded = fold(phrase).replace("-", " ").removeprefix("la ").removeprefix("le ")
        folded = folded.removeprefix("l'")
        lang = self.language
        country = _folded_metonyms(lang).get(folded)
        if country is not None:
            return self.named(country)
        if len(words) == 1 and words[0][:1].isupper() and (country := lang.demonym(words[0])):
            return self.named(country)  # "les Russes"
        if words and words[0].lower() in lang.institutions:
            for word in words[1:4]:
                country = lang.demonym(word)
                if country:
                    return self.named(country)
        return None

    def named(self, name: str) -> tuple[str, str]:
        """The configured target (id, name) that ``name`` is an alias of, else (name, name)."""
        target = self._names.get(fold(name))
        return (target.id, target.name) if target else (name, name)

    def at(self, start: int, end: int | None = None) -> Mention | None:
        """The mention covering offset ``start`` (or overlapping ``[start, end)``)."""
        end = start + 1 if end is None else end
        i = bisect_right(self._starts, end - 1) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.start < end and start < m.end:
                return m
            if m.end <= start and i < len(self.mentions) - 1:
                break
            i -= 1
        return None

    def before(self, offset: int, floor: int) -> Mention | None:
        """The last mention ending at or before ``offset`` and starting after ``floor``."""
        i = bisect_right(self._starts, offset) - 1
        while i >= 0:
            m = self.mentions[i]
            if m.start < floor:
                return None
            if m.end <= offset:
                return m
            i -= 1
        return None


def actor_of(mention: Mention) -> Actor:
    return Actor(mention.text, mention.start, mention.end, mention.entity_id, mention.canonical)


def with_principal(
    actor: Actor, principals: dict[str, tuple[str, str]]
) -> tuple[Actor, str | None]:
    """Map a spokesperson to the state or body they speak for (``principals:`` in the config)."""
    if not principals or actor.entity_id == AUTHOR:
        return actor, None
    names = {fold(actor.text), fold(actor.canonical or ""), fold(actor.entity_id or "")}
    surname = fold(actor.text).split()[-1] if actor.text.strip() else ""
    for key, (pid, pname) in principals.items():
        if any(
            n and (_has_words(n, key) or (len(n) >= 4 and _has_words(key, n))) for n in names
        ) or (
            len(surname) >= 4 and key.split()[-1] == surname
        ):  # "M. Shamkhani" for "Ali Shamkhani"
            return replace(actor, entity_id=pid, canonical=pname), pname
    return actor, None


def _has_words(big: str, small: str) -> bool:
    return small in big and _whole_words(small).search(big) is not None


@lru_cache(maxsize=64)
def _longest_first(targets: tuple[Target, ...]) -> list[tuple[str, str, str, Target]]:
    """Every alias of ``targets``, longest first: (alias, lower-cased, first word, target)."""
    aliases = [(a, t) for t in targets for a in t.aliases if a.strip()]
    aliases.sort(key=lambda item: -len(item[0]))
    out = []
    for alias, target in aliases:
        key = _apostrophes(alias).lower()
        first = _WORD.match(key)
        out.append((alias, key, first.group() if first else "", target))
    return out


_WORD = re.compile(r"\w+")


def _whole_word_spans(text: str, key: str) -> Iterator[tuple[int, int]]:
    """Spans of ``key`` in ``text`` not inside a longer word (like ``(?<!\\w)key(?!\\w)``)."""
    i = text.find(key)
    while i >= 0:
        end = i + len(key)
        if not (i and _is_word_char(text[i - 1])) and not (
            end < len(text) and _is_word_char(text[end])
        ):
            yield i, end
            i = text.find(key, end)
        else:
            i = text.find(key, i + 1)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what ``\\w`` matches


def _apostrophes(text: str) -> str:
    return text.replace("’", "'")


@lru_cache(maxsize=4096)
def _alias_pattern(alias: str) -> re.Pattern[str]:
    """An alias as whole words, any case, either apostrophe."""
    return re.compile(r"(?<!\w)" + re.escape(alias).replace("'", "['’]") + r"(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _whole_words(words: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)")


_METONYMS: dict[int, tuple[Language, dict[str, str]]] = {}


def _folded_metonyms(lang: Language) -> dict[str, str]:
    """``lang.metonyms`` keyed by folded name (the first key wins, as in the word list)."""
    cached = _METONYMS.get(id(lang))
    if cached is None or cached[0] is not lang:
        folded: dict[str, str] = {}
        for key, country in lang.metonyms.items():
            folded.setdefault(fold(key).replace("-", " "), country)
        cached = _METONYMS[id(lang)] = (lang, folded)
    return cached[1]
