"""The dedup stage's distributed plan (:class:`presse.DistributedPlan`).

The same verdicts as :meth:`presse_dedup.stage.Dedup.process` over the ordered stream,
computed in steps a distributed executor (presse-ray) spreads over a cluster:

1. ``features`` (workers): per document its shingle count, MinHash digest, day and, with
   passages on, its sentence features (the stage's own :class:`FeatureExtractor`).
2. ``scan`` (driver, input order, local-mode batches): sentence links, replayed through the
   stage's own :class:`~presse_dedup.passages.PassageIndex`, so passages are exactly those
   of a local run; it also notes which earlier documents each one repeats whole
   (document containment) and which ids were seen before.
3. ``keys`` (workers): each document under each of its LSH bands, partitioned by band id,
   keyed by the band's values; plus one group per containment pair found by the scan.
4. ``reduce`` (workers): in each band bucket, every later document is verified against
   every earlier one (:func:`presse_dedup.documents.similarities`, the stage's rules).
5. ``assign`` (driver, over verified pairs only): star assignment, in input order, to the
   earliest verified document that is itself a representative.
6. ``apply`` (driver): the ``dedup`` key of each document, joined back by position.

Why the candidates are the same: the stage's LSH index returns the documents sharing at
least one band with the query; a band bucket here holds exactly the documents whose digest
agrees on that band. The stage's exact-text candidate adds nothing: the same normalised
text gives the same shingles, hence the same digest, in every bucket, with similarity 1.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from presse import DistributedPlan, Document
from presse_dedup.backend import make_backend
from presse_dedup.documents import matching, similarities
from presse_dedup.features import FeatureExtractor
from presse_dedup.passages import BatchDoc
from presse_dedup.semantic import StaticVectorAlignment

if TYPE_CHECKING:
    from presse_dedup.stage import Dedup


@dataclass
class Features:
    """What the plan needs of one document."""

    id: str
    digest: np.ndarray | None  # None: no words (not indexed, no link)
    size: int
    day: int
    passages: BatchDoc | None = None


class DedupPlan(DistributedPlan):
    """Distributed dedup: signatures in the map, band buckets, verification, star links."""

    def __init__(self, stage: Dedup) -> None:
        p = stage.params
        self.stage = stage  # on the driver: its passage index and counters
        self.params = p
        self.extractor: FeatureExtractor = stage.features
        self.rows = p.num_perm // p.bands
        self.rules = stage.features.verification()
        self.backend = None
        # filled by scan (driver), shipped to the workers with the plan
        self.first: dict[str, int] = {}  # id -> position of its first indexed document
        self.known: dict[int, int] = {}  # position -> earlier indexed position, same id
        self.pairs: list[tuple[int, int, float]] = []  # (position, earlier, share)
        self.roles: dict[int, list[tuple[int, int]]] = {}  # position -> (pair, role)
        # kept on the driver for apply
        self.no_words: set[int] = set()
        self.passage_links: dict[int, list[dict[str, Any]]] = {}
        self.rep_ids: dict[int, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Workers need the parameters and the scan's pairs, not the driver's indexes."""
        state = dict(self.__dict__)
        state.update(
            stage=None,
            extractor=None,
            passage_links={},
            no_words=set(),
            rep_ids={},
            first={},
        )
        return state

    # -- 1. features (workers) -------------------------------------------------------------
    def setup(self) -> None:
        p = self.params
        self.backend = make_backend(p.backend, p.num_perm, p.bands, p.seed)
        if self.extractor is None:  # a worker: its own extractor, with word vectors loaded
            self.extractor = FeatureExtractor(p)
            if self.extractor.paraphrase_on:
                self.extractor.scorer = StaticVectorAlignment.load(p.model)

    def features(self, docs: list[Document]) -> list[Features]:
        p, extractor = self.params, self.extractor
        feats = extractor.documents(docs)
        signatures = self.backend.sketch([f.shingles for f in feats])
        out = []
        for doc, feat, signature in zip(docs, feats, signatures, strict=True):
            digest = self.backend.digest(signature) if feat.shingles else None
            sentences = extractor.sentences(doc) if p.passages else None
            out.append(Features(doc.id, digest, len(feat.shingles), feat.day, sentences))
        return out

    # -- 2. scan (driver, in order) --------------------------------------------------------
    def scan(self, batch: list[tuple[int, Features]]) -> None:
        stage, p = self.stage, self.params
        contained: list[dict[str, float]] = [{} for _ in batch]
        if stage.passage_index is not None:
            stage.load_scorer([])
            links, contained = stage.passage_index.link_batch(
                [f.passages for _, f in batch], stage.features.passage_rules()
            )
            for (position, _), found in zip(batch, links, strict=True):
                if found:
                    self.passage_links[position] = found
        for (position, feat), shares in zip(batch, contained, strict=True):
            if feat.digest is None:
                self.no_words.add(position)
                continue
            known = self.first.get(feat.id)
            if known is not None:
                self.known[position] = known
            for other_id, share in shares.items():
                other = self.first.get(other_id)
                if share >= p.containment and other is not None and other != known:
                    pair = len(self.pairs)
                    self.pairs.append((position, other, share))
                    self.roles.setdefault(position, []).append((pair, 0))
                    self.roles.setdefault(other, []).append((pair, 1))
            if known is None:
                self.first[feat.id] = position

    # -- 3. keys (workers) -----------------------------------------------------------------
    def keys(self, position: int, feat: Features) -> Iterable[tuple[int, bytes, Any]]:
        if feat.digest is None:
            return
        value = (feat.digest, feat.size, feat.day, self.known.get(position, -1))
        bands = self.params.bands
        for band in range(bands):
            yield band, feat.digest[band * self.rows : (band + 1) * self.rows].tobytes(), value
        for pair, role in self.roles.get(position, ()):
            yield bands + pair % bands, pair.to_bytes(8, "little"), (*value, role)

    # -- 4. reduce (workers) ---------------------------------------------------------------
    def reduce(
        self, partition: int, groups: Iterable[tuple[bytes, list[tuple[int, Any]]]]
    ) -> Iterator[tuple[int, Any]]:
        if partition >= self.params.bands:
            yield from self._pairs(groups)
            return
        rules = self.rules
        for _, rows in groups:
            if len(rows) < 2:
                continue
            positions = np.array([r[0] for r in rows], dtype=np.int64)
            digests = np.stack([r[1][0] for r in rows])
            sizes = np.array([r[1][1] for r in rows], dtype=np.uint32)
            days = np.array([r[1][2] for r in rows], dtype=np.int32)
            indexed = np.array([r[1][3] < 0 for r in rows])  # a repeated id is not indexed
            for i in range(1, len(rows)):
                position, (digest, size, day, known) = rows[i]
                candidates = np.flatnonzero(indexed[:i] & (positions[:i] != known))
                if not len(candidates):
                    continue
                sims, ok = similarities(
                    matching(digests[candidates], digest),
                    len(digest),
                    sizes[candidates],
                    days[candidates],
                    size,
                    day,
                    rules,
                )
                for j, sim in zip(candidates[ok].tolist(), sims[ok].tolist(), strict=True):
                    yield position, (int(positions[j]), sim)

    def _pairs(self, groups) -> Iterator[tuple[int, Any]]:
        """A containment pair from the passages: verified with the share of sentences."""
        for key, rows in groups:
            sides = {value[4]: (position, value) for position, value in rows}
            if len(sides) < 2:
                continue
            (position, query), (other, earlier) = sides[0], sides[1]
            share = self.pairs[int.from_bytes(key, "little")][2]
            sims, ok = similarities(
                matching(earlier[0][None, :], query[0]),
                len(query[0]),
                np.array([earlier[1]], dtype=np.uint32),
                np.array([earlier[2]], dtype=np.int32),
                query[1],
                query[2],
                self.rules,
                np.array([share]),
            )
            if ok[0]:
                yield position, (other, float(sims[0]))

    # -- 5. assign (driver) ----------------------------------------------------------------
    def assign(self, facts: list[tuple[int, Any]]) -> dict[int, Any]:
        """The earliest verified representative of each document (star assignment)."""
        verified: dict[int, dict[int, float]] = {}
        for position, (other, sim) in facts:
            found = verified.setdefault(position, {})
            found[other] = max(found.get(other, sim), sim)  # a pair's share can only add
        duplicates: set[int] = set()
        outcomes: dict[int, Any] = {}
        for position in sorted(verified):
            for other in sorted(verified[position]):
                if other not in duplicates:
                    outcomes[position] = (other, verified[position][other])
                    duplicates.add(position)
                    break
        wanted = {other for other, _ in outcomes.values()}
        self.rep_ids = {pos: doc_id for doc_id, pos in self.first.items() if pos in wanted}
        self.stage.indexed_by_plan = len(self.first)  # the index it stood in for
        return outcomes

    # -- 6. apply (driver) -----------------------------------------------------------------
    def apply(
        self, docs: list[Document], positions: list[int], outcomes: dict[int, Any]
    ) -> list[Document]:
        counters = self.stage.counters
        for doc, position in zip(docs, positions, strict=True):
            outcome = outcomes.get(position)
            found = self.passage_links.pop(position, [])
            if outcome is None:
                link = {"duplicate_of": None, "cluster": doc.id, "similarity": None}
            else:
                rep = self.rep_ids[outcome[0]]
                link = {"duplicate_of": rep, "cluster": rep, "similarity": round(outcome[1], 4)}
            doc["dedup"] = {**link, "passages": found}
            counters.count(link["duplicate_of"], found)
            if position in self.no_words:
                doc.skip("no words")
        return docs
