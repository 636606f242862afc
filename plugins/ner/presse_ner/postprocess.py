"""The post-processing chain: model entities in, cleaned and linked entity records out."""

from __future__ import annotations

from typing import Any

from presse_ner.consistency import harmonise_labels
from presse_ner.gazetteer import Gazetteer
from presse_ner.junk import JunkFilter
from presse_ner.linking import link, records
from presse_ner.mentions import Mention
from presse_ner.recase import Recaser
from presse_ner.trim import Trimmer


class PostProcessor:
    """recase → trim → gazetteer → drop junk → label consistency → aliases → label filter.

    Each step is optional (``None`` / ``False`` switches it off).
    """

    def __init__(
        self,
        recaser: Recaser | None = None,
        trimmer: Trimmer | None = None,
        junk: JunkFilter | None = None,
        gazetteer: Gazetteer | None = None,
        consistent_labels: bool = True,
        aliases: bool = True,
        labels: frozenset[str] | None = None,
    ) -> None:
        self.recaser = recaser
        self.trimmer = trimmer
        self.junk = junk
        self.gazetteer = gazetteer
        self.consistent_labels = consistent_labels
        self.aliases = aliases
        self.labels = labels

    def __call__(self, spacy_doc: Any) -> list[dict[str, Any]]:
        return self.batch([spacy_doc])[0]

    def batch(
        self, spacy_docs: list[Any], texts: list[str] | None = None
    ) -> list[list[dict[str, Any]]]:
        """The ``entities`` records of each parsed doc (model re-checks batched).

        ``texts``: the docs' texts if at hand (``Doc.text`` is rebuilt on every access).
        """
        if texts is None:
            texts = [doc.text for doc in spacy_docs]
        found = [self._candidates(doc, text) for doc, text in zip(spacy_docs, texts, strict=True)]
        if self.junk is not None:
            found = self.junk.batch(list(zip(found, spacy_docs, texts, strict=True)))
        return [self._resolve(mentions, text) for mentions, text in zip(found, texts, strict=True)]

    def _candidates(self, spacy_doc: Any, text: str) -> list[Mention]:
        mentions = [Mention(e.start_char, e.end_char, e.label_) for e in spacy_doc.ents]
        if self.recaser is not None:
            mentions = self.recaser(mentions, spacy_doc, text)
        if self.trimmer is not None:
            mentions = self.trimmer(mentions, text)
        if self.gazetteer is not None and len(self.gazetteer):
            mentions = self.gazetteer(mentions, spacy_doc)
        return mentions

    def _resolve(self, mentions: list[Mention], text: str) -> list[dict[str, Any]]:
        if self.consistent_labels:
            mentions = harmonise_labels(mentions, text)
        if self.aliases:
            linked = link(mentions, text, relabel=self.consistent_labels)
        else:
            linked = [(m, m.canonical or m.name(text)) for m in mentions]
        if self.labels is not None:
            linked = [(m, c) for m, c in linked if m.label in self.labels]
        return records(linked, text)
