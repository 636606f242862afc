"""Label consistency: one entity string gets one label within a document."""

from __future__ import annotations

from collections import Counter, defaultdict

from presse_ner.mentions import Mention
from presse_ner.normalize import fold

TITLE_WEIGHT = 3
"""Votes for PER carried by a mention that had a person title ("M. Shamkhani")."""


def vote(mentions: list[Mention]) -> str | None:
    """The label a group of mentions of one name should share, ``None`` on a tie.

    A gazetteer match decides; otherwise the strict majority, a titled mention counting
    ``TITLE_WEIGHT`` votes for PER.
    """
    for mention in mentions:
        if mention.source == "pattern":
            return mention.label
    votes: Counter[str] = Counter()
    for mention in mentions:
        votes["PER" if mention.titled else mention.label] += TITLE_WEIGHT if mention.titled else 1
    (best, top), *rest = votes.most_common(2)
    return None if rest and rest[0][1] == top else best


def harmonise_labels(mentions: list[Mention], text: str) -> list[Mention]:
    """Relabel each mention with the label its string gets in the document as a whole."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[fold(mention.name(text))].append(mention)
    labels = {key: vote(group) for key, group in groups.items()}
    out = []
    for mention in mentions:
        label = labels[fold(mention.name(text))]
        keep = label is None or mention.source == "pattern" or mention.label == label
        out.append(mention if keep else mention.with_(label=label))
    return out
