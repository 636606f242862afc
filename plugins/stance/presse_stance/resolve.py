"""From a token of the dependency parse to the actor(s) it refers to."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from presse_stance.actors import Actor, ActorIndex, actor_of
from presse_stance.language import Language

Token = Any  # spacy.tokens.Token; spaCy is imported lazily by the stage

_ANTECEDENT_DEPS = {"nsubj", "nsubj:pass", "obj", "obl", "obl:arg", "iobj", "nmod"}


def _gender(token: Token) -> str | None:
    """ "Fem" / "Masc" from the token's morphology or its article, if either says."""
    found = token.morph.get("Gender")
    if found and token.pos_ != "PROPN":
        return found[0]
    for child in token.children:
        if child.dep_ == "det":
            if child.lower_ in ("la", "cette", "une"):
                return "Fem"
            if child.lower_ in ("le", "ce", "cet", "un"):
                return "Masc"
    return found[0] if found else None


QUOTE_MARKS = {"«", "»", '"', "“", "”"}
_NP_DEPS = {"amod", "flat:name", "flat:foreign", "flat", "compound", "fixed", "nummod"}
_WALK_DEPS = {"nmod", "amod", "flat:name", "flat", "appos", "compound", "obl:agent", "nmod:poss"}


def case_of(token: Token) -> str:
    """The preposition of a nominal, lemmas glued: "aux" → "à", "à l'égard de" → "àl'égardde"."""
    parts = []
    for child in token.children:
        if child.dep_ == "case" or (child.dep_ == "mark" and child.i < token.i):
            lemma = child.lemma_.lower()
            parts.append(CONTRACTIONS.get(lemma, lemma))
            parts.extend(c.lemma_.lower() for c in child.children if c.dep_ == "fixed")
    return "".join(parts).replace("’", "'")


# Contracted articles some models leave as lemmas: "au Mali" is "à" + "le Mali".
CONTRACTIONS = {"au": "à", "aux": "à", "du": "de", "des": "de", "d'": "de", "d’": "de"}


@lru_cache(maxsize=4096)
def glue(prep: str) -> str:
    return prep.lower().replace(" ", "").replace("’", "'")


def is_passive(verb: Token) -> bool:
    """A passive needs its auxiliary (être); a lone `nsubj:pass` is usually a parse error,
    and a reflexive ("s'en est prise à", "s'est dite") is no passive."""
    if any(c.dep_ == "expl:pass" or c.lower_ in ("s'", "s’", "se") for c in verb.children):
        return False
    return any(c.dep_ == "aux:pass" for c in verb.children) or (
        "Past" in verb.morph.get("Tense")
        and "Part" in verb.morph.get("VerbForm")
        and any(c.dep_ == "obl:agent" for c in verb.children)
        and not any(c.dep_ == "obj" for c in verb.children)
    )


class Resolver:
    """Resolves tokens of one parsed document to actors, with a memory for pronouns."""

    def __init__(self, parsed: Any, actors: ActorIndex, language: Language) -> None:
        self.doc = parsed
        self.actors = actors
        self.lang = language
        self.last_subject: Actor | None = None
        self.memory: Any = None
        """``offset -> Actor | None``: the last named actor before an offset (set by the
        attribution once it knows the document's speakers)."""

    # -- noun phrases -------------------------------------------------------------------
    def chunk(self, token: Token) -> tuple[int, int]:
        """Token range of the compact noun phrase headed by ``token`` (no determiner)."""
        lo = hi = token.i
        for child in token.children:
            if child.dep_ in _NP_DEPS or (child.dep_ == "nmod" and child.pos_ == "PROPN"):
                lo, hi = (
                    min(lo, child.left_edge.i if child.dep_ == "nmod" else child.i),
                    max(hi, child.right_edge.i if child.dep_ == "nmod" else child.i),
                )
        while lo < token.i and self.doc[lo].pos_ in ("DET", "PUNCT", "ADP"):
            lo += 1
        while hi > token.i and self.doc[hi].pos_ in ("PUNCT", "ADP", "CCONJ", "DET"):
            hi -= 1
        for i in range(token.i + 1, hi + 1):  # a phrase does not run across punctuation
            if self.doc[i].pos_ == "PUNCT" and self.doc[i].text != "-":
                hi = i - 1
                break
        for i in range(token.i - 1, lo - 1, -1):
            if self.doc[i].pos_ == "PUNCT" and self.doc[i].text != "-":
                lo = i + 1
                break
        return lo, hi

    def phrase(self, token: Token, resolved: bool = False) -> Actor:
        lo, hi = self.chunk(token)
        span = self.doc[lo : hi + 1]
        return Actor(
            span.text,
            span.start_char,
            span.end_char,
            None,
            None,
            resolved,
            kind="entity" if resolved else "issue",
        )

    # -- resolution ------------------------------------------------------------------------
    def actors_of(self, token: Token, allow_phrase: bool = False) -> list[Actor]:
        """``token`` and its coordinated conjuncts as actors ("l'Iran et la Russie")."""
        out = []
        for tok in [token, *[c for c in token.conjuncts if c.i > token.i]]:
            actor = self.resolve(tok)
            if actor is None and allow_phrase and tok.pos_ in ("NOUN", "PROPN"):
                actor = self.phrase(tok)
            if actor is not None and all(a.key != actor.key for a in out):
                out.append(actor)
        return out

    def resolve(self, token: Token, depth: int = 0) -> Actor | None:
        """The actor ``token`` names, looking through containers ("la politique de X")."""
        lang = self.lang
        mention = self.actors.at(token.idx, token.idx + len(token.text))
        if mention is not None:
            actor = actor_of(mention)
            if token.pos_ == "PROPN" and token.dep_ != "flat:name":
                title = token.head if token.dep_ in ("appos", "nmod") else None
                title = title or next((c for c in token.children if c.dep_ == "appos"), None)
                actor = self.with_title(actor, title)
            return actor
        lower, lemma = token.lower_, token.lemma_.lower()
        if token.pos_ == "PRON":
            return self.pronoun(token)
        if lemma == "dernier" and any(c.lower_ in ("ce", "cette") for c in token.children):
            return self.earlier(token)  # "ce dernier a précisé"
        if lower in lang.metonyms or lemma in lang.metonyms:
            ident, name = self.actors.named(lang.metonyms.get(lower) or lang.metonyms[lemma])
            return Actor(token.text, token.idx, token.idx + len(token.text), ident, name)
        if token.pos_ == "PROPN" and (seat := self.actors.country_of_phrase(token.text)):
            ident, name = seat  # "l'Elysée" written without its accent
            return Actor(token.text, token.idx, token.idx + len(token.text), ident, name)
        nominal_adj = token.pos_ == "ADJ" and token.dep_ in (
            "obj",
            "nsubj",
            "nsubj:pass",
            "obl",
            "obl:arg",
            "nmod",
            "conj",
        )
        if token.pos_ == "ADJ" and not (
            nominal_adj and (lemma in lang.group_nouns or lower in lang.group_nouns)
        ):
            country = lang.demonym(lower)
            if country:
                ident, name = self.actors.named(country)
                return Actor(token.text, token.idx, token.idx + len(token.text), ident, name)
            return None
        if token.pos_ not in ("NOUN", "PROPN", "X", "ADJ"):
            return None
        event = lemma in lang.event_nouns or lower in lang.event_nouns
        for child in token.children:  # "le président Joe Biden", "la présidente, Nancy Pelosi"
            if event:
                break  # "l'arrestation de l'opposant X": X is the event's victim, not its name
            if (
                child.dep_ in ("appos", "flat:name")
                or (child.dep_ == "nmod" and not case_of(child))
            ) and child.i > token.i:
                found = self.actors.at(child.idx, child.idx + len(child.text))
                if found is not None:
                    return self.with_title(actor_of(found), token)
        if token.pos_ == "PROPN" and token.head is not token:  # "Joe Biden, le président américain"
            mention = self.actors.at(token.idx, token.idx + len(token.text))
            if mention is not None:
                title = token.head if token.dep_ in ("appos", "nmod") else None
                title = title or next((c for c in token.children if c.dep_ == "appos"), None)
                return self.with_title(actor_of(mention), title)
        if token.dep_ == "appos" and token.head.pos_ == "PROPN":  # "X, ancien président"
            named = self.actors.at(token.head.idx, token.head.idx + len(token.head.text))
            if named is not None:
                return actor_of(named)
        container = (
            lemma in lang.container_nouns
            or lower in lang.container_nouns
            or lemma in lang.institutions
        )
        if (
            depth < 3 and container
        ):  # "la politique de X", "le recours par X", "la tentative orchestrée par X"
            for child in token.children:
                if child.dep_.startswith("nmod") and case_of(child) in ("de", "par"):
                    found = self.resolve(child, depth + 1)
                    if found is not None:
                        return found
            agents = self.event_agent(token)
            if agents:
                return agents[0]
            for child in token.children:  # "une candidature à l'Otan de la Suède"
                if child.dep_.startswith("nmod") and case_of(child) not in ("de", "par"):
                    for grand in child.children:
                        if grand.dep_.startswith("nmod") and case_of(grand) == "de":
                            found = self.resolve(grand, depth + 1)
                            if found is not None:
                                return found
        for child in token.children:  # "l'aide turque", "le ministère iranien"
            if (
                child.dep_ in ("amod", "nmod")
                and not case_of(child)
                and (country := lang.demonym(child.lower_))
            ):
                ident, name = self.actors.named(country)
                return Actor(self.phrase(token).text, *self._offsets(token), ident, name)
        if (
            lemma in lang.institutions or lower in lang.institutions
        ):  # "les services de ... américains"
            for child in token.children:
                if child.dep_ == "nmod" and case_of(child) == "de" and child.pos_ == "NOUN":
                    for grand in child.children:
                        if grand.dep_ == "amod" and (country := lang.demonym(grand.lower_)):
                            ident, name = self.actors.named(country)
                            phrase = self.issue(token) or self.phrase(token)
                            return Actor(phrase.text, phrase.start, phrase.end, ident, name)
        people = lemma in lang.people_nouns or lower in lang.people_nouns
        if people and depth < 3:  # "les dirigeants du G7" speak for the G7
            for child in token.children:
                if (
                    child.dep_.startswith("nmod")
                    and case_of(child) == "de"
                    and (
                        child.pos_ == "PROPN"
                        or self.actors.at(child.idx, child.idx + len(child.text)) is not None
                    )
                ):
                    found = self.resolve(child, depth + 1)
                    if found is not None:
                        return found
        if (
            people
            or lemma in lang.group_nouns
            or lower in lang.group_nouns
            or self._group_modified(token)
        ):
            phrase = self.phrase(token)
            ident, name = self.actors.named(phrase.text)
            return Actor(phrase.text, phrase.start, phrase.end, ident.lower(), name)
        if (
            lemma in lang.institutions
            and any(  # "le chef de l'Etat", "la présidente de la Chambre"
                c.dep_ == "nmod"
                and case_of(c) == "de"
                and c.pos_ in ("NOUN", "PROPN")
                and c.text[:1].isupper()
                for c in token.children
            )
        ):
            phrase = self.issue(token) or self.phrase(token)
            return Actor(phrase.text, phrase.start, phrase.end, phrase.text, phrase.text)
        if token.text[:1].isupper() and (  # a name NER did not catch: "G7", "G20"
            token.pos_ == "PROPN" or (token.pos_ == "NOUN" and any(c.isdigit() for c in token.text))
        ):
            phrase = self.phrase(token)
            ident, name = self.actors.named(phrase.text)
            return Actor(phrase.text, phrase.start, phrase.end, ident, name)
        return None

    def issue(self, token: Token) -> Actor | None:
        """What a stance is about when no actor is named: "les sanctions", "l'immigration".

        The head noun with its modifiers and its `de` complement ("l'embargo sur le pétrole"
        stays "embargo"; "la relance de cet accord" keeps the accord); `canonical` is the
        head's lemma with its adjectives, lower-cased.
        """
        lang = self.lang
        if token.pos_ not in ("NOUN", "PROPN") or len(token.text) < 3:
            return None
        lemma = token.lemma_.lower()
        if lemma in lang.not_issues or token.lower_ in lang.not_issues:
            return None
        if any(c.dep_ == "det" and c.lower_ in lang.first_person for c in token.children):
            return None  # "promouvoir nos valeurs": one's own, not an issue taken a stance on
        lo, hi = self.chunk(token)
        for child in token.children:
            if (
                child.dep_ == "nmod"
                and child.i > hi
                and case_of(child) == "de"
                and child.right_edge.i - hi <= 6
                and not any(
                    t.pos_ == "VERB" or (t.pos_ == "PUNCT" and t.text not in QUOTE_MARKS)
                    for t in self.doc[hi + 1 : child.right_edge.i + 1]
                )
            ):
                hi = child.right_edge.i
                break
        hi = min(hi, token.i + 8)  # a phrase, not a paragraph
        while hi > token.i and self.doc[hi].pos_ in ("ADP", "DET", "CCONJ", "PUNCT"):
            hi -= 1
        span = self.doc[lo : hi + 1]
        modifiers = [c.lower_ for c in token.children if c.dep_ == "amod" and c.i > token.i]
        canonical = " ".join([lemma, *modifiers])
        return Actor(span.text, span.start_char, span.end_char, None, canonical, kind="issue")

    def with_title(self, actor: Actor, title: Token | None) -> Actor:
        """A person introduced by a title that names a state speaks for it: "le président
        américain", "le porte-parole du ministère chinois des Affaires étrangères", "le chef
        de la diplomatie russe"."""
        if title is None or actor.principal or title.lemma_.lower() not in self.lang.institutions:
            return actor
        country = self.country_of_title(title)
        return replace(actor, principal=country) if country else actor

    def country_of_title(self, title: Token, depth: int = 0) -> str | None:
        """The state a title names through a demonym or a `de` complement, if any."""
        for child in title.children:
            if child.dep_ in ("amod", "nmod") and (country := self.lang.demonym(child.lower_)):
                return self.actors.named(country)[1]
        if depth < 2:
            for child in title.children:
                if child.dep_.startswith("nmod") and case_of(child) == "de":
                    lemma = child.lemma_.lower()
                    if lemma in self.lang.institutions:
                        found = self.country_of_title(child, depth + 1)
                        if found:
                            return found
                    mention = self.actors.at(child.idx, child.idx + len(child.text))
                    if mention is not None and self.actors.country_of_phrase(mention.text):
                        return self.actors.country_of_phrase(mention.text)[1]
        return None

    def _group_modified(self, token: Token) -> bool:
        """A noun qualified as an armed or political group: "groupes armés"."""
        return any(
            c.dep_ == "amod"
            and (
                c.lemma_.lower() in self.lang.group_nouns
                or c.lower_ in self.lang.group_nouns
                or c.lemma_.lower() in self.lang.group_modifiers
            )
            for c in token.children
        )

    def _offsets(self, token: Token) -> tuple[int, int]:
        p = self.phrase(token)
        return p.start or 0, p.end or 0

    def pronoun(self, token: Token) -> Actor | None:
        if "Rel" in token.morph.get("PronType"):
            head = token.head
            if head.dep_.startswith("acl") and head.head is not head:
                return self.resolve(head.head)
            return None
        if token.lower_ in self.lang.third_person:
            gender = _gender(token)
            for prev in reversed(list(token.sent[: token.i - token.sent.start])):
                if (
                    prev.dep_ in _ANTECEDENT_DEPS
                    and prev.pos_ in ("NOUN", "PROPN")
                    and _gender(prev) in (gender, None)
                    and (prev.dep_ in ("nsubj", "nsubj:pass") or gender is not None)
                ):
                    found = self.resolve(prev)
                    if found is not None:
                        return found
            return self.earlier(token)
        return None

    def earlier(self, token: Token) -> Actor | None:
        """The last named actor before ``token``'s sentence ("Elle a ajouté", "ce dernier")."""
        if self.memory is not None:
            found = self.memory(token.sent.start_char)
            if found is not None:
                return found
        return self.last_subject

    def event_agent(self, token: Token) -> list[Actor]:
        """Who did what the event noun ``token`` names: `par X`, "menée par X", a demonym."""
        for child in token.children:
            if child.dep_ in ("obl:agent", "nmod", "nmod:agent") and case_of(child) == "par":
                return self.agents(child)
        for child in token.children:
            if child.dep_.startswith("acl") and child.pos_ == "VERB":
                for grand in child.children:
                    if grand.dep_ == "obl:agent" or (
                        grand.dep_.startswith("obl") and case_of(grand) == "par"
                    ):
                        return self.agents(grand)
        for child in token.children:
            if child.dep_ == "amod" and self.lang.demonym(child.lower_):
                actor = self.resolve(child)
                return [actor] if actor else []
        return []

    def agents(self, token: Token) -> list[Actor]:
        """The doers of an event: a noun phrase counts even when no entity accounts for it."""
        return [
            a if a.resolved else replace(a, resolved=True)
            for a in self.actors_of(token, allow_phrase=True)
            if a.text.lower() not in self.lang.third_person
        ]

    def subjects(self, verb: Token, allow_phrase: bool = False) -> list[Actor]:
        """Who does ``verb``: its subject, a passive's `par` agent, or a coordinated verb's."""
        passive = is_passive(verb)
        for child in verb.children:
            if passive and (
                child.dep_ == "obl:agent"
                or (child.dep_.startswith("obl") and case_of(child) == "par")
            ):
                return self.agents(child)  # "critiqué par la classe politique locale"
            if not passive and child.dep_ in ("nsubj", "nsubj:pass", "csubj", "expl:subj"):
                if "Rel" in child.morph.get(
                    "PronType"
                ):  # "les États-Unis et l'UE, qui soutiennent"
                    antecedent = self.antecedent(verb, child)
                    return (
                        self.actors_of(antecedent, allow_phrase) if antecedent is not None else []
                    )
                found = self.actors_of(child, allow_phrase=False)
                if not found:  # "Le président X Y a ..." parsed with two subjects: try the others
                    for other in verb.children:
                        if other.dep_ == "nsubj" and other is not child:
                            found = self.actors_of(other)
                            if found:
                                return found
                return found or self.actors_of(child, allow_phrase)
        for mark in verb.children:  # « le mandat de X n'a pas convaincu »: the parse hung the
            if mark.pos_ == "PUNCT" and mark.text in QUOTE_MARKS:  # subject on the quote mark
                for child in mark.children:
                    if child.dep_ in ("nsubj", "nsubj:pass"):
                        return self.actors_of(child, allow_phrase)
        if verb.dep_ == "xcomp" and verb.head is not verb:
            for child in verb.head.children:  # "inviter ces pays à rejoindre": they join
                if child.dep_ == "obj" and child.pos_ != "PRON":
                    return self.actors_of(child, allow_phrase)
        if (
            verb.dep_ in ("conj", "xcomp", "advcl")
            and verb.head is not verb
            and verb.head.pos_ in ("VERB", "AUX")
        ):
            return self.subjects(verb.head, allow_phrase)
        if verb.dep_.startswith("acl") and not passive and verb.head is not verb:
            head = verb.head
            if any(c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in head.children):
                owner = head  # "sa volonté d'instaurer des sanctions": the owner's subject
                while owner.dep_ == "conj" and owner.head is not owner:
                    owner = owner.head
                if owner.head.pos_ == "VERB" and owner.head is not owner:
                    found = self.subjects(owner.head, allow_phrase)
                    if found:
                        return found
            if head.lemma_.lower() in self.lang.speech_nouns:  # "le communiqué évoquant ..."
                return [self.phrase(head)]
            if "Pres" in verb.morph.get("Tense") and "Part" in verb.morph.get("VerbForm"):
                for ancestor in verb.ancestors:  # "X a exigé ..., accusant Paris": X accuses
                    if ancestor.pos_ == "VERB" and not ancestor.dep_.startswith("acl"):
                        found = self.subjects(ancestor, allow_phrase)
                        if found:
                            return found
                        break
                if head.pos_ != "PROPN":
                    return []
            actor = self.resolve(head)
            return [actor] if actor else []
        return []

    def antecedent(self, verb: Token, pronoun: Token) -> Token | None:
        """What a relative pronoun stands for: the noun its clause hangs on, or the noun before."""
        if verb.dep_.startswith("acl") and verb.head is not verb:
            return verb.head
        for prev in reversed(list(self.doc[pronoun.sent.start : pronoun.i])):
            if prev.pos_ in ("NOUN", "PROPN"):
                return prev
            if prev.pos_ not in ("PUNCT", "DET", "ADJ"):
                return None
        return None

    def objects(self, verb: Token, allow_phrase: bool = False) -> list[Actor]:
        """What ``verb`` acts on: its object, or a passive's subject ("X est soutenu par Y")."""
        if is_passive(verb):
            for child in verb.children:
                if child.dep_ in ("nsubj:pass", "nsubj"):
                    return self.actors_of(child, allow_phrase)
            if verb.dep_.startswith("acl") and verb.head is not verb:
                return self.actors_of(verb.head, allow_phrase)
        if (
            verb.dep_.startswith("acl")
            and verb.tag_ != ""
            and "Part" in verb.morph.get("VerbForm")
            and any(c.dep_ == "obl:agent" for c in verb.children)
        ):
            return self.actors_of(verb.head, allow_phrase)  # "les rebelles soutenus par Ankara"
        for child in verb.children:
            if child.dep_ == "obj":
                return self.actors_of(child, allow_phrase)
        for (
            child
        ) in verb.children:  # "accusé des médias de ...": the partitive read as a preposition
            if child.dep_ == "obl:arg" and case_of(child) == "de" and child.i < verb.i + 4:
                return self.actors_of(child, allow_phrase)
        return []
