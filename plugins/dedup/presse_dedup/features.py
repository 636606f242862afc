"""What dedup computes of each document before comparing it: its word shingles and day
(what MinHash signs), and its sentences' features (what passage links compare).

Both the stage (:mod:`presse_dedup.stage`) and its distributed plan's workers
(:mod:`presse_dedup.plan`) extract features through :class:`FeatureExtractor`, so they see
the same features from the same parameters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presse import Document, PresseError
from presse_dedup.normalize import dateline_end
from presse_dedup.segment import sentence_spans
from presse_dedup.sentences import SentenceFeatures, entity_spans, sentence_features

# The modules below import numpy: imported when features are first extracted, so that
# `presse --help` and `presse stages` do not pay for numpy.
if TYPE_CHECKING:
    from presse_dedup.documents import Verification
    from presse_dedup.passages import BatchDoc, PassageRules
    from presse_dedup.semantic import StaticVectorAlignment


class FeatureExtractor:
    """Features of documents and sentences for the parameters ``params`` (a
    :class:`~presse_dedup.stage.Dedup` ``Params``), and the rules that compare them.

    ``scorer`` (word vectors for paraphrases) is loaded on the first batch that needs it
    (:meth:`load_scorer`), reusing the vocabulary of a parse the NER stage left.
    """

    def __init__(self, params: Any) -> None:
        self.params = params
        self.scorer: StaticVectorAlignment | None = None

    @property
    def paraphrase_on(self) -> bool:
        """Whether sentences are compared by word vectors too."""
        return self.params.paraphrase and self.params.passages

    def load_scorer(self, docs: list[Document]) -> StaticVectorAlignment:
        """The word vectors for paraphrases (the parse of ``docs`` lends its vocabulary)."""
        from presse_dedup.semantic import StaticVectorAlignment

        parsed = next((d.shared["spacy"] for d in docs if "spacy" in d.shared), None)
        try:
            self.scorer = StaticVectorAlignment.load(self.params.model, parsed)
        except RuntimeError as exc:
            raise PresseError(str(exc)) from exc
        return self.scorer

    def documents(self, docs: list[Document]) -> list[Any]:
        """Normalised word shingles and date of each document (what MinHash signs)."""
        from presse_dedup.dates import day_number
        from presse_dedup.documents import NO_DAY, doc_features

        p = self.params
        return [
            doc_features(
                d.text,
                p.shingle,
                p.fold_accents,
                p.strip_datelines,
                day_number(d.meta.get("date")) if p.window_days is not None else NO_DAY,
                p.content_words,
            )
            for d in docs
        ]

    def sentences(self, doc: Document) -> BatchDoc:
        """The features of each sentence of ``doc`` worth comparing (with word vectors when
        paraphrases are on and the scorer is loaded)."""
        from presse_dedup.passages import BatchDoc

        p = self.params
        text = doc.text
        ents = entity_spans(doc.get("entities"), p.fold_accents) if doc.get("entities") else None
        found: list[SentenceFeatures] = []
        dateline = dateline_end(text) if p.strip_datelines else 0
        for start, end in sentence_spans(text, doc.get("sentences")):
            if start < dateline < end:
                start = dateline
            feat = sentence_features(text, start, end, p.fold_accents, ents, p.min_words)
            if feat is not None:
                found.append(feat)
        semantic = None
        if self.scorer is not None:
            semantic = [self.scorer.features(f.words, f.stems) for f in found]
        return BatchDoc(doc.id, found, semantic)

    def verification(self) -> Verification:
        """How a candidate pair of documents is verified."""
        from presse_dedup.documents import Verification

        p = self.params
        return Verification(p.threshold, p.containment, p.min_containment_shingles, p.window_days)

    def passage_rules(self) -> PassageRules:
        """How sentences are linked."""
        from presse_dedup.passages import PassageRules

        p = self.params
        return PassageRules(
            near=p.near,
            fragment_anchors=max(1, p.fragment_words - 1),
            paraphrase=p.paraphrase_threshold if self.scorer else None,
            max_links=p.max_links,
        )
