"""Document-level near-duplicates: exact hash, MinHash LSH candidates, verification, star links.

Streaming, query-then-insert: each document is compared with everything indexed before it.
Every LSH candidate is verified (estimated Jaccard of the shingle sets, and containment of a
short dispatch inside a longer article), and the document is linked to the *earliest*
verified representative (star assignment), so low thresholds do not chain unrelated items
through intermediate documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np

from presse_dedup.backend import MinHashBackend
from presse_dedup.columns import Column
from presse_dedup.normalize import dateline_end, stable_hash, words
from presse_dedup.stopwords import STOPWORDS

NO_DAY = -(2**31)
_VERIFY_CHUNK = 2048  # candidate pairs verified at a time: 2 x 1 MB of digests at 128 perms


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


_BYTES = np.uint64(0x00FF00FF00FF00FF)
_SHORTS = np.uint64(0x0001000100010001)


def matching(digests: np.ndarray, digest: np.ndarray) -> np.ndarray:
    """How many values of each row of ``digests`` equal ``digest``'s (one row, or a row per
    row): the MinHash estimate of Jaccard similarity, times the number of permutations."""
    equal = np.equal(digests, digest)
    width = equal.shape[-1]
    if width % 8 or width > 2040:
        return equal.sum(axis=-1, dtype=np.int64)
    # the flags are bytes of 0 or 1: summed as uint64 words, each byte lane counts its
    # flags (at most width / 8 < 256, no carry); then lanes are added pairwise, and the
    # four 16-bit lanes summed by one multiplication (8x fewer additions than per flag)
    lanes = equal.view(np.uint64).sum(axis=-1, dtype=np.uint64)
    lanes = (lanes & _BYTES) + ((lanes >> np.uint64(8)) & _BYTES)
    return ((lanes * _SHORTS) >> np.uint64(48)).astype(np.int64)


def similarities(
    matches: np.ndarray,
    num_perm: int,
    sizes: np.ndarray,
    days: np.ndarray,
    size: int | np.ndarray,
    day: int | np.ndarray,
    rules: Verification,
    shares: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Similarity of one document (``size``, ``day``) to each candidate (``sizes``,
    ``days``) given their MinHash ``matches`` (see :func:`matching`), and which candidates
    pass verification. The document may also be given per candidate (arrays ``size`` and
    ``day``).

    ``shares``: per candidate, the share of sentences the passage index found repeated
    (0 if none; ``inf`` for the same normalised text, similarity 1.0).
    """
    jaccard = matches / num_perm
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
    if rules.window_days is not None:
        day = np.asarray(day, np.int64)
        near = np.abs(days.astype(np.int64) - day) <= rules.window_days
        ok &= (days == NO_DAY) | (day == NO_DAY) | near
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

        Candidates indexed before the batch are verified for the whole batch at once; a
        document with no verified representative there is then compared, in order, with the
        representatives found earlier in the same batch. Both steps together give exactly
        the links of one document at a time.
        """
        signatures = self.backend.sketch([f.shingles for f in feats])
        contained = contained or [{} for _ in ids]
        batch = _Batch(self, ids, feats, signatures, contained, rules.containment)
        earlier = self._earliest_verified(batch, batch.prior_candidates(), rules)
        links = []
        for b, doc_id in enumerate(ids):
            feat = feats[b]
            batch.known[b] = self.key_of.get(doc_id)  # an id may come twice in a batch
            if not feat.shingles:  # no words: nothing to compare, nothing to index
                links.append(DocLink(None, doc_id, None))
                continue
            best = earlier.get(b) or self._earliest_in_batch(batch, b, rules)
            if best is None:
                links.append(DocLink(None, doc_id, None))
            else:
                key, sim = best
                links.append(DocLink(self.ids[key], self.ids[key], round(sim, 4)))
            if batch.known[b] is None:
                key = self._insert(doc_id, feat, signatures[b], batch.digests[b], best and best[0])
                if best is None:
                    batch.inserted.insert(key, signatures[b])
        return links

    def _earliest_in_batch(
        self, batch: _Batch, b: int, rules: Verification
    ) -> tuple[int, float] | None:
        """Representative of document ``b`` among the documents of its batch indexed so far."""
        if len(self.ids) == batch.first_key:
            return None
        found = {
            key: 0.0
            for key in batch.inserted.query(batch.signatures[b])
            if batch.wanted(b, key, inside=True)
        }
        found |= batch.extras(b, inside=True)
        if not found:
            return None
        keys = np.array(sorted(found), dtype=np.int64)
        shares = np.array([found[k] for k in keys.tolist()])
        return self._earliest_verified(batch, (np.full(len(keys), b), keys, shares), rules).get(b)

    def _earliest_verified(
        self,
        batch: _Batch,
        pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
        rules: Verification,
    ) -> dict[int, tuple[int, float]]:
        """Verify candidate pairs (batch position, key, share), sorted by position then key;
        for each position, the earliest verified key that is a representative (star
        assignment: a match with a document that is itself a duplicate does not count,
        joining through it would chain items never compared with the representative)."""
        positions, keys, shares = pairs
        if not len(keys):
            return {}
        matches = np.empty(len(keys), np.int64)
        for s in range(0, len(keys), _VERIFY_CHUNK):  # rows gathered and compared in cache
            chunk = slice(s, s + _VERIFY_CHUNK)
            matches[chunk] = matching(self.digests[keys[chunk]], batch.digests[positions[chunk]])
        sims, ok = similarities(
            matches,
            self.backend.num_perm,
            self.sizes[keys],
            self.days[keys],
            batch.sizes[positions],
            batch.days[positions],
            rules,
            shares,
        )
        ok &= self.rep[keys] == keys
        out: dict[int, tuple[int, float]] = {}
        for position, key, sim in zip(
            positions[ok].tolist(), keys[ok].tolist(), sims[ok].tolist(), strict=True
        ):
            out.setdefault(position, (key, sim))
        return out

    def _insert(
        self,
        doc_id: str,
        feat: DocFeatures,
        signature,
        digest: np.ndarray,
        rep: int | None,
    ) -> int:
        """Index a document; its key."""
        key = len(self.ids)
        self.ids.append(doc_id)
        self.key_of[doc_id] = key
        self.rep.append(key if rep is None else rep)
        self.sizes.append(len(feat.shingles))
        self.days.append(feat.day)
        self.digests.append(digest)
        if feat.exact and feat.exact not in self.exact:
            self.exact[feat.exact] = key
        if rep is None:
            # Only representatives go into the LSH index: a match with a duplicate never
            # counts (see _earliest_verified), and candidate lists then stay as short as the
            # number of clusters a text resembles, however many copies each cluster has.
            self.backend.insert(key, signature)
        return key


class _Batch:
    """A batch of documents as the index sees it: digests, sizes, days, known keys."""

    def __init__(
        self,
        index: DocumentIndex,
        ids: list[str],
        feats: list[DocFeatures],
        signatures: list,
        contained: list[dict[str, float]],
        containment: float,
    ) -> None:
        self.index, self.feats, self.signatures = index, feats, signatures
        # the representatives this batch adds, in an index of their own: in-batch candidate
        # lists then stay as short as the batch, however large the main index grows
        self.inserted = index.backend.empty()
        self.containment = containment
        self.first_key = len(index)
        self.known = [index.key_of.get(doc_id) for doc_id in ids]
        self.contained = contained
        backend = index.backend
        self.digests = np.zeros((len(ids), backend.num_perm), np.uint32)
        for b, (feat, signature) in enumerate(zip(feats, signatures, strict=True)):
            if feat.shingles:
                self.digests[b] = backend.digest(signature)
        self.sizes = np.array([len(f.shingles) for f in feats], np.int64)
        self.days = np.array([f.day for f in feats], np.int64)

    def wanted(self, b: int, key: int | None, inside: bool) -> bool:
        """``key`` is a candidate for document ``b``: not itself, and indexed before the
        batch or (``inside``) in it."""
        return key is not None and key != self.known[b] and (key >= self.first_key) == inside

    def extras(self, b: int, inside: bool) -> dict[int, float]:
        """Candidates of document ``b`` besides LSH's, with their shares: earlier documents
        sharing enough of its sentences, and (``inf``) the same normalised text."""
        index, found = self.index, {}
        for other_id, share in self.contained[b].items():
            key = index.key_of.get(other_id)
            if share >= self.containment and self.wanted(b, key, inside):
                found[key] = share
        exact = index.exact.get(self.feats[b].exact) if self.feats[b].exact else None
        if self.wanted(b, exact, inside):
            found[exact] = np.inf
        return found

    def prior_candidates(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (position, key, share) candidate pair indexed before the batch, sorted."""
        query = self.index.backend.query
        found = [
            query(signature) if feat.shingles else []
            for feat, signature in zip(self.feats, self.signatures, strict=True)
        ]
        counts = [len(keys) for keys in found]
        keys = np.fromiter(chain.from_iterable(found), np.int64, sum(counts))
        positions = np.repeat(np.arange(len(found)), counts)
        shares = np.zeros(len(keys))
        known = np.array([-1 if k is None else k for k in self.known], np.int64)
        keep = keys != known[positions]
        keys, positions, shares = keys[keep], positions[keep], shares[keep]
        more = [
            (b, key, share)
            for b, feat in enumerate(self.feats)
            if feat.shingles
            for key, share in self.extras(b, inside=False).items()
        ]
        if more:
            b, k, sh = zip(*more, strict=True)
            positions = np.r_[positions, np.array(b, np.int64)]
            keys = np.r_[keys, np.array(k, np.int64)]
            shares = np.r_[shares, np.array(sh, np.float64)]
        # one row per pair, sorted by position then key, with the pair's largest share
        # (the same text, then passages, then LSH)
        pair = positions << 32 | keys  # keys (document numbers) stay below 2**32
        order = np.argsort(pair, kind="stable")
        pair, shares = pair[order], shares[order]
        first = np.ones(len(pair), bool)
        first[1:] = pair[1:] != pair[:-1]
        starts = np.flatnonzero(first)
        shares = np.maximum.reduceat(shares, starts) if len(starts) else shares
        pair = pair[starts]
        return pair >> 32, pair & 0xFFFFFFFF, shares
