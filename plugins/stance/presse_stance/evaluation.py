"""The author's own evaluative words, for the document-level stance toward a target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from presse_stance.lexicon import bundled_text

SUPPORTED = ("fr",)


@dataclass(frozen=True)
class EvaluationLexicon:
    positive: frozenset[str]
    negative: frozenset[str]
    negators: frozenset[str]

    @classmethod
    def load(cls, code: str, negators: frozenset[str]) -> EvaluationLexicon | None:
        if code not in SUPPORTED:
            return None
        data = yaml.safe_load(bundled_text(f"evaluation_{code}.yaml"))
        return cls(
            frozenset(map(str.lower, data["positive"])),
            frozenset(map(str.lower, data["negative"])),
            negators,
        )

    def polarity(self, token: Any) -> int:
        """+1 / -1 for an evaluative word, flipped under negation ("n'est pas utile"); else 0."""
        lemma = token.lemma_.lower()
        value = 1 if lemma in self.positive else -1 if lemma in self.negative else 0
        if value and self.negated(token):
            value = -value
        return value

    def negated(self, token: Any) -> bool:
        places = [token, token.head]
        return any(
            c.dep_ == "advmod" and c.lower_ in self.negators
            for place in places
            for c in place.children
        )


def author_balance(
    parsed: Any,
    mentions: list[Any],
    target_ids: set[str],
    quotes: list[tuple[int, int]],
    lexicon: EvaluationLexicon,
) -> dict[str, tuple[int, int]]:
    """Per target: (positive, negative) evaluative words of the author about it.

    A sentence is about a target when it names it, or names no target and follows one that
    did (opinion pieces go on with "Elle", "Son prix"...). Quoted words are not the author's.
    """
    balance = {t: [0, 0] for t in target_ids}
    current: set[str] = set()
    for sent in parsed.sents:
        named = {
            m.entity_id
            for m in mentions
            if m.entity_id in target_ids and sent.start_char <= m.start < sent.end_char
        }
        current = named or current
        for token in sent:
            if not current or any(s < token.idx < e for s, e in quotes):
                continue
            value = lexicon.polarity(token)
            for target in current:
                balance[target][0 if value > 0 else 1] += value != 0
    return {t: (p, n) for t, (p, n) in balance.items()}
