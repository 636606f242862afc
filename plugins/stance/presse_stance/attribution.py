"""Who is speaking: quotes, reported speech ("X a affirmé que ..."), "selon X", or the author."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from presse_stance.actors import AUTHOR_ACTOR, Actor
from presse_stance.resolve import Resolver, Token

_QUOTES = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"\n]*\"")


@dataclass(frozen=True)
class Attribution:
    """The speaker of a token and how the text ties the words to them."""

    speaker: Actor | None
    """``AUTHOR_ACTOR`` for the article's own voice; None for a quote nobody is credited with."""
    mode: str
    """``direct_quote``, ``indirect`` or ``author``."""
    cue: Token | None = None

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "speaker": self.speaker.text if self.speaker else None,
            "mode": self.mode,
        }
        if self.cue is not None:
            out["cue"] = self.cue.text
            out["cue_span"] = [self.cue.idx, self.cue.idx + len(self.cue.text)]
        return out


AUTHOR_VOICE = Attribution(AUTHOR_ACTOR, "author")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of «…», “…” and "…" quotations (marks included)."""
    return [m.span() for m in _QUOTES.finditer(text)]


class Attributor:
    """Computes, once per document, the attribution of every token."""

    def __init__(self, parsed: Any, resolver: Resolver) -> None:
        self.doc = parsed
        self.resolver = resolver
        self.lang = resolver.lang
        self.quotes = quote_spans(resolver.actors.text)
        self.by_token: dict[int, Attribution] = {}
        self._named: list[tuple[int, Actor]] | None = None  # see named_speakers()
        self._recent: list[tuple[int, Actor]] | None = None  # see recent_actors()
        self.sentences = list(parsed.sents)
        self.sentence_starts = [sent.start for sent in self.sentences]
        # per token: start, lower-case form, lower-cased lemma (one array read: spaCy's
        # Token attributes are slow to read one by one)
        from spacy.attrs import IDX, LEMMA, LOWER, POS
        from spacy.symbols import AUX, VERB

        columns = parsed.to_array([IDX, LOWER, LEMMA, POS]).T.tolist()
        starts, lower_ids, lemma_ids, pos_ids = columns or ([], [], [], [])
        strings = parsed.vocab.strings
        lower_of = {h: strings[h] for h in set(lower_ids)}
        lemma_of = {h: strings[h].lower() for h in set(lemma_ids)}
        self.token_starts: list[int] = starts
        self.lowers: list[str] = [lower_of[h] for h in lower_ids]
        self.lemmas: list[str] = [lemma_of[h] for h in lemma_ids]
        reporting_verbs = self.lang.reporting_verbs
        self.reporting: set[int] = {  # reporting verbs, by token index
            i
            for i, (lemma, pos) in enumerate(zip(self.lemmas, pos_ids, strict=True))
            if lemma in reporting_verbs and pos in (VERB, AUX)
        }
        self.que_verbs: set[int] = {  # verbs with a `que` clause: "X inscrit que ..."
            token.head.i
            for token in parsed
            if token.dep_ == "ccomp"
            and token.head.pos_ == "VERB"
            and any(c.dep_ == "mark" and c.lower_ in ("que", "qu'", "qu’") for c in token.children)
        }
        for sent in self.sentences:
            self._sentence(sent)
        for start, end in self.quotes:
            self._quote(start, end)

    def _tokens(self, start: int, end: int) -> tuple[int, int]:
        """Indices ``[i, j)`` of the tokens that start inside ``[start, end)``."""
        return bisect_left(self.token_starts, start), bisect_left(self.token_starts, end)

    def _sentence_of(self, i: int) -> int:
        return bisect_right(self.sentence_starts, i) - 1

    def of(self, token: Token) -> Attribution:
        return self.by_token.get(token.i, AUTHOR_VOICE)

    def in_quote(self, token: Token) -> bool:
        return any(s < token.idx < e for s, e in self.quotes)

    def named_speakers(self) -> list[tuple[int, Actor]]:
        """Who spoke where: the named subject of each reporting verb, with its offset (for
        "le communiqué indique ...", which speaks for the last one before it). Computed on
        first need, which comes while attributions are made, before the analysis gives the
        resolver a memory for pronouns, so the result is that of an eager computation."""
        if self._named is None:
            self._named = []
            speech_nouns = self.lang.speech_nouns
            for i in sorted(self.reporting):
                found = self.reporter(self.doc[i])
                if found and found[0].resolved and found[0].lower_text() not in speech_nouns:
                    self._named.append((self.doc[i].idx, found[0]))
            for i in range(len(self.doc)):  # "Pour X, ...", "selon X": X speaks too
                if self._source_marker(i) and self.doc[i].head.lower_ not in self.lang.third_person:
                    found = self.resolver.actors_of(self.doc[i].head)
                    if found and found[0].resolved and found[0].kind == "entity":
                        self._named.append((self.doc[i].idx, found[0]))
            self._named.sort(key=lambda item: item[0])
        return self._named

    def _source_marker(self, i: int) -> bool:
        """ "selon", "d'après", a sentence-initial "Pour X": the words of X follow."""
        lowers = self.lowers
        return (
            lowers[i] in self.lang.source_markers
            or (self.doc[i].is_sent_start and lowers[i] == "pour" and self._names_after(i))
            or (lowers[i] == "après" and i > 0 and lowers[i - 1] in ("d'", "d’"))
        )

    def recent_actors(self) -> list[tuple[int, Actor]]:
        """Named subjects of main clauses and named speakers, by offset: what "il a déclaré"
        and "selon elle" point back to."""
        if self._recent is None:
            self._recent = []  # (a pronoun met while collecting them finds none)
            found = dict(self.named_speakers())
            for sent in self.sentences:
                for child in sent.root.children:
                    if (
                        child.dep_ in ("nsubj", "nsubj:pass")
                        and child.pos_ != "PRON"
                        and not self.in_quote(child)
                    ):
                        actor = self.resolver.resolve(child)
                        if actor is not None and actor.kind == "entity":
                            found.setdefault(child.idx, actor)
            self._recent = sorted(found.items(), key=lambda item: item[0])
        return self._recent

    def back_to(self, offset: int) -> Actor | None:
        """The last named actor before ``offset`` (a pronoun's antecedent)."""
        recent = self.recent_actors()
        i = bisect_left(recent, offset, key=lambda item: item[0]) - 1
        return recent[i][1] if i >= 0 else None

    def reporter(self, verb: Token, allow_phrase: bool = False) -> list[Actor]:
        """Who does the reporting verb ``verb``: its subject, or an inverted subject the
        parse took for an object ("« … », a insisté le chef de l'État X")."""
        found = self.resolver.subjects(verb, allow_phrase=allow_phrase)
        if not found and (
            verb.doc[verb.i - 1].text in (",", "»", '"', "”") or _postposed_after_auxiliary(verb)
        ):
            for child in verb.children:
                if child.dep_ == "obj" and child.i > verb.i:
                    return self.resolver.actors_of(child, allow_phrase=allow_phrase)
        return found

    def _speaker(self, verb: Token) -> Actor | None:
        pronouns = self.lang.third_person | {"on"}
        inverted = verb.doc[max(verb.i - 3, 0) : verb.i]  # "a-t-il protesté" split oddly
        if any(
            c.dep_ in ("nsubj", "nsubj:pass", "expl:subj") and c.lower_.lstrip("-") in pronouns
            for c in verb.children
        ) or any(t.text.startswith("-") and t.lower_.lstrip("-") in pronouns for t in inverted):
            # "a-t-il déclaré": the last named speaker before the sentence (and its quote),
            # else the last named actor
            before = verb.sent.start_char
            speakers = [actor for offset, actor in self.named_speakers() if offset < before]
            return speakers[-1] if speakers else self.back_to(before)
        found = self.reporter(verb, allow_phrase=True)
        if found and found[0].lower_text() in self.lang.speech_nouns:
            # "le communiqué évoquant ...": the document's last named speaker before it
            earlier = [actor for offset, actor in self.named_speakers() if offset < verb.idx]
            return earlier[-1] if earlier else None
        return found[0] if found else None

    def _sentence(self, sent: Any) -> None:
        lowers = self.lowers
        for i in range(sent.start, sent.end):
            if self._source_marker(i) and (lowers[i] != "pour" or i == sent.start):
                token = self.doc[i]
                source = token.head
                if source.lower_ in self.lang.third_person:  # "selon elle"
                    earlier = self.back_to(source.idx)
                    found = [earlier] if earlier is not None else []
                else:
                    found = self.resolver.actors_of(source, allow_phrase=True)
                head = source.lemma_.lower()
                if found and not (
                    found[0].resolved
                    or head in self.lang.speech_nouns
                    or head in self.lang.people_nouns
                ):
                    found = []  # "selon des informations de presse" names no speaker
                if found:
                    skip = {t.i for t in source.subtree}
                    for other in sent:
                        if other.i not in skip:
                            self.by_token.setdefault(
                                other.i, Attribution(found[0], "indirect", token)
                            )
        for i in range(sent.start, sent.end):
            if i in self.reporting or (i in self.que_verbs and self._named_subject(self.doc[i])):
                token = self.doc[i]
                clauses = [
                    c
                    for c in token.children
                    if c.dep_ in ("ccomp", "obj")
                    and c.pos_ in ("VERB", "AUX", "ADJ", "NOUN")
                    and any(g.dep_ == "mark" or g.lower_ in ("que", "qu'") for g in c.children)
                ]
                clauses += [c for c in token.children if c.dep_ == "ccomp"]
                if not clauses and _postposed(token):
                    # "Lutte contre X : un ambassadeur sera nommé, annonce Y": all before is Y's
                    speaker = self._speaker(token)
                    if speaker is not None:
                        for other in self.doc[sent.start : token.i - 1]:
                            self.by_token.setdefault(
                                other.i, Attribution(speaker, "indirect", token)
                            )
                    continue
                if not clauses:
                    continue
                speaker = self._speaker(token)
                if speaker is None:
                    continue
                for clause in clauses:
                    for other in clause.subtree:
                        self.by_token[other.i] = Attribution(speaker, "indirect", token)

    def _quote(self, start: int, end: int) -> None:
        first, last = self._tokens(start, end)
        if first == last:
            return
        verb = self._reporting_verb(start, end)
        speaker = self._speaker(verb) if verb is not None else None
        if speaker is None and verb is None:
            outer = self.by_token.get(first)
            if outer is not None and outer.mode == "indirect":
                speaker, verb = outer.speaker, outer.cue
        if speaker is None and verb is None:
            speaker = self._headline_speaker(first)
        attribution = Attribution(speaker, "direct_quote", verb)
        for i in range(first, last):
            self.by_token[i] = attribution

    def _names_after(self, i: int) -> bool:
        """ "Pour Marine Dupont, ...": a name follows (the tagger may call "Marine" a noun)."""
        return self.doc[i].head.pos_ == "PROPN" or (
            i + 1 < len(self.doc) and self.resolver.actors.at(self.doc[i + 1].idx) is not None
        )

    def _named_subject(self, verb: Token) -> bool:
        """Whether ``verb`` has a subject that names an actor (no pronoun, no "il faut")."""
        node = verb
        for _ in range(3):  # "X devrait inscrire que ...": the subject of the modal
            subjects = [c for c in node.children if c.dep_ == "nsubj"]
            if subjects or node.dep_ not in ("xcomp", "conj") or node.head is node:
                return any(c.pos_ in ("NOUN", "PROPN") for c in subjects)
            node = node.head
        return False

    def _headline_speaker(self, first: int) -> Actor | None:
        """ "Zelensky : « ... »", "X à Y : « ... »": a name before the colon that opens the
        quote is its speaker (the headline form of reported speech)."""
        if first < 2 or self.doc[first - 1].text != ":":
            return None
        sent = self.sentences[self._sentence_of(first - 1)]
        for token in self.doc[sent.start : first - 1]:
            if token.pos_ == "PROPN":
                found = self.resolver.resolve(token)
                if found is not None and found.kind == "entity":
                    return found
            elif token.pos_ in ("VERB", "AUX"):
                return None
        return None

    def _reporting_verb(self, start: int, end: int) -> Token | None:
        """The reporting verb outside the quote, in the sentence that holds it, nearest first."""
        doc = self.doc
        first, last = self._tokens(start, end)
        candidates = []
        for k in range(self._sentence_of(first), self._sentence_of(last - 1) + 1):
            for token in self.sentences[k]:
                if token.i in self.reporting and not first <= token.i < last:
                    distance = token.idx - end if token.idx >= end else start - token.idx
                    candidates.append((distance, token))
        if not candidates and last < len(doc) and doc[last].text == ",":
            # "« ... », a déclaré X" split into two sentences after the quote
            candidates = [
                (0, t) for t in doc[last : min(last + 5, len(doc))] if t.i in self.reporting
            ][:1]
        if not candidates and first < len(doc):
            # "X a déclaré : « ... »" with the quote split into its own sentence
            k = self._sentence_of(first)
            if k > 0:
                prev = self.sentences[k - 1]
                if prev[-1].text == ":" or (len(prev) > 1 and prev[-2].text == ":"):
                    candidates = [(0, t) for t in prev if t.i in self.reporting]
        return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _postposed(verb: Token) -> bool:
    """A reporting verb after a comma with its subject after it: "..., annonce X"."""
    return (
        verb.i > verb.sent.start + 2
        and verb.doc[verb.i - 1].text == ","
        and any(c.dep_ == "nsubj" and c.i > verb.i for c in verb.children)
    )


def _postposed_after_auxiliary(verb: Token) -> bool:
    """ "», a insisté X": the reporting verb follows its auxiliary right after a comma."""
    doc = verb.doc
    i = verb.i - 1
    while i > 0 and doc[i].pos_ == "AUX":
        i -= 1
    return i < verb.i - 1 and doc[i].text in (",", "»", '"', "”")
