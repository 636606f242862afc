"""The default backend: cue lexicon + dependency parse + quote attribution, no model."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from presse_stance.actors import ActorIndex
from presse_stance.attribution import Attributor
from presse_stance.language import Language
from presse_stance.lexicon import Cue, Lexicon
from presse_stance.match import CueMatch, anchor
from presse_stance.resolve import Resolver, Token


class RuleBackend:
    """Finds stance cues in each sentence and reads their holder and target off the parse."""

    name = "rules"

    def __init__(self, lexicon: Lexicon, language: Language) -> None:
        self.lexicon = lexicon
        self.lang = language

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "language": self.lang.code, "cues": len(self.lexicon)}

    def analyse(self, text: str, parsed: Any, actors: ActorIndex) -> list[dict[str, Any]]:
        resolver = Resolver(parsed, actors, self.lang)
        attributor = Attributor(parsed, resolver)
        resolver.memory = attributor.back_to
        records: list[dict[str, Any]] = []
        keys = self.lexicon.by_lemma.keys()
        lemmas, lowers = attributor.lemmas, attributor.lowers
        for sent in attributor.sentences:
            for i in range(sent.start, sent.end):
                if (
                    lemmas[i] not in keys
                    and lowers[i] not in keys
                    and lemmas[i] not in QUOTED_LABEL
                    and not (
                        lemmas[i] == lowers[i] and any(g in keys for g in verb_lemmas(lowers[i]))
                    )
                    and not any(b in keys for b in adjective_bases(lowers[i]))
                ):
                    continue  # most words are no cue
                token = parsed[i]
                for cue, seen_as in self.cues_for(token, sent, attributor):
                    found = CueMatch(cue, seen_as, sent, resolver, attributor).records()
                    if found:
                        records.extend(found)
                        break
                else:
                    if lemmas[i] in QUOTED_LABEL and _quoted_label(token, keys):
                        cue = Cue(lemmas[i], "VERB", "AGAINST", "criticism", ("subj",), ("obj",))
                        jibe = CueMatch(cue, token, sent, resolver, attributor)
                        jibe.weak.append("quoted-label")
                        records.extend(jibe.records())
            subject = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubj:pass")]
            if subject and subject[0].pos_ != "PRON":
                resolved = resolver.resolve(subject[0])
                if resolved is not None:
                    resolver.last_subject = resolved
        return records

    def cues_for(self, token: Token, sent: Any, attributor: Attributor) -> list[tuple[Cue, Token]]:
        """The cues ``token`` can be, each with the token as the cue sees it."""
        lower = token.lower_
        lemma = token.lemma_.lower()
        guesses = verb_lemmas(lower) if lemma == lower else ()
        cues = []
        original = token
        bases = adjective_bases(lower) if token.pos_ in ("ADJ", "VERB") else ()
        for cue in self.lexicon.lookup(lemma, lower, *guesses, *bases):
            if cue.lemma in bases and cue.pos != "ADJ":
                continue  # "opposée" is the adjective "opposé", not the noun
            token = original
            if (
                cue.pos == "VERB"
                and original.pos_ in ("NOUN", "X", "ADJ")
                and (cue.lemma in guesses or original.pos_ == "X")
            ):
                token = _AsVerb(original)  # the tagger missed a verb ("réclame", "soutiendra")
            if not _pos_ok(cue, token):
                continue
            if cue.only_quoted and attributor.of(token).mode != "direct_quote":
                continue
            if cue.modal and not (token.dep_ == "xcomp" and token.head.lemma_.lower() in MODALS):
                continue
            if cue.requires_obj and not any(
                c.dep_ in ("obj", "nsubj:pass", "iobj", "expl:comp")
                and (c.lemma_.lower() in cue.requires_obj or c.lower_ in cue.requires_obj)
                for c in token.children
            ):
                continue
            if cue.with_ and anchor(cue, token, sent) is None:
                continue
            if (
                cue.pos == "NOUN"
                and token.dep_ == "obj"
                and token.head.lemma_.lower() in self.lang.cancel_verbs
            ):
                continue  # "lever son veto": the veto is gone
            cues.append((cue, token))
        return cues


MODALS = {"devoir", "pouvoir", "falloir"}
# "X a qualifié Y de « ... »": a label in quotation marks, whatever its words, is a jibe.
QUOTED_LABEL = {"qualifier", "taxer", "traiter"}


def _quoted_label(verb: Token, cues: Any) -> bool:
    """Whether ``verb`` has an object and a `de` complement in quotation marks whose words
    are no cue of their own ("qualifié X de « héros »" is left to the cue "héros")."""
    if not any(c.dep_ == "obj" for c in verb.children):
        return False
    doc = verb.doc
    for node in verb.subtree:
        if node.i > verb.i and node.lower_ in ("de", "d'", "d’") and node.dep_ in ("case", "mark"):
            if node.i + 1 >= len(doc) or doc[node.i + 1].text not in ("«", '"', "“"):
                return False
            for word in doc[node.i + 2 : min(node.i + 12, len(doc))]:
                if word.text in ("»", '"', "”"):
                    return True
                if word.lemma_.lower() in cues or word.lower_ in cues:
                    return False
            return False
    return False


_ENDINGS = (  # inflected ending -> infinitive ending, for verbs the lemmatizer left alone
    ("eraient", "er"),
    ("erait", "er"),
    ("eront", "er"),
    ("era", "er"),
    ("iendra", "enir"),
    ("iendront", "enir"),
    ("ient", "enir"),
    ("ées", "er"),
    ("és", "er"),
    ("ée", "er"),
    ("é", "er"),
    ("ent", "er"),
    ("es", "er"),
    ("e", "er"),
    ("ait", "er"),
    ("aient", "er"),
)


_IRREGULAR = {  # past participles the lemmatizer sometimes leaves as they are
    "pris": "prendre",
    "mis": "mettre",
    "promis": "promettre",
    "remis": "remettre",
    "soumis": "soumettre",
    "dit": "dire",
    "fait": "faire",
    "tenu": "tenir",
    "soutenu": "soutenir",
    "détenu": "détenir",
    "rompu": "rompre",
    "vaincu": "vaincre",
    "convaincu": "convaincre",
    "déçu": "décevoir",
}


@lru_cache(maxsize=8192)
def verb_lemmas(form: str) -> tuple[str, ...]:
    """Infinitives ``form`` may be an inflection of: "réclame" → ("réclamer",)."""
    irregular = _IRREGULAR.get(form.rstrip("s").removesuffix("e")) or _IRREGULAR.get(form)
    if irregular:
        return (irregular,)
    return tuple(
        form[: -len(ending)] + infinitive
        for ending, infinitive in _ENDINGS
        if form.endswith(ending) and len(form) > len(ending) + 2
    )


_ADJECTIVE_ENDINGS = (  # feminine or plural ending -> masculine singular
    ("ées", "é"),
    ("ée", "é"),
    ("és", "é"),
    ("ives", "if"),
    ("ive", "if"),
    ("euses", "eux"),
    ("euse", "eux"),
    ("es", ""),
    ("e", ""),
    ("s", ""),
)


@lru_cache(maxsize=8192)
def adjective_bases(form: str) -> tuple[str, ...]:
    """Masculine singular forms ``form`` may be an agreement of, for adjectives and past
    participles, whose lemma the tagger often gives as the verb's: "opposées" → "opposé"
    (the cue lists "opposé"), "méfiante" → "méfiant", "rétives" → "rétif"."""
    for ending, base in _ADJECTIVE_ENDINGS:
        if form.endswith(ending) and len(form) > len(ending) + 3:
            return (form[: -len(ending)] + base,)
    return ()


class _AsVerb:
    """A token the tagger missed as a verb, seen as one by the cue's checks."""

    pos_ = "VERB"

    def __init__(self, token: Token) -> None:
        self._token = token

    def __getattr__(self, name: str) -> Any:
        return getattr(self._token, name)


def _pos_ok(cue: Cue, token: Token) -> bool:
    pos = token.pos_
    if cue.pos == "ANY":
        return pos in ("NOUN", "PROPN", "ADJ", "VERB")
    if cue.pos == "VERB":
        # "les groupes armés" is no arming: a bare past participle needs its `par` agent
        bare = (
            token.dep_ in ("acl", "amod")
            and "Past" in token.morph.get("Tense")
            and not any(c.dep_.startswith("aux") or c.dep_ == "obl:agent" for c in token.children)
        )
        return pos == "VERB" and not bare
    participle = (
        pos == "VERB"
        and "Part" in token.morph.get("VerbForm")
        and not any(c.dep_.startswith("aux") for c in token.children)
    )
    if cue.pos == "NOUN":
        return pos in ("NOUN", "PROPN") or (participle and token.lower_.startswith(cue.lemma[:-1]))
    return pos == "ADJ" or participle
