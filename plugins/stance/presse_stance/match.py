"""One cue occurrence: where its holder and target are, and the record it makes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from presse_stance.actors import AUTHOR_ACTOR, Actor, fold
from presse_stance.attribution import Attribution, Attributor
from presse_stance.lexicon import Cue
from presse_stance.resolve import Resolver, Token, case_of, glue, is_passive

SPEECH_KINDS = {
    "condemnation",
    "criticism",
    "accusation",
    "praise",
    "blame",
    "threat",
    "protest",
    "concern",
    "refusal",
    "defense",
}
# Kinds of cue whose target may be an issue rather than an actor ("X dénonce les sanctions").
ISSUE_KINDS = {
    "support",
    "defense",
    "condemnation",
    "criticism",
    "refusal",
    "protest",
    "opposition",
}
# Praise takes an issue only as its object ("saluer la décision"): "merci pour l'accueil"
# praises whoever gave the welcome, not the welcome.
ISSUE_OBJECT_KINDS = {"praise"}
# The author's own voice holds a stance only when it evaluates ("la politique désastreuse de
# X"); labels in news prose ("les jihadistes") are descriptions, not stances.
AUTHOR_KINDS = {"criticism", "praise"}
# Nominal stances a named speaker's words hold without saying whose they are ("lutte contre
# X", "refus de Y"); support nouns are left out: "les livraisons d'armes à X" are someone's.
SPEAKER_NOUN_KINDS = {"opposition", "protest", "refusal", "criticism", "condemnation"}
# Prepositions that point at an adversary: behind them, any noun phrase is the target.
ADVERSATIVE = {"contre", "àl'encontrede", "àl'égardde", "envers", "visant", "vis-à-visde"}
# Argument places that are not prepositions.
SPEC_WORDS = {
    "owner",
    "rel",
    "subj",
    "obj",
    "cop",
    "appos",
    "gov",
    "demonym",
    "poss",
    "head",
    "self",
    "speaker",
    "agent",
}
_BASE = 0.8
_PLACE_PREPS = {"à", "au", "aux", "dans", "en", "vers", "près", "chez", "sous", "entre"}
_WEAK = {
    "object-window": 0.6,
    "subject-surface": 0.7,
    "poss": 0.65,
    "appos-surface": 0.7,
    "prep-surface": 0.6,
    "speaker": 0.7,
    "pronoun": 0.6,
    "quoted-label": 0.6,
}


def _hypothetical(token: Token) -> bool:
    """Whether ``token`` sits in a "si ..." clause (a condition, not a fact)."""
    node = token
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("si", "s'", "s’") for c in node.children):
            return True
        if node.head is node or node.dep_ not in ("xcomp", "conj", "obj", "obl", "nsubj"):
            return False
        node = node.head
    return False


def _stopping(verb: Token) -> bool:
    """Whether ``verb`` ends or stops what it governs ("mettre fin à", "stopper", "lever")."""
    return verb.lemma_.lower() in STOPPING or any(
        c.dep_ == "obj" and c.lemma_.lower() in ("fin", "terme") for c in verb.children
    )


def _purpose(verb: Token) -> bool:
    """Whether ``verb`` heads a "pour que" / "afin que" clause."""
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark"]
    return any(m in ("que", "qu'", "qu’") for m in marks) and any(
        m in ("pour", "afin") for m in marks
    )


def _subject_of(verb: Token) -> list[Token]:
    """The subject of ``verb``, or of the verb it depends on ("nous devons soutenir X")."""
    node = verb
    for _ in range(3):
        found = [c for c in node.children if c.dep_ in ("nsubj", "nsubj:pass")]
        if found or node.head is node or node.dep_ not in ("xcomp", "conj"):
            return found
        node = node.head
    return []


STOPPING = {"stopper", "arrêter", "cesser", "lever", "empêcher", "bloquer", "suspendre", "abolir"}
STRIKING = {"toucher", "viser", "cibler", "frapper", "atteindre", "détruire", "endommager"}
REFUSING = {"refuser", "renoncer", "cesser", "éviter", "hésiter", "rechigner", "exclure"}
COPULAS = {"constituer", "représenter", "devenir", "rester", "demeurer", "incarner"}


def _predicate_subjects(noun: Token) -> list[Token]:
    """The subject a predicate noun or adjective says something of: "X est un allié",
    "X constitue une menace"."""
    if any(c.dep_ == "cop" for c in noun.children):
        return [c for c in noun.children if c.dep_ in ("nsubj", "nsubj:pass")]
    if noun.dep_ in ("obj", "xcomp") and noun.head.lemma_.lower() in COPULAS:
        return [c for c in noun.head.children if c.dep_ in ("nsubj", "nsubj:pass")]
    return []


def _own_country(subject: Token, lang: Any) -> bool:
    """ "son pays", "notre gouvernement": the speaker's own state."""
    return subject.lemma_.lower() in ("pays", "gouvernement", "nation") and any(
        c.dep_ == "det" and "Yes" in c.morph.get("Poss") for c in subject.children
    )


def _impersonal(verb: Token) -> bool:
    """Whether ``verb`` hangs on an impersonal "il faut" / "il est temps de"."""
    node = verb
    for _ in range(3):
        if node.lemma_.lower() == "falloir":
            return True
        if node.head is node or node.dep_ not in ("xcomp", "ccomp", "csubj"):
            return False
        node = node.head
    return False


def anchor(cue: Cue, token: Token, sent: Any) -> Token | None:
    """The token a multi-word cue needs after the cue ("compte" in "mettre sur le compte de")."""
    if not cue.with_:
        return token
    for other in sent.doc[token.i + 1 : min(token.i + 26, sent.end)]:  # up to 25 words on
        if other.lemma_.lower() in cue.with_ or other.lower_ in cue.with_:
            return other
    return None


class CueMatch:
    """One cue occurrence: finds its holder(s) and target(s) and builds the records."""

    def __init__(
        self,
        cue: Cue,
        token: Token,
        sent: Any,
        resolver: Resolver,
        attributor: Attributor,
    ) -> None:
        self.lang = resolver.lang
        self.cue, self.token, self.sent = cue, token, sent
        self.resolver, self.attributor = resolver, attributor
        self.anchor = anchor(cue, token, sent) or token
        self.attribution = attributor.of(token)
        self.weak: list[str] = []
        self._nominals: list[tuple[Token, str]] | None = None  # see _governed()
        self._after: list[tuple[Token, str, str, str]] | None = None  # see prep_surface()

    # -- arguments -------------------------------------------------------------------------
    def records(self) -> list[dict[str, Any]]:
        cue = self.cue
        if _hypothetical(self.token):
            return []  # "si la Crimée est attaquée par X": no one has taken that stance
        qualified = self.qualified()
        if qualified is not None:
            holders, targets = qualified
        else:
            targets = self.first(cue.target, role="target")
            if not targets:
                return []
            holders = self.first(cue.holder, role="holder", exclude=targets)
        if not holders or not targets:
            return []
        if cue.kind not in ("labelling", "framing") and all(not t.resolved for t in targets):
            return []
        if holders == [AUTHOR_ACTOR] and (
            cue.kind in ("labelling", "framing")
            or (cue.holder == ("speaker",) and cue.kind not in AUTHOR_KINDS)
        ):
            return []  # news prose names groups descriptively; labelling is a speaker's choice
        lang = self.lang
        targets = [
            t
            for t in targets
            if (t.resolved and t.kind == "entity")
            or fold(t.text).split()[-1] not in lang.not_issues
        ]
        if not targets:
            return []
        if cue.kind not in ("labelling", "framing") and all(not t.resolved for t in targets):
            return []
        holders = [  # a bare generic noun ("le pays") names no one
            h
            for h in holders
            if h.entity_id or h.principal or fold(h.text).split()[-1] not in lang.not_issues
        ]
        out = []
        for holder in holders:
            for target in targets:
                if holder.key == target.key:
                    continue
                out.append(self.record(holder, target))
                if cue.mutual:
                    out.append(self.record(target, holder))
        return out

    def qualified(self) -> tuple[list[Actor], list[Actor]] | None:
        """X holds, Y is the target: "X a qualifié Y de « terroristes »", "X juge Y excessif"."""
        token = self.token
        if self.cue.holder != ("speaker",) or token.head is token:
            return None
        qualify = self.lang.qualify_verbs
        if token.dep_ == "amod" and token.head.head.lemma_.lower() in qualify:
            verb = token.head.head  # "considéré par X comme une organisation terroriste"
            if is_passive(verb) or verb.dep_.startswith("acl"):
                holders = self.resolver.subjects(verb)
                targets = self.resolver.objects(verb, allow_phrase=True)
                if holders and targets:
                    return holders, targets
        verb = token.head
        if (
            token.dep_ in ("nmod", "conj", "acl")
            and verb.dep_ == "obj"
            and verb.head.lemma_.lower() in qualify
        ):
            # "a qualifié les manifestants de « terroristes »" parsed with the label on the object
            target = self.resolver.resolve(verb) or self.resolver.phrase(verb)
            holders = self.resolver.subjects(verb.head) or self.first(("speaker",), "holder")
            return holders, [target]
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.lang.qualify_verbs:
            if (
                verb.dep_ == "conj"
                and verb.head.pos_ == "VERB"
                and verb.head.lemma_.lower() in self.lang.qualify_verbs
            ):
                verb = verb.head  # "qualifié X de « terroristes » et de « bandits »"
            else:
                return None
        if token.dep_ not in (
            "xcomp",
            "obl",
            "obl:arg",
            "obl:mod",
            "obj",
            "nmod",
            "acl",
            "conj",
            "amod",
            "advcl",
        ):
            return None
        targets = [
            a
            for c in verb.children
            if c.dep_ == "obj" and c is not token
            for a in self.resolver.actors_of(c, allow_phrase=True)
        ]
        if not targets and token.dep_ == "amod":
            return None
        holders = self.resolver.subjects(verb)
        if not holders and verb.dep_.startswith("acl"):
            holders = self.resolver.subjects(verb)
        return (holders or self.first(("speaker",), "holder")), targets

    def first(
        self, specs: tuple[str, ...], role: str, exclude: list[Actor] | None = None
    ) -> list[Actor]:
        keys = {a.key for a in exclude or ()}
        for spec in specs:
            found = [a for a in self.arg(spec, role) if a.key not in keys]
            if found:
                return found
        speaker = self.attribution.speaker
        if (
            role == "holder"
            and self.cue.pos == "NOUN"
            and self.cue.kind in SPEAKER_NOUN_KINDS
            and speaker not in (None, AUTHOR_ACTOR)
            and speaker.entity_id
            and speaker.key not in keys
        ):  # "« notre lutte contre X », a dit Y": a nominal stance in Y's words is Y's
            self.weak.append("speaker")
            return [speaker]
        if role == "target":
            kind = self.cue.kind
            for spec in specs:
                if (
                    kind in ISSUE_KINDS
                    or glue(spec) in ADVERSATIVE
                    or (kind in ISSUE_OBJECT_KINDS and spec == "obj")
                ):
                    found = self.issues(spec)
                    if found:
                        return found
        return []

    def issues(self, spec: str) -> list[Actor]:
        """The issue a cue governs in the place ``spec`` names, when no actor is there."""
        token = self.token
        nominals: list[Token] = []
        if spec == "obj" and token.pos_ == "VERB":
            wanted = ("nsubj:pass", "nsubj") if is_passive(token) else ("obj",)
            nominals = [c for c in token.children if c.dep_ in wanted]
            if not nominals:  # "réclame encore et encore des armes": the object read as a conj
                nominals = [
                    c
                    for c in token.children
                    if c.dep_ == "conj" and c.pos_ == "NOUN" and case_of(c) in ("", "de")
                ][:1]
        elif spec == "cop":
            nominals = _predicate_subjects(token)
        elif spec in ("head", "self") and token.dep_ in ("amod", "acl"):
            nominals = [token.head]
        elif spec not in SPEC_WORDS:
            wanted = "" if spec == "bare" else glue(spec)
            nominals = [child for child, case in self._governed() if case == wanted]
            if not nominals and wanted:  # the parse hung it elsewhere: read the surface
                nominals = self.after_preposition(wanted)[:1]
        found = []
        for noun in nominals:
            if noun.i == token.i or noun.i == self.anchor.i:
                continue
            for tok in [noun, *[c for c in noun.conjuncts if c.i > noun.i]]:
                issue = self.resolver.issue(tok)
                if issue is not None:
                    found.append(issue)
        return found

    def arg(self, spec: str, role: str) -> list[Actor]:
        """The actors ``spec`` names around the cue, as ``role`` (holder or target): a
        relation read off the parse by one of the ``arg_*`` methods (:data:`ARGUMENTS`),
        else a preposition the cue governs ("contre", "à l'égard de")."""
        read = ARGUMENTS.get(spec)
        return read(self, role) if read is not None else self.prep(spec, role)

    def arg_rel(self, role: str) -> list[Actor]:
        """What a striking event hit: "la frappe russe qui a touché un centre commercial"."""
        token, resolver = self.token, self.resolver
        for child in token.children:
            if child.dep_.startswith("acl") and child.lemma_.lower() in STRIKING:
                for obj in child.children:
                    if obj.dep_ == "obj":
                        return resolver.actors_of(obj) or [
                            a for a in [resolver.issue(obj)] if a is not None
                        ]
        return []

    def arg_owner(self, role: str) -> list[Actor]:
        """Whose doing an adjective judges: "X prend de bonnes décisions" judges X."""
        token, resolver = self.token, self.resolver
        head = token.head
        if token.dep_ == "amod" and head.dep_ == "obj" and head.head.pos_ == "VERB":
            return resolver.subjects(head.head)
        return []

    def arg_subj(self, role: str) -> list[Actor]:
        """The subject of a verb cue (or of the verb an adjective cue hangs on); the speaker for
        "nous devons", "il faut"; the caller of a called-for act."""
        token, resolver = self.token, self.resolver
        if token.pos_ == "ADJ" and token.dep_ in ("xcomp", "acl") and token.head.pos_ == "VERB":
            return resolver.subjects(token.head)  # "X s'est dite scandalisée"
        if token.pos_ != "VERB":
            return []
        if role == "holder":
            wisher = self.wisher(token)
            if wisher is not None:
                return wisher  # (empty when the one who wishes it is nobody we know)
        subject = _subject_of(token)
        speaker = self.attribution.speaker
        quoted = self.attribution.mode == "direct_quote"
        if (
            speaker
            and speaker is not AUTHOR_ACTOR
            and (
                (subject and subject[0].lower_ in self.lang.first_person)
                or (subject and quoted and subject[0].lower_ == "on")
                or (subject and _own_country(subject[0], self.lang))
                or (role == "holder" and _impersonal(token))
            )
        ):  # "nous devons arrêter X", "il faut arrêter X", "son pays s'oppose": the speaker's
            self.weak.append("speaker")
            return [speaker]
        if subject and subject[0].lower_ in self.lang.third_person:
            self.weak.append("pronoun")
        found = resolver.subjects(token, allow_phrase=role == "target")
        if not found and not subject and role == "holder":
            found = self.subject_surface()
        return found

    def arg_obj(self, role: str) -> list[Actor]:
        """The object of a verb cue: the doer of an event, a named object, else a name after it."""
        token, resolver = self.token, self.resolver
        if token.pos_ != "VERB":
            return []
        if role == "target":
            for child in token.children:
                if child.dep_ == "obj" and self.resolver.resolve(child) is None:
                    found = self.event_target(child)
                    if found or child.lemma_.lower() in self.lang.event_nouns:
                        return found
        found = resolver.objects(token)
        if not found and not any(c.dep_ in ("obj", "ccomp") for c in token.children):
            found = self.object_surface()
        deps = {c.dep_ for c in token.children}
        if (
            not found
            and self.cue.kind != "hostile_action"
            and not (
                role == "target"
                and self.cue.kind in ISSUE_KINDS | ISSUE_OBJECT_KINDS
                and any(c.dep_ in ("obj", "nsubj:pass") for c in token.children)
            )  # an unnamed object is an issue, not the next name along
            and ("obj" in deps or "ccomp" not in deps)  # "a dit que ..." has no object
            and not any(c.lemma_.lower() in self.lang.event_nouns for c in token.children)
        ):
            found = self.object_window()
        return found

    def arg_cop(self, role: str) -> list[Actor]:
        """The subject of a predicate noun cue: "X est une provocation"."""
        token, resolver = self.token, self.resolver
        return [
            a
            for c in _predicate_subjects(token)
            for a in resolver.actors_of(c, allow_phrase=role == "target")
        ]

    def arg_appos(self, role: str) -> list[Actor]:
        """The noun in apposition to the cue."""
        return self.appos()

    def arg_gov(self, role: str) -> list[Actor]:
        """Who does the verb that governs a noun cue: "X impose des sanctions contre Y"."""
        token, resolver = self.token, self.resolver
        node = token
        for _ in range(2):  # "un nouveau paquet de sanctions contre X": climb the `de` chain
            if node.dep_ == "nmod" and case_of(node) == "de" and node.head.pos_ == "NOUN":
                node = node.head
        head = node.head
        if node.dep_ in ("obj", "obl", "obl:arg", "obl:mod", "nsubj:pass") and head.pos_ == "VERB":
            wishes = role == "holder" and not _stopping(head)  # ending a blockade is no wish of it
            wisher = self.wisher(head) if wishes else None
            return wisher if wisher is not None else resolver.subjects(head)
        return []

    def arg_demonym(self, role: str) -> list[Actor]:
        """The state of a demonym adjective: "les sanctions occidentales contre la Russie"."""
        token, resolver = self.token, self.resolver
        return [
            a
            for c in token.children
            if c.dep_ == "amod" and self.lang.demonym(c.lower_)
            for a in [resolver.resolve(c)]
            if a is not None
        ]

    def arg_poss(self, role: str) -> list[Actor]:
        """The possessor of a noun cue: "son soutien à X"."""
        return self.possessor()

    def arg_head(self, role: str) -> list[Actor]:
        """The noun an adjective, apposition or conjunct cue qualifies."""
        token, resolver = self.token, self.resolver
        if token.dep_ in ("amod", "acl", "appos", "conj") and token.head is not token:
            head = token.head
            subjects = _predicate_subjects(head)
            if subjects:  # "Cet exercice est un acte provocateur": the exercise
                return [a for c in subjects for a in resolver.actors_of(c, allow_phrase=True)]
            if head.lemma_.lower() in self.lang.event_nouns:
                return self.event_target(head, with_de=True)
            return resolver.actors_of(head, allow_phrase=True)
        return []

    def arg_self(self, role: str) -> list[Actor]:
        """A noun cue as an actor itself (a label)."""
        token, resolver = self.token, self.resolver
        if token.dep_ == "amod":  # a noun used as an adjective: "l'offensive terroriste des ..."
            return self.arg_head(role)
        if _predicate_subjects(token):
            return []  # "X est une provocation": X is the target, not the label
        return resolver.actors_of(token, allow_phrase=True)

    def arg_speaker(self, role: str) -> list[Actor]:
        """The speaker of the words the cue is in."""
        speaker = self.attribution.speaker
        if speaker is None:
            return []
        self.weak.append("speaker" if speaker is not AUTHOR_ACTOR else "author")
        return [speaker]

    def arg_agent(self, role: str) -> list[Actor]:
        """The doer of an event noun cue: "l'attaque menée par X"."""
        token, resolver = self.token, self.resolver
        found = resolver.event_agent(token)
        return found if role == "target" else [a for a in found if a.entity_id]

    def wisher(self, verb: Token) -> list[Actor] | None:
        """Who wants what ``verb`` says done, when that is not its subject: the caller in "X
        appelle Y à stopper Z", the subject of the main clause in "X lance un appel pour que
        Y mette fin à Z". None when ``verb`` is no such wish."""
        node = verb
        for _ in range(3):  # "appelle ... à faire pression ... pour arrêter": climb the wishes
            head = node.head
            if head is node:
                return None
            if node.dep_ == "xcomp" and head.lemma_.lower() in self.lang.calling_verbs:
                return self.resolver.subjects(head)
            if _purpose(node):
                while head.pos_ != "VERB" and head.head is not head:
                    head = head.head  # "son appel à X pour que ..." hangs on the noun
                return self.resolver.subjects(head) if head.pos_ == "VERB" else []
            if node.dep_ not in ("advcl", "xcomp", "conj"):
                return None
            node = head
        return None

    def event_target(self, noun: Token, with_de: bool = False) -> list[Actor]:
        """Condemning "l'attaque menée par X" is against X: the doer of an event noun."""
        if (
            noun.lemma_.lower() not in self.lang.event_nouns
            and noun.lower_ not in self.lang.event_nouns
        ):
            return self.resolver.actors_of(noun)
        found = self.resolver.event_agent(noun)
        if not found and with_de:
            for child in noun.children:
                if child.dep_.startswith("nmod") and case_of(child) == "de":
                    return self.resolver.actors_of(child, allow_phrase=True)
        return found

    def _governed(self) -> list[tuple[Token, str]]:
        """The nominals hanging on the cue (its anchor, itself, a noun cue's verb), each with
        its preposition; read off the parse once per cue, however many specs ask."""
        if self._nominals is None:
            token = self.token
            # the anchor is the cue itself unless the cue has words after it ("sur le compte de")
            places = [self.anchor] if self.anchor.i == token.i else [self.anchor, token]
            if token.pos_ in ("NOUN", "PROPN", "ADJ") and token.head.pos_ == "VERB":
                places.append(token.head)
            self._nominals = [
                (child, case_of(child))
                for place in places
                for child in place.children
                if child.dep_.split(":")[0] in ("obl", "nmod", "obj", "iobj")
            ]
        return self._nominals

    def prep(self, prep: str, role: str) -> list[Actor]:
        wanted = "" if prep == "bare" else glue(prep)  # `bare`: a nominal with no preposition
        token = self.token
        for child, case in self._governed():
            if case == wanted:
                found = self.resolver.actors_of(child, allow_phrase=False)
                if not found and role == "target":
                    found = self.event_target(child)
                if found:
                    return found
        if role == "target" and token.pos_ == "VERB":
            # the parse often hangs "à l'Ukraine" on the object: look one or two levels down
            for child in token.children:
                if child.dep_ != "obj":
                    continue
                for node in [*child.children, *(g for c in child.children for g in c.children)]:
                    if node.dep_.split(":")[0] in ("nmod", "obl") and case_of(node) == wanted:
                        found = self.resolver.actors_of(node)
                        if found:
                            self.weak.append("prep-surface")
                            return found
        return self.prep_surface(wanted) if role == "target" else []

    def prep_surface(self, wanted: str) -> list[Actor]:
        """When the parse hung the argument elsewhere: the preposition right after the cue."""
        if self._after is None:  # the words after the cue, read once per cue
            start = self.anchor.i + 1
            self._after = [
                (word, glue(word.lemma_), glue(word.lower_), word.pos_)
                for word in self.sent.doc[start : min(start + 4, self.sent.end)]
            ]
        after = self._after
        for i, (word, lemma, lower, pos) in enumerate(after):
            # a preposition of several words is matched whole ("autour de", "à l'égard de")
            joined = [lower + "".join(w[2] for w in after[i + 1 : i + k]) for k in (1, 2, 3, 4)]
            if lemma == wanted or wanted in joined:
                last = (
                    after[min(i + joined.index(wanted), len(after) - 1)][0]
                    if wanted in joined
                    else word
                )
                for noun in self.sent[last.i - self.sent.start + 1 : last.i - self.sent.start + 5]:
                    if noun.pos_ in ("NOUN", "PROPN"):
                        found = self.resolver.actors_of(noun)
                        if found:
                            self.weak.append("prep-surface")
                        return found
                return []
            if pos in ("VERB", "PUNCT") and i > 0:
                return []
        return []

    def after_preposition(self, wanted: str) -> list[Token]:
        """The noun right after ``wanted`` in the four words after the cue, if any."""
        doc, sent = self.sent.doc, self.sent
        start = self.anchor.i + 1
        words = doc[start : min(start + 4, sent.end)]
        for k, word in enumerate(words):
            if glue(word.lemma_) == wanted or glue(word.lower_) == wanted:
                for noun in doc[word.i + 1 : min(word.i + 4, sent.end)]:
                    if noun.pos_ in ("NOUN", "PROPN"):
                        return [noun]
                    if noun.pos_ not in ("DET", "ADJ"):
                        return []
                return []
            if word.pos_ in ("VERB", "PUNCT") and k > 0:
                return []
        return []

    def object_surface(self) -> list[Actor]:
        """ "a menacé samedi Israël": the parse lost the object; take the next bare mention."""
        doc = self.resolver.doc
        for word in doc[self.token.i + 1 : min(self.token.i + 4, self.sent.end)]:
            if word.pos_ in ("ADP", "VERB", "AUX", "PUNCT", "SCONJ", "CCONJ"):
                return []
            mention = self.resolver.actors.at(word.idx, word.idx + len(word.text))
            if mention is not None:
                self.weak.append("prep-surface")
                return [Actor.of(mention)]
        return []

    def object_window(self) -> list[Actor]:
        """When the parse is lost: the first actor after the verb, up to a clause break.

        Actors behind a place preposition ("à Alep", "dans", "vers") are passed over.
        """
        doc = self.resolver.doc
        prev = None
        for word in doc[self.token.i + 1 : min(self.token.i + 15, self.sent.end)]:
            if (
                word.pos_ in ("VERB", "AUX", "SCONJ", "PRON")
                or word.text in (",", ";", ":", "(")
                or (
                    word.lower_
                    in (
                        "contre",
                        "pour",
                        "avec",
                        "sur",
                        "depuis",
                        "après",
                        "avant",
                        "côté",
                        "côtés",
                    )
                )
            ):
                return []
            if word.pos_ in ("NOUN", "PROPN") and not (
                prev is not None and prev.lower_ in _PLACE_PREPS
            ):
                actor = self.resolver.resolve(word)
                if actor is not None:
                    self.weak.append("object-window")
                    return [actor]
            if word.pos_ not in ("DET", "ADJ", "PUNCT"):
                prev = word
        return []

    def subject_surface(self) -> list[Actor]:
        """The first bare mention before the verb: "Dans un communiqué, X, ..., a condamné"."""
        doc = self.resolver.doc
        for mention in self.resolver.actors.mentions:
            if mention.start < self.sent.start_char or mention.start >= self.token.idx:
                continue
            first = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if first is None:
                continue
            before = [
                t for t in doc[self.sent.start : first.start] if t.pos_ not in ("DET", "PUNCT")
            ]
            prev = doc[first.start - 1] if first.start > self.sent.start else None
            if prev is not None and prev.pos_ == "ADP":
                continue
            if not before or (prev is not None and prev.text == ","):
                self.weak.append("subject-surface")
                return [Actor.of(mention)]
        return self.split_subject()

    def split_subject(self) -> list[Actor]:
        """ "Pékin | a fustigé ...": the parser cut a bare name off as a sentence of its own;
        when the verb's sentence starts with its auxiliary, that name is the subject."""
        doc, sent = self.resolver.doc, self.sent
        if (
            sent.start == 0
            or doc[sent.start].pos_ != "AUX"
            or doc[sent.start].head.i != self.token.i
        ):
            return []
        previous = doc[sent.start - 1].sent
        words = [t for t in previous if t.pos_ not in ("DET", "PUNCT")]
        if not words or len(words) > 3 or any(t.pos_ in ("VERB", "AUX") for t in words):
            return []
        actor = self.resolver.resolve(words[-1]) or self.resolver.resolve(words[0])
        if actor is None or actor.kind != "entity":
            return []
        self.weak.append("subject-surface")
        return [actor]

    def appos(self) -> list[Actor]:
        token = self.token
        if token.dep_ in ("appos", "acl") and token.head.i < token.i:
            head = self.resolver.resolve(token.head)
            if head is not None and token.head.i >= token.i - 4:
                return [head]
        # "la Russie, allié du régime": the mention right before the comma
        if token.dep_ in ("nsubj", "nsubj:pass"):
            return []  # "Selon X, les livraisons ... sont": the noun starts a new clause
        left = token.i - 1
        while left > self.sent.start and self.resolver.doc[left].pos_ in ("DET", "ADJ"):
            left -= 1
        comma = self.resolver.doc[left]
        if comma.text == "," and left > self.sent.start:
            mention = self.resolver.actors.at(self.resolver.doc[left - 1].idx)
            if mention is not None:
                self.weak.append("appos-surface")
                return [Actor.of(mention)]
        return []

    def possessor(self) -> list[Actor]:
        token = self.token
        owners = [c for c in token.children if c.dep_ == "det" and "Yes" in c.morph.get("Poss")]
        if not owners:
            return []
        speaker = self.attribution.speaker
        if owners[0].lower_ in self.lang.first_person and speaker not in (None, AUTHOR_ACTOR):
            self.weak.append("speaker")  # "notre aide à Y", said by X: X's
            return [speaker]
        if token.dep_ == "obj" and token.head.pos_ == "VERB":  # "X a réaffirmé son soutien à Y"
            found = self.resolver.subjects(token.head)
            if found:
                return found
        sent_start = self.sent.start_char
        mention = self.resolver.actors.before(token.idx, sent_start)
        self.weak.append("poss")
        if mention is not None:
            return [Actor.of(mention)]
        return [self.resolver.last_subject] if self.resolver.last_subject else []

    # -- record ----------------------------------------------------------------------------
    def negated(self) -> bool:
        token = self.token
        governed = (
            token.pos_ in ("NOUN", "ADJ")
            and token.head.pos_ == "VERB"
            and token.dep_ in ("obj", "xcomp")
        )
        places = [token] + (
            [token.head] if governed and self.cue.kind not in ("labelling", "framing") else []
        )
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in REFUSING:
            return True  # "X refuse de soutenir Y" is no support
        negators = self.lang.negators
        if self.cue.modal:  # "X ne peut ni ne doit céder": the negation is on the modals
            places = [token, token.head, *(c for c in token.head.children if c.dep_ == "conj")]
            negators = negators | {"ne", "n'", "ni"}
        return any(
            (c.dep_ in ("advmod", "cc") and c.lower_ in negators)
            or (c.dep_ == "det" and c.lower_ in ("aucun", "aucune"))
            for place in places
            for c in place.children
        )

    def hedged(self) -> bool:
        token = self.token
        places = [token, token.head]
        for place in places:
            if "Cnd" in place.morph.get("Mood") or (
                self.lang.code == "fr"
                and place.pos_ in ("VERB", "AUX")
                and place.lower_.endswith(("rait", "raient"))
            ):
                return True
            for c in place.children:
                if (
                    c.lemma_.lower() in self.lang.hedges
                    or c.lower_ in self.lang.hedges
                    or "Cnd" in c.morph.get("Mood")
                ):
                    return True
        return False

    def record(self, holder: Actor, target: Actor) -> dict[str, Any]:
        cue, token, sent = self.cue, self.token, self.sent
        negated = self.negated()
        label = cue.polarity
        if negated and cue.negation != "keep":
            label = (
                "NONE" if cue.negation == "cancel" else ("AGAINST" if label == "FAVOR" else "FAVOR")
            )
        confidence = _BASE * min([_WEAK.get(w, 1.0) for w in self.weak] + [1.0])
        if cue.kind in ("labelling", "framing"):
            confidence *= 0.85
        if not target.resolved:
            confidence *= 0.85
        if holder is AUTHOR_ACTOR:
            confidence *= 0.6  # the article's own evaluation: its words, no one's declared stance
        if target.kind == "issue":
            confidence *= 0.8  # what a noun phrase is about is less sure than who an actor is
        if cue.kind == "opposition":
            confidence *= 0.85  # wanting something stopped says less than condemning it
        if self.hedged():
            confidence *= 0.8
        lo, hi = token.idx, token.idx + len(token.text)
        anchor = self.anchor
        lo, hi = min(lo, anchor.idx), max(hi, anchor.idx + len(anchor.text))
        if target.start is not None and sent.start_char <= target.start < sent.end_char:
            lo, hi = min(lo, target.start), max(hi, target.end or hi)
        attribution = self.attribution
        if attribution.speaker is None:  # a quote credited to nobody: its words are the holder's
            attribution = Attribution(holder, attribution.mode, attribution.cue or token)
        elif (
            holder is not attribution.speaker
            and attribution.mode == "author"
            and cue.kind in SPEECH_KINDS
        ):
            attribution = Attribution(holder, "indirect", token)
        text = self.resolver.actors.text  # the parsed text (Doc.text rebuilds it)
        return {
            "holder": holder.record(),
            "target": target.record(),
            "label": label,
            "confidence": round(confidence, 3),
            "sentence": [sent.start_char, sent.end_char],
            "evidence": {"text": text[lo:hi], "start": lo, "end": hi},
            "attribution": attribution.record(),
            "kind": cue.kind,
            "negated": negated,
            "method": f"rules:{cue.pos.lower()}:{cue.lemma}",
        }


ARGUMENTS: dict[str, Callable[[CueMatch, str], list[Actor]]] = {
    "rel": CueMatch.arg_rel,
    "owner": CueMatch.arg_owner,
    "subj": CueMatch.arg_subj,
    "obj": CueMatch.arg_obj,
    "cop": CueMatch.arg_cop,
    "appos": CueMatch.arg_appos,
    "gov": CueMatch.arg_gov,
    "demonym": CueMatch.arg_demonym,
    "poss": CueMatch.arg_poss,
    "head": CueMatch.arg_head,
    "self": CueMatch.arg_self,
    "speaker": CueMatch.arg_speaker,
    "agent": CueMatch.arg_agent,
}
"""The argument specs read off the parse around a cue; any other spec is a preposition."""
