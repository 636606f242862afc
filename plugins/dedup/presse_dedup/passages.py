"""Passage level: sentences that repeat, nearly repeat or paraphrase an earlier sentence.

Candidates come from shared anchors (see :mod:`presse_dedup.sentences`) looked up in the
anchor index, never from all pairs. Each candidate pair of sentences is verified:

- ``verbatim``: same normalised sentence, or a shared fragment whose words all match;
- ``near``: Jaccard of the anchor sets at least ``near`` (or one sentence contained in the
  other), or a shared fragment with small differences between its content words;
- a shared fragment needs ``fragment_anchors + 1`` consecutive content words in both
  sentences, two of them ordinary words (not names); a short one that opens both sentences
  ("Le gouvernement a annoncé jeudi …") is a template, not a fragment;
- ``paraphrase``: a semantic score (:mod:`presse_dedup.semantic`) at least ``paraphrase``,
  and no contradicting names (both sentences name people or places, none in common: the
  same template about someone else). Entity ids are used when the NER stage gave them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from presse_dedup.anchors import ANCHOR, AnchorIndex
from presse_dedup.columns import Column
from presse_dedup.sentences import SentenceFeatures

KIND_RANK = {"verbatim": 0, "near": 1, "paraphrase": 2}


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
        self.s_names: list[frozenset[int]] = []
        self.scorer = None  # set by the stage (not persisted)

    def __len__(self) -> int:
        return len(self.s_doc)

    def nbytes(self) -> int:
        cols = [self.s_doc, self.s_start, self.s_end, self.s_anchors, self.s_exact]
        if self.sem is not None:
            cols += [self.sem, self.sem_start, self.sem_len]
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
        owner: list[tuple[int, SentenceFeatures]] = []
        records: list[tuple[int, int, int, int, int]] = []
        sids: list[int] = []
        first_key = len(self.doc_ids)
        for b, doc in enumerate(docs):
            doc_key = len(self.doc_ids)
            self.doc_ids.append(doc.id)
            self.d_sentences.append(len(doc.sentences))
            for k, sent in enumerate(doc.sentences):
                sid = base + len(owner)
                owner.append((b, sent))
                self._store(doc_key, sent, doc.semantic[k] if doc.semantic is not None else None)
                records.extend(sent.anchors)
                sids.extend([sid] * len(sent.anchors))
        query = _anchor_records(records, sids)
        rows, matched = self.anchors.match(query)
        links: list[list[dict[str, Any]]] = [[] for _ in docs]
        repeated: set[tuple[int, int]] = set()
        per_sentence = self._verify(query[rows], matched, base, owner, rules, repeated)
        for sid, found in sorted(per_sentence.items()):
            found.sort(key=lambda item: item[0])
            links[owner[sid - base][0]].extend(link for _, link in found[: rules.max_links])
        for doc_links in links:
            doc_links.sort(key=lambda link: (link["start"], link["other_id"], link["other_start"]))
        self.anchors.add(query)
        return links, self._containment(docs, owner, base, first_key, repeated)

    def _containment(
        self,
        docs: list[BatchDoc],
        owner: list[tuple[int, SentenceFeatures]],
        base: int,
        first_key: int,
        repeated: set[tuple[int, int]],
    ) -> list[dict[str, float]]:
        counts: list[dict[int, int]] = [{} for _ in docs]
        for qsid, other_key in repeated:
            b = owner[qsid - base][0]
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

    def _store(self, doc_key: int, sent: SentenceFeatures, semantic: np.ndarray | None) -> None:
        self.s_doc.append(doc_key)
        self.s_start.append(sent.start)
        self.s_end.append(sent.end)
        self.s_anchors.append(min(len(sent.anchors), 65535))
        self.s_exact.append(sent.exact)
        if self.sem is not None:
            feats = semantic if semantic is not None else np.zeros(0, self.sem.values.dtype)
            self.sem_start.append(len(self.sem))
            self.sem_len.append(len(feats))
            self.sem.extend(feats)
            self.s_names.append(sent.names)

    def _verify(
        self,
        q: np.ndarray,
        o: np.ndarray,
        base: int,
        owner: list[tuple[int, SentenceFeatures]],
        rules: PassageRules,
        repeated: set[tuple[int, int]],
    ) -> dict[int, list[tuple[tuple, dict[str, Any]]]]:
        found: dict[int, list[tuple[tuple, dict[str, Any]]]] = {}
        if not len(q):
            return found
        pair = q["sid"].astype(np.uint64) << np.uint64(32) | o["sid"].astype(np.uint64)
        order = np.lexsort((q["pos"], pair))
        q, o, pair = q[order], o[order], pair[order]
        starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
        stops = np.r_[starts[1:], len(pair)]
        keep = self._worth_checking(q["sid"][starts], o["sid"][starts], stops - starts, rules)
        for a, b in zip(starts[keep].tolist(), stops[keep].tolist(), strict=True):
            qsid, osid = int(q["sid"][a]), int(o["sid"][a])
            qdoc, odoc = int(self.s_doc[qsid]), int(self.s_doc[osid])
            if odoc != qdoc and self.doc_ids[odoc] == self.doc_ids[qdoc]:
                continue  # the same document indexed by an earlier run
            sent = owner[qsid - base][1]
            verdict = self._verdict(sent, qsid, q[a:b], o[a:b], osid, rules)
            if verdict is None:
                continue
            kind, sim, span, other_span = verdict
            if kind != "paraphrase" and span == (sent.start, sent.end):
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
        return found

    def _worth_checking(
        self, qsids: np.ndarray, osids: np.ndarray, shared: np.ndarray, rules: PassageRules
    ) -> np.ndarray:
        """Cheap vectorised screen of candidate pairs before the per-pair verifiers.

        A pair passes when it may be verbatim, near or a fragment: at most
        ``verify_per_sentence`` per sentence, identical sentences first, then the most
        similar, then the earliest (a sentence republished a hundred times is verified
        against its first copies only). The other pairs (one shared pair of words) only go
        to the paraphrase scorer, at most ``paraphrase_candidates`` per sentence, those with
        the most shared anchors first, then the earliest.
        """
        qs, os_ = qsids.astype(np.int64), osids.astype(np.int64)
        nq = self.s_anchors.values[qs].astype(np.int64)
        no = self.s_anchors.values[os_].astype(np.int64)
        smaller = np.maximum(1, np.minimum(nq, no))
        exact = self.s_exact.values[qs] == self.s_exact.values[os_]
        jaccard = shared / np.maximum(1, nq + no - shared)
        screened = (
            exact
            | (jaccard >= rules.near)
            | ((smaller >= 3) & (shared / smaller >= rules.containment))
            | (shared >= rules.fragment_anchors)
        )
        keep = np.zeros(len(qs), bool)
        pick = np.flatnonzero(screened)
        keep[
            _first_per_group(
                qs, pick, (os_[pick], -jaccard[pick], ~exact[pick]), rules.verify_per_sentence
            )
        ] = True
        if rules.paraphrase is not None and self.scorer is not None:
            rest = np.flatnonzero(~screened)
            keep[
                _first_per_group(qs, rest, (os_[rest], -shared[rest]), rules.paraphrase_candidates)
            ] = True
        return keep

    def _verdict(
        self,
        sent: SentenceFeatures,
        qsid: int,
        q: np.ndarray,
        o: np.ndarray,
        osid: int,
        rules: PassageRules,
    ):
        whole = (sent.start, sent.end)
        other_whole = (int(self.s_start[osid]), int(self.s_end[osid]))
        if int(self.s_exact[osid]) == sent.exact:
            return "verbatim", 1.0, whole, other_whole
        nq, no, shared = len(sent.anchors), int(self.s_anchors[osid]), len(q)
        jaccard = shared / max(1, nq + no - shared)
        if jaccard >= rules.near:
            return "near", jaccard, whole, other_whole
        contained = shared / max(1, min(nq, no))
        if min(nq, no) >= 3 and contained >= rules.containment:
            span = (int(q["start"].min()), int(q["end"].max()))
            other = (int(o["start"].min()), int(o["end"].max()))
            return "near", contained, span, other
        run = _longest_run(q["pos"], o["pos"])
        if run is not None and run[1] - run[0] >= rules.fragment_anchors:
            first, stop = run
            words = sent.plain[int(q["pos"][first]) : int(q["pos"][stop - 1]) + 2]
            opening = int(q["pos"][first]) == 0 and int(o["pos"][first]) == 0
            if sum(words) >= 2 and not (opening and len(words) < 4):
                same = (q["gap"][first:stop] == o["gap"][first:stop]).all()
                kind = "verbatim" if same else "near"
                return (
                    kind,
                    (stop - first) / max(1, min(nq, no)),
                    (int(q["start"][first]), int(q["end"][stop - 1])),
                    (int(o["start"][first]), int(o["end"][stop - 1])),
                )
        if rules.paraphrase is not None and self.sem is not None and self.scorer is not None:
            score = self._paraphrase(qsid, osid)
            if score >= rules.paraphrase:
                return "paraphrase", score, whole, other_whole
        return None

    def _paraphrase(self, qsid: int, osid: int) -> float:
        names, other_names = self.s_names[qsid], self.s_names[osid]
        if names and other_names and not names & other_names:
            return 0.0  # the same template about other people or places
        return self.scorer.score(self._semantic(qsid), self._semantic(osid))

    def _semantic(self, sid: int) -> np.ndarray:
        start = int(self.sem_start[sid])
        return self.sem[start : start + int(self.sem_len[sid])]

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "scorer"} | {"scorer": None}


def _anchor_records(anchors: list[tuple[int, int, int, int, int]], sids: list[int]) -> np.ndarray:
    """Anchor tuples (hash, pos, start, end, gap) and their sentence ids as ANCHOR records."""
    out = np.zeros(len(anchors), dtype=ANCHOR)
    if anchors:
        cols = np.array(anchors, dtype=np.uint64)
        out["hash"], out["pos"], out["start"] = cols[:, 0], cols[:, 1], cols[:, 2]
        out["end"], out["gap"] = cols[:, 3], cols[:, 4]
        out["sid"] = sids
    return out


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


def _longest_run(qpos: np.ndarray, opos: np.ndarray) -> tuple[int, int] | None:
    """Longest stretch of matches advancing by one word on both sides: (first, stop) rows."""
    if len(qpos) < 2:
        return (0, 1) if len(qpos) else None
    step = (np.diff(qpos.astype(np.int64)) == 1) & (np.diff(opos.astype(np.int64)) == 1)
    cur_start, best_run = 0, (0, 1)
    for i, ok in enumerate(step.tolist()):
        if not ok:
            cur_start = i + 1
        elif i + 2 - cur_start > best_run[1] - best_run[0]:
            best_run = (cur_start, i + 2)
    return best_run
