"""Passage level: sentences that repeat, nearly repeat or paraphrase an earlier sentence.

Candidates come from shared anchors (see :mod:`presse_dedup.sentences`) looked up in the
anchor index, never from all pairs. Each candidate pair of sentences is verified:

- ``verbatim``: same normalised sentence, or a shared fragment whose words all match;
- ``near``: Jaccard of the anchor sets at least ``near`` (or one sentence contained in the
  other), or a shared fragment with small differences between its content words;
- a shared fragment needs ``fragment_anchors + 1`` consecutive content words in both
  sentences, two of them ordinary words (not names) on each side; a short one that opens
  both sentences ("Le gouvernement a annoncé jeudi …") is a template, not a fragment;
- ``paraphrase``: a semantic score (:mod:`presse_dedup.semantic`) at least ``paraphrase``,
  and no contradicting names (both sentences name people or places, none in common: the
  same template about someone else). Entity ids are used when the NER stage gave them.

A verbatim or near link also needs information: among the words the two sentences share
(the fragment's, or those of every shared anchor), at least one informative word on each
side, neither a name nor a generic word (:mod:`presse_dedup.generic`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from presse_dedup.anchors import ANCHOR, AnchorIndex
from presse_dedup.columns import Column
from presse_dedup.sentences import ANCHOR_FIELDS, SentenceFeatures

KIND_RANK = {"verbatim": 0, "near": 1, "paraphrase": 2}
KINDS = tuple(KIND_RANK)  # by rank

Found = dict[int, list[tuple[tuple[int, int], dict[str, Any]]]]
"""Links found per query sentence: ((kind rank, other sentence), link record)."""


@dataclass(frozen=True)
class PassageRules:
    """Thresholds of the passage verifiers."""

    near: float = 0.5
    containment: float = 0.8
    fragment_anchors: int = 2
    paraphrase: float | None = 0.65
    paraphrase_candidates: int = 10
    verify_per_sentence: int = 12
    max_links: int = 3


@dataclass
class BatchDoc:
    """One document of a batch as the passage index sees it."""

    id: str
    sentences: list[SentenceFeatures]
    semantic: list[np.ndarray] | None = None


class PassageIndex:
    """Every indexed sentence (document, span, hashes, vector) and the anchor index."""

    def __init__(self, max_df: int, semantic_dtype: str | None = None) -> None:
        self.anchors = AnchorIndex(max_df)
        self.doc_ids: list[str] = []
        self.d_sentences = Column("uint32")
        self.s_doc = Column("uint32")
        self.s_start = Column("uint32")
        self.s_end = Column("uint32")
        self.s_anchors = Column("uint16")
        self.s_exact = Column("uint64")
        # semantic features, flat: sentence i owns sem[sem_start[i]:sem_start[i] + sem_len[i]]
        self.sem = Column(semantic_dtype) if semantic_dtype else None
        self.sem_start = Column("uint64")
        self.sem_len = Column("uint32")
        # names (hashes) of each sentence, flat, for the paraphrase check (with ``sem`` only)
        self.names = Column("uint64")
        self.names_start = Column("uint64")
        self.names_len = Column("uint16")
        # per content word of each sentence: an ordinary word (not a name), and an
        # informative one (not generic either), flat, both starting at plain_start
        self.plain = Column("uint8")
        self.informative = Column("uint8")
        self.plain_start = Column("uint64")
        self.scorer = None  # set by the stage (not persisted)

    def __len__(self) -> int:
        return len(self.s_doc)

    def nbytes(self) -> int:
        cols = [self.s_doc, self.s_start, self.s_end, self.s_anchors, self.s_exact]
        cols += [self.plain, self.informative, self.plain_start]
        if self.sem is not None:
            cols += [self.sem, self.sem_start, self.sem_len, self.names]
            cols += [self.names_start, self.names_len]
        return self.anchors.nbytes() + sum(c.nbytes() for c in cols)

    def link_batch(
        self, docs: list[BatchDoc], rules: PassageRules
    ) -> tuple[list[list[dict[str, Any]]], list[dict[str, float]]]:
        """Passage links of each document to earlier sentences, then index the batch.

        Also returns, per document, the earlier documents whose sentences it repeats whole
        (verbatim or near), with the share of the shorter document's sentences repeated: a
        document-level containment that MinHash misses when the lengths differ a lot.
        """
        base = len(self)
        owner: list[int] = []  # per sentence of the batch: its document's position
        sents: list[SentenceFeatures] = []
        first_key = len(self.doc_ids)
        for b, doc in enumerate(docs):
            self.doc_ids.append(doc.id)
            self.d_sentences.append(len(doc.sentences))
            owner.extend([b] * len(doc.sentences))
            sents.extend(doc.sentences)
        self._store(first_key, docs)
        sids = np.repeat(
            np.arange(base, base + len(owner), dtype=np.uint32),
            [sent.n_anchors for sent in sents],
        )
        query = _anchor_records(b"".join(sent.anchors for sent in sents), sids)
        rows, matched = self.anchors.match(query)
        links: list[list[dict[str, Any]]] = [[] for _ in docs]
        repeated: set[tuple[int, int]] = set()
        per_sentence = self._verify(query[rows], matched, base, sents, rules, repeated)
        for sid, found in sorted(per_sentence.items()):
            found.sort(key=lambda item: item[0])
            links[owner[sid - base]].extend(link for _, link in found[: rules.max_links])
        for doc_links in links:
            doc_links.sort(key=lambda link: (link["start"], link["other_id"], link["other_start"]))
        self.anchors.add(query)
        return links, self._containment(docs, owner, base, first_key, repeated)

    def _containment(
        self,
        docs: list[BatchDoc],
        owner: list[int],
        base: int,
        first_key: int,
        repeated: set[tuple[int, int]],
    ) -> list[dict[str, float]]:
        counts: list[dict[int, int]] = [{} for _ in docs]
        for qsid, other_key in repeated:
            b = owner[qsid - base]
            if other_key != first_key + b:
                counts[b][other_key] = counts[b].get(other_key, 0) + 1
        out: list[dict[str, float]] = []
        for b, doc in enumerate(docs):
            shares = {}
            for other_key, n in counts[b].items():
                smaller = min(len(doc.sentences), int(self.d_sentences[other_key]))
                if smaller >= 3:
                    shares[self.doc_ids[other_key]] = n / smaller
            out.append(shares)
        return out

    def _store(self, first_key: int, docs: list[BatchDoc]) -> None:
        """Append the batch's sentences to the columns, in one go per column."""
        sents = [sent for doc in docs for sent in doc.sentences]
        if not sents:
            return
        per_doc = [len(doc.sentences) for doc in docs]
        self.s_doc.extend(np.repeat(np.arange(first_key, first_key + len(docs)), per_doc))
        self.s_start.extend(np.array([s.start for s in sents], np.uint32))
        self.s_end.extend(np.array([s.end for s in sents], np.uint32))
        n_anchors = np.array([s.n_anchors for s in sents], np.int64)
        self.s_anchors.extend(np.minimum(n_anchors, 65535))
        self.s_exact.extend(np.array([s.exact for s in sents], np.uint64))
        lengths = np.array([len(s.plain) for s in sents], np.int64)
        self.plain_start.extend(len(self.plain) + np.cumsum(lengths) - lengths)
        self.plain.extend(np.fromiter((w for s in sents for w in s.plain), np.uint8, lengths.sum()))
        self.informative.extend(
            np.fromiter((w for s in sents for w in s.informative), np.uint8, lengths.sum())
        )
        if self.sem is None:
            return
        dtype = self.sem.values.dtype
        feats = [
            doc.semantic[k] if doc.semantic is not None else np.zeros(0, dtype)
            for doc in docs
            for k in range(len(doc.sentences))
        ]
        lengths = np.array([len(f) for f in feats], np.int64)
        self.sem_start.extend(len(self.sem) + np.cumsum(lengths) - lengths)
        self.sem_len.extend(lengths)
        self.sem.extend(np.concatenate(feats).astype(dtype, copy=False))
        names = [s.names[:65535] for s in sents]
        lengths = np.array([len(n) for n in names], np.int64)
        self.names_start.extend(len(self.names) + np.cumsum(lengths) - lengths)
        self.names_len.extend(lengths)
        self.names.extend(np.fromiter((h for n in names for h in n), np.uint64, int(lengths.sum())))

    def _verify(
        self,
        q: np.ndarray,
        o: np.ndarray,
        base: int,
        sents: list[SentenceFeatures],
        rules: PassageRules,
        repeated: set[tuple[int, int]],
    ) -> Found:
        """Verdicts on every candidate pair, computed on all pairs at once (numpy); Python
        only builds the links found and calls the paraphrase scorer."""
        found: Found = {}
        if not len(q):
            return found
        pair = q["sid"].astype(np.uint64) << np.uint64(32) | o["sid"].astype(np.uint64)
        order = np.lexsort((q["pos"], pair))
        q, o, pair = q[order], o[order], pair[order]
        starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
        pairs = _Pairs(self, q, o, starts, base, sents, rules)
        verified, candidates = self._worth_checking(pairs, rules)
        if len(verified):
            self._links(found, repeated, pairs, verified, rules)
        if len(candidates):
            self._paraphrases(found, repeated, pairs, candidates, rules)
        return found

    def _links(
        self,
        found: Found,
        repeated: set[tuple[int, int]],
        pairs: _Pairs,
        verified: np.ndarray,
        rules: PassageRules,
    ) -> None:
        """The links of the verified pairs: verdicts for all at once, then a link record
        for the ``max_links`` best of each sentence only (the strongest kinds, then the
        earliest); every whole sentence repeated counts towards document containment."""
        kind, sim, span, other = pairs.verdicts(verified)
        qs, os_ = pairs.qs[verified], pairs.os[verified]
        qdoc, odoc = self.s_doc.values[qs], self.s_doc.values[os_]
        ids = self.doc_ids
        keep = np.array(
            [q == o or ids[q] != ids[o] for q, o in zip(qdoc.tolist(), odoc.tolist(), strict=True)]
        )  # a sentence of the same document indexed by an earlier run is no link
        keep &= pairs.informed(verified)  # only names and generic words in common: no link
        whole = (span[:, 0] == self.s_start.values[qs]) & (span[:, 1] == self.s_end.values[qs])
        whole &= keep
        repeated.update(zip(qs[whole].tolist(), odoc[whole].tolist(), strict=True))
        rows = np.flatnonzero(keep)
        best = _first_per_group(qs, rows, (os_[rows], kind[rows]), rules.max_links)
        for qsid, osid, doc, rank, score, (start, end), (other_start, other_end) in zip(
            qs[best].tolist(),
            os_[best].tolist(),
            odoc[best].tolist(),
            kind[best].tolist(),
            sim[best].tolist(),
            span[best].tolist(),
            other[best].tolist(),
            strict=True,
        ):
            link = {
                "start": start,
                "end": end,
                "other_id": ids[doc],
                "other_start": other_start,
                "other_end": other_end,
                "similarity": round(score, 3),
                "kind": KINDS[rank],
            }
            found.setdefault(qsid, []).append(((rank, osid), link))

    def _found(
        self,
        found: Found,
        repeated: set[tuple[int, int]],
        pairs: _Pairs,
        g: int,
        verdict: tuple[str, float, tuple[int, int], tuple[int, int]],
    ) -> None:
        qsid, osid = int(pairs.qs[g]), int(pairs.os[g])
        qdoc, odoc = int(self.s_doc[qsid]), int(self.s_doc[osid])
        if odoc != qdoc and self.doc_ids[odoc] == self.doc_ids[qdoc]:
            return  # the same document indexed by an earlier run
        kind, sim, span, other_span = verdict
        if kind != "paraphrase" and span == pairs.whole(g)[0]:
            repeated.add((qsid, odoc))
        link = {
            "start": span[0],
            "end": span[1],
            "other_id": self.doc_ids[odoc],
            "other_start": other_span[0],
            "other_end": other_span[1],
            "similarity": round(sim, 3),
            "kind": kind,
        }
        found.setdefault(qsid, []).append(((KIND_RANK[kind], osid), link))

    def _worth_checking(self, pairs: _Pairs, rules: PassageRules) -> tuple[np.ndarray, np.ndarray]:
        """The pairs to link, and the pairs to give the paraphrase scorer.

        Pairs with a verdict (verbatim, near or a fragment): at most ``verify_per_sentence``
        per sentence, identical sentences first, then the most similar, then the earliest
        (a sentence republished a hundred times is linked to its first copies only). The
        other pairs (shared words, no verdict) go to the paraphrase scorer, at most
        ``paraphrase_candidates`` per sentence, those with the most shared anchors first,
        then the earliest.
        """
        qs, os_ = pairs.qs, pairs.os
        pick = np.flatnonzero(pairs.linked)
        verified = _first_per_group(
            qs,
            pick,
            (os_[pick], -pairs.jaccard[pick], ~pairs.exact[pick]),
            rules.verify_per_sentence,
        )
        candidates = np.zeros(0, np.int64)
        if rules.paraphrase is not None and self.sem is not None and self.scorer is not None:
            rest = np.flatnonzero(~pairs.linked)
            candidates = _first_per_group(
                qs, rest, (os_[rest], -pairs.shared[rest]), rules.paraphrase_candidates
            )
        return np.sort(verified), np.sort(candidates)

    def _paraphrases(
        self,
        found: Found,
        repeated: set[tuple[int, int]],
        pairs: _Pairs,
        candidates: np.ndarray,
        rules: PassageRules,
    ) -> None:
        """Score the paraphrase candidates, one query sentence at a time (candidates are
        sorted by query sentence). A sentence that already has ``max_links`` stronger links
        is not scored: a paraphrase link would not be kept."""
        qs = pairs.qs[candidates]
        cuts = [*np.flatnonzero(np.r_[True, qs[1:] != qs[:-1]]).tolist(), len(candidates)]
        many = getattr(self.scorer, "score_many", None)
        for a, b in pairwise(cuts):
            qsid = int(qs[a])
            if len(found.get(qsid, ())) >= rules.max_links:
                continue
            names = self._names(qsid)
            group = [
                g
                for g in candidates[a:b].tolist()
                if not (
                    names and (other := self._names(int(pairs.os[g]))) and names.isdisjoint(other)
                )
            ]  # both name people or places, none in common: the same template, other news
            if not group:
                continue
            mine = self._semantic(qsid)
            others = [self._semantic(int(pairs.os[g])) for g in group]
            if many is not None:
                scores = many(mine, others)
            else:
                scores = [self.scorer.score(mine, other) for other in others]
            for g, score in zip(group, scores, strict=True):
                if score >= rules.paraphrase:
                    self._found(found, repeated, pairs, g, ("paraphrase", score, *pairs.whole(g)))

    def _names(self, sid: int) -> set[int]:
        start = int(self.names_start[sid])
        return set(self.names[start : start + int(self.names_len[sid])].tolist())

    def _semantic(self, sid: int) -> np.ndarray:
        start = int(self.sem_start[sid])
        return self.sem[start : start + int(self.sem_len[sid])]

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "scorer"} | {"scorer": None}


class _Pairs:
    """Candidate sentence pairs of a batch, with every verifier evaluated on all of them.

    Rows of ``q``/``o`` (matched anchors) are sorted by pair, then query position; pair
    ``g`` owns rows ``starts[g]:stops[g]``.
    """

    def __init__(
        self,
        index: PassageIndex,
        q: np.ndarray,
        o: np.ndarray,
        starts: np.ndarray,
        base: int,
        sents: list[SentenceFeatures],
        rules: PassageRules,
    ) -> None:
        self.q, self.o, self.starts = q, o, starts
        self.index = index
        n_rows = len(q)
        self.shared = shared = np.diff(np.r_[starts, n_rows])
        self.qs = qs = q["sid"][starts].astype(np.int64)
        self.os = os_ = o["sid"][starts].astype(np.int64)
        nq = index.s_anchors.values[qs].astype(np.int64)
        no = index.s_anchors.values[os_].astype(np.int64)
        self.smaller = smaller = np.minimum(nq, no)
        self.s_start, self.s_end = index.s_start.values, index.s_end.values
        self.exact = index.s_exact.values[qs] == index.s_exact.values[os_]
        self.jaccard = shared / np.maximum(1, nq + no - shared)
        self.contained = shared / np.maximum(1, smaller)
        self.near = self.jaccard >= rules.near
        self.inside = (smaller >= 3) & (self.contained >= rules.containment)
        # shared fragment: the first longest run of consecutive shared anchors. Only pairs
        # sharing enough anchors can have one: most pairs share a single common word pair,
        # and their rows are left out of the run computation.
        self.fragment = np.zeros(len(starts), bool)
        self.longest = np.zeros(len(starts), np.int64)
        self.first = np.zeros(len(starts), np.int64)  # rows of the longest run
        self.last = np.zeros(len(starts), np.int64)
        self.same = np.zeros(len(starts), bool)
        some = np.flatnonzero(shared >= max(1, rules.fragment_anchors))
        if len(some):
            self._fragments(index, some, base, sents, rules)
        self.linked = self.exact | self.near | self.inside | self.fragment

    def _fragments(
        self,
        index: PassageIndex,
        some: np.ndarray,
        base: int,
        sents: list[SentenceFeatures],
        rules: PassageRules,
    ) -> None:
        """Longest run, its first and last rows, and the fragment verdict of pairs ``some``."""
        q, o, starts, shared = self.q, self.o, self.starts, self.shared
        rows = _rows(starts[some], shared[some])
        sub_starts = np.cumsum(shared[some]) - shared[some]
        qpos, opos = q["pos"][rows].astype(np.int64), o["pos"][rows].astype(np.int64)
        run = _runs(np.repeat(some, shared[some]), qpos, opos)
        longest = np.maximum.reduceat(run, sub_starts)
        group = np.repeat(np.arange(len(some)), shared[some])
        local = np.arange(len(rows))
        last = np.minimum.reduceat(np.where(run == longest[group], local, len(rows)), sub_starts)
        first = last - longest + 1
        qs, os_ = self.qs[some], self.os[some]
        plain = [sent.plain for sent in sents]
        offsets = np.cumsum([0] + [len(p) for p in plain])
        flat = np.fromiter((w for p in plain for w in p), np.int64, int(offsets[-1]))
        cumulative = np.r_[0, np.cumsum(flat)]
        at = offsets[qs - base]
        n_plain = cumulative[at + qpos[last] + 2] - cumulative[at + qpos[first]]
        n_words = qpos[last] + 2 - qpos[first]
        opening = (qpos[first] == 0) & (opos[first] == 0)
        fragment = (longest >= rules.fragment_anchors) & (n_plain >= 2) & ~(opening & (n_words < 4))
        # ...and two ordinary words on the other side too: a fragment that is a name there
        # ("ministre iranien des Affaires étrangères" in a sentence, the organisation
        # "ministère iranien des Affaires étrangères" in the other) is a shared name
        candidates = np.flatnonzero(fragment)
        if len(candidates):
            begin = index.plain_start.values[os_[candidates]].astype(np.int64)
            begin += opos[first[candidates]]
            size = longest[candidates] + 1
            offsets = np.cumsum(size) - size
            cells = np.repeat(begin - offsets, size) + np.arange(int(size.sum()))
            other_plain = np.add.reduceat(index.plain.values[cells].astype(np.int64), offsets)
            fragment[candidates[other_plain < 2]] = False
        qgap, ogap = q["gap"][rows], o["gap"][rows]
        differ = np.cumsum(qgap != ogap)
        same = differ[last] - differ[first] + (qgap[first] != ogap[first]) == 0
        self.fragment[some] = fragment
        self.longest[some] = longest
        self.first[some], self.last[some] = rows[first], rows[last]
        self.same[some] = same

    def verdicts(self, g: np.ndarray) -> tuple[np.ndarray, ...]:
        """For pairs ``g`` with ``linked``: kind rank (0 verbatim, 1 near), similarity, and
        spans (``start, end`` rows) here and in the other sentence."""
        qs, os_ = self.qs[g], self.os[g]
        span = np.stack([self.s_start[qs], self.s_end[qs]], axis=1).astype(np.int64)
        other = np.stack([self.s_start[os_], self.s_end[os_]], axis=1).astype(np.int64)
        kind = np.ones(len(g), np.int64)
        exact = self.exact[g]
        near = self.near[g] & ~exact
        inside = self.inside[g] & ~exact & ~near
        fragment = ~(exact | near | inside)
        kind[exact] = 0
        sim = np.where(exact, 1.0, self.jaccard[g])
        sim[inside] = self.contained[g[inside]]
        if inside.any():  # the span of every shared anchor
            gi = g[inside]
            rows = _rows(self.starts[gi], self.shared[gi])
            cuts = np.cumsum(self.shared[gi]) - self.shared[gi]
            for side, out in ((self.q, span), (self.o, other)):
                out[inside, 0] = np.minimum.reduceat(side["start"][rows], cuts)
                out[inside, 1] = np.maximum.reduceat(side["end"][rows], cuts)
        if fragment.any():  # the span of the longest run of shared anchors
            gf = g[fragment]
            first, last = self.first[gf], self.last[gf]
            kind[fragment] = np.where(self.same[gf], 0, 1)
            sim[fragment] = self.longest[gf] / np.maximum(1, self.smaller[gf])
            for side, out in ((self.q, span), (self.o, other)):
                out[fragment, 0] = side["start"][first]
                out[fragment, 1] = side["end"][last]
        return kind, sim, span, other

    def informed(self, g: np.ndarray) -> np.ndarray:
        """For pairs ``g`` with ``linked``: whether the words they share (those of the
        fragment's run, or of every shared anchor) include an informative word, on both
        sides. Each anchor at position ``p`` covers content words ``p`` and ``p + 1``."""
        fragment = ~(self.exact[g] | self.near[g] | self.inside[g])
        first = np.where(fragment, self.first[g], self.starts[g])
        count = np.where(fragment, self.last[g] - self.first[g] + 1, self.shared[g])
        rows = _rows(first, count)
        cuts = np.cumsum(count) - count
        index = self.index
        found = np.ones(len(g), bool)
        for side, sids in ((self.q, self.qs[g]), (self.o, self.os[g])):
            at = np.repeat(index.plain_start.values[sids].astype(np.int64), count)
            at += side["pos"][rows].astype(np.int64)
            words = index.informative.values
            covered = words[at] | words[at + 1]
            found &= np.maximum.reduceat(covered, cuts).astype(bool)
        return found

    def whole(self, g: int) -> tuple[tuple[int, int], tuple[int, int]]:
        qs, os_ = self.qs[g], self.os[g]
        return (
            (int(self.s_start[qs]), int(self.s_end[qs])),
            (int(self.s_start[os_]), int(self.s_end[os_])),
        )


def _anchor_records(anchors: bytes, sids: np.ndarray) -> np.ndarray:
    """Flat anchor values (hash, pos, start, end, gap; uint64 each, see
    :data:`~presse_dedup.sentences.ANCHOR_FIELDS`) and their sentence ids as ANCHOR records."""
    cols = np.frombuffer(anchors, np.uint64).reshape(-1, ANCHOR_FIELDS)
    out = np.zeros(len(cols), dtype=ANCHOR)
    if len(cols):
        out["hash"], out["pos"], out["start"] = cols[:, 0], cols[:, 1], cols[:, 2]
        out["end"], out["gap"] = cols[:, 3], cols[:, 4]
        out["sid"] = sids
    return out


def _rows(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The row indices ``starts[i] .. starts[i] + counts[i] - 1`` of every pair, in order."""
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()))


def _first_per_group(
    groups: np.ndarray, rows: np.ndarray, keys: tuple[np.ndarray, ...], k: int
) -> np.ndarray:
    """The first ``k`` of ``rows`` in each group, ordered by ``keys`` (least significant
    first, as for ``np.lexsort``)."""
    if not len(rows):
        return rows
    order = rows[np.lexsort((*keys, groups[rows]))]
    first = np.r_[True, groups[order][1:] != groups[order][:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
    return order[np.arange(len(order)) - group_start < k]


def _runs(pair: np.ndarray, qpos: np.ndarray, opos: np.ndarray) -> np.ndarray:
    """Per row (rows sorted by pair, then query position): the length of the run of shared
    anchors ending there that advance by one word on both sides."""
    n = len(pair)
    step = np.zeros(n, bool)
    if n > 1:
        step[1:] = (
            (pair[1:] == pair[:-1])
            & (np.diff(qpos.astype(np.int64)) == 1)
            & (np.diff(opos.astype(np.int64)) == 1)
        )
    index = np.arange(n)
    return index - np.maximum.accumulate(np.where(step, 0, index)) + 1
