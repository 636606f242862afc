"""Document-level near-duplicates: exact hash, MinHash LSH candidates, verification, star links.

Streaming, query-then-insert: each document is compared with everything indexed before it.
Every LSH candidate is verified (estimated Jaccard of the shingle sets, and containment of a
short dispatch inside a longer article), and the document is linked to the *earliest*
verified representative (star assignment), so low thresholds do not chain unrelated items
through intermediate documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from presse_dedup.backend import MinHashBackend
from presse_dedup.columns import Column
from presse_dedup.normalize import dateline_end, stable_hash, words
from presse_dedup.stopwords import STOPWORDS

NO_DAY = -(2**31)


@dataclass(frozen=True)
class DocFeatures:
    """What the index needs from one document."""

    shingles: list[str]
    exact: int
    day: int = NO_DAY


@dataclass(frozen=True)
class DocLink:
    """The verdict for one document."""

    duplicate_of: str | None
    cluster: str
    similarity: float | None


@dataclass(frozen=True)
class Verification:
    """Thresholds applied to every LSH candidate."""

    threshold: float = 0.5
    containment: float = 0.8
    min_containment_shingles: int = 30
    window_days: int | None = None


def doc_features(
    text: str,
    shingle: int,
    fold_accents: bool,
    strip_datelines: bool,
    day: int = NO_DAY,
    content_words: bool = True,
) -> DocFeatures:
    """Normalised shingles (word ``shingle``-grams, function words left out unless
    ``content_words`` is false) and the exact-text hash of a document."""
    start = dateline_end(text) if strip_datelines else 0
    tokens = words(text[start:], fold_accents)
    kept = [t for t in tokens if t not in STOPWORDS] if content_words else tokens
    kept = kept or tokens  # a text of function words only still has a signature
    if shingle <= 1:
        grams = kept
    else:
        grams = [" ".join(kept[i : i + shingle]) for i in range(max(1, len(kept) - shingle + 1))]
    return DocFeatures(sorted(set(grams)), stable_hash(" ".join(tokens)) if tokens else 0, day)


def similarities(
    digests: np.ndarray,
    sizes: np.ndarray,
    days: np.ndarray,
    digest: np.ndarray,
    size: int,
    day: int,
    rules: Verification,
    shares: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Similarity of one document (``digest``, ``size``, ``day``) to each candidate (rows of
    ``digests``, ``sizes``, ``days``), and which candidates pass verification.

    ``shares``: per candidate, the share of sentences the passage index found repeated
    (0 if none; ``inf`` for the same normalised text, similarity 1.0).
    """
    jaccard = (digests == digest).mean(axis=1)
    other = sizes.astype(np.float64)
    smaller = np.minimum(other, size)
    inter = jaccard * (other + size) / (1.0 + jaccard)
    contain = np.where(
        smaller >= rules.min_containment_shingles,
        np.minimum(inter / np.maximum(smaller, 1), 1.0),
        0.0,
    )
    # the Jaccard when it suffices, else the containment that makes it a duplicate
    contain = np.where(contain >= rules.containment, contain, 0.0)
    if shares is not None:
        contain = np.maximum(contain, np.where(np.isinf(shares), 0.0, shares))
    sims = np.where(jaccard >= rules.threshold, jaccard, contain)
    if shares is not None:
        sims[np.isinf(shares)] = 1.0
    ok = sims >= rules.threshold
    if rules.window_days is not None and day != NO_DAY:
        ok &= (days == NO_DAY) | (np.abs(days.astype(np.int64) - day) <= rules.window_days)
    return sims, ok


class DocumentIndex:
    """Every indexed document's id, representative, shingle count, date and digest."""

    def __init__(self, backend: MinHashBackend) -> None:
        self.backend = backend
        self.ids: list[str] = []
        self.key_of: dict[str, int] = {}
        self.rep = Column("int64")
        self.sizes = Column("uint32")
        self.days = Column("int32")
        self.digests = Column("uint32", backend.num_perm)
        self.exact: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def link_batch(
        self,
        ids: list[str],
        feats: list[DocFeatures],
        rules: Verification,
        contained: list[dict[str, float]] | None = None,
    ) -> list[DocLink]:
        """Link each document to an earlier one (or none), then index it; in input order.

        ``contained`` gives, per document, earlier documents known to share a share of
        their sentences with it (from the passage index): extra verified candidates when
        that share reaches ``rules.containment``.
        """
        signatures = self.backend.sketch([f.shingles for f in feats])
        extra = contained or [{} for _ in ids]
        return [
            self._link_one(doc_id, f, sig, rules, more)
            for doc_id, f, sig, more in zip(ids, feats, signatures, extra, strict=True)
        ]

    def _link_one(
        self,
        doc_id: str,
        feat: DocFeatures,
        signature,
        rules: Verification,
        contained: dict[str, float],
    ) -> DocLink:
        if not feat.shingles:  # no words: nothing to compare, nothing to index
            return DocLink(None, doc_id, None)
        digest = self.backend.digest(signature)
        size = len(feat.shingles)
        known = self.key_of.get(doc_id)
        keys = [k for k in self.backend.query(signature) if k != known]
        exact = self.exact.get(feat.exact) if feat.exact else None
        if exact is not None and exact != known and exact not in keys:
            keys.append(exact)
        shared = {
            self.key_of[i]: share
            for i, share in contained.items()
            if share >= rules.containment and self.key_of.get(i, known) != known
        }
        keys.extend(k for k in shared if k not in keys)
        best_key, best_sim = None, None
        if keys:
            keys_arr = np.array(sorted(keys), dtype=np.int64)
            keys_arr, sims = self._verify(keys_arr, digest, size, feat.day, rules, exact, shared)
            best_key, best_sim = self._assign(keys_arr, sims)
        if best_key is None:
            key_rep = None
            link = DocLink(None, doc_id, None)
        else:
            key_rep = best_key
            link = DocLink(self.ids[best_key], self.ids[best_key], round(float(best_sim), 4))
        if known is None:
            self._insert(doc_id, feat, signature, digest, size, key_rep)
        return link

    def _verify(
        self,
        keys: np.ndarray,
        digest: np.ndarray,
        size: int,
        day: int,
        rules: Verification,
        exact: int | None,
        shared: dict[int, float],
    ) -> tuple[np.ndarray, np.ndarray]:
        shares = np.zeros(len(keys))
        for key, share in shared.items():
            shares[keys == key] = share
        if exact is not None:
            shares[keys == exact] = np.inf  # the same text: similarity 1.0
        sims, ok = similarities(
            self.digests[keys], self.sizes[keys], self.days[keys], digest, size, day, rules, shares
        )
        return keys[ok], sims[ok]

    def _assign(self, keys: np.ndarray, sims: np.ndarray) -> tuple[int | None, float | None]:
        """Star assignment: the earliest verified representative (keys are sorted).

        A match with a document that is itself a duplicate does not count: joining through
        it would chain items that were never compared with the representative.
        """
        is_rep = self.rep[keys] == keys
        if not is_rep.any():
            return None, None
        index = int(np.argmax(is_rep))
        return int(keys[index]), float(sims[index])

    def _insert(
        self,
        doc_id: str,
        feat: DocFeatures,
        signature,
        digest: np.ndarray,
        size: int,
        rep: int | None,
    ) -> None:
        key = len(self.ids)
        self.ids.append(doc_id)
        self.key_of[doc_id] = key
        self.rep.append(key if rep is None else rep)
        self.sizes.append(size)
        self.days.append(feat.day)
        self.digests.append(digest)
        if feat.exact and feat.exact not in self.exact:
            self.exact[feat.exact] = key
        if rep is None:
            # Only representatives go into the LSH index: a match with a duplicate never
            # counts (see _assign), and candidate lists then stay as short as the number of
            # clusters a text resembles, however many copies each cluster has.
            self.backend.insert(key, signature)
