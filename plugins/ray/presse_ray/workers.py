"""What Ray Data runs: reading a shard, and the per-document stages in actor pools.

Rows travel as five columns: ``pos`` (shard and record, :func:`presse_ray.shards.position`),
``dix`` (the document's index among the shard's documents, -1 for other rows), ``kind``,
``data`` (the pickled record) and ``feat`` (a corpus-level plan's pickled features). With a
plan, :func:`save_parts` ends the map phase: records stay in the work directory and only a
``PART`` row naming them goes on. This module imports Ray only to ask which node it runs
on and which nodes the cluster lost.
"""

from __future__ import annotations

import pickle
from collections import Counter
from itertools import groupby
from typing import Any

import numpy as np

from presse.document import Document
from presse.executors import pin_numeric_threads
from presse.pipeline import BatchResult, BoundStage, Pipeline, StageStats, error_for
from presse.reading import InputOptions, NotADocument
from presse.registry import get_registry
from presse.stage import Stage
from presse_ray.shards import END_SEQ, Shard, ShardStore, position, shard_of

DOC, ERROR, FILTERED, STATS, END, PART = 0, 1, 2, 3, 4, 5
COLUMNS = ("pos", "dix", "kind", "data", "feat")


def columns(rows: list[tuple[int, int, int, bytes, bytes]]) -> dict[str, np.ndarray]:
    data = np.empty(len(rows), dtype=object)
    feat = np.empty(len(rows), dtype=object)
    for i, row in enumerate(rows):
        data[i], feat[i] = row[3], row[4]
    return {
        "pos": np.array([r[0] for r in rows], dtype=np.int64),
        "dix": np.array([r[1] for r in rows], dtype=np.int64),
        "kind": np.array([r[2] for r in rows], dtype=np.int8),
        "data": data,
        "feat": feat,
    }


def rows_of(batch: dict[str, np.ndarray]) -> list[tuple[int, int, int, bytes, bytes]]:
    """The rows of a batch (the inverse of :func:`columns`)."""
    return list(
        zip(
            batch["pos"].tolist(),
            batch["dix"].tolist(),
            batch["kind"].tolist(),
            list(batch["data"]),
            list(batch["feat"]),
            strict=True,
        )
    )


def read_shards(batch: dict[str, np.ndarray], shards: list[Shard], options: InputOptions):
    """Read the shards named in ``batch``: documents and read errors, then an end row."""
    from presse.reading import read_source

    registry = get_registry()
    rows: list[tuple[int, int, int, bytes, bytes]] = []
    for index in batch["shard"].tolist():
        shard = shards[index]
        reader = registry.readers[shard.reader].obj
        source = shard.source()
        seq = docs = 0
        ids: list[str] = []
        passed: Counter = Counter()
        for item in read_source(source, reader, options):
            if isinstance(item, NotADocument):  # counted apart: not a record of the shard
                passed[item.reason] += 1
                continue
            if isinstance(item, Document):
                rows.append((position(index, seq), docs, DOC, pickle.dumps(item), b""))
                ids.append(item.id)
                docs += 1
            else:
                rows.append((position(index, seq), -1, ERROR, pickle.dumps(item.to_dict()), b""))
            seq += 1
        end = {"records": seq, "docs": docs, "ids": ids, "not_documents": dict(passed)}
        rows.append((position(index, END_SEQ), -1, END, pickle.dumps(end), b""))
    return columns(rows)


def save_parts(batch: dict[str, np.ndarray], workdir: str) -> dict[str, np.ndarray]:
    """Save the batch's records and features, shard by shard, in the work directory; pass
    on a ``PART`` row naming each part, and the ``STATS`` and ``END`` rows."""

    store = ShardStore(workdir)
    rows = rows_of(batch)
    out: list[tuple[int, int, int, bytes, bytes]] = []
    for shard, part in groupby(rows, key=lambda row: shard_of(row[0])):
        part = list(part)
        records = [row for row in part if row[2] in (DOC, ERROR, FILTERED)]
        if records:
            name = store.save_part(shard, records)
            out.append((records[0][0], -1, PART, pickle.dumps(name), b""))
        out.extend(row for row in part if row[2] in (STATS, END))
    return columns(out)


class FeaturesStage(Stage):
    """A corpus-level stage's plan, map step: features per document, set aside on error."""

    def __init__(self, bound: BoundStage, plan: Any) -> None:
        super().__init__(bound.stage.params)
        self.name = bound.name
        self.plan = plan

    def setup(self) -> None:
        self.plan.setup()

    def process(self, docs: list[Document]) -> list[Document]:
        for doc, feat in zip(docs, self.plan.features(docs), strict=True):
            doc.shared["plan_features"] = feat
        return docs


class StageWorker:
    """One actor of a pool: sets its stages up once, then processes batches of rows.

    Each batch is processed shard by shard. Before a shard's part of a batch is processed,
    an attempt is recorded in the work directory (with the actor's node), and removed once
    done: a record left behind means the actor died on it, unless its node is among those
    the cluster lost (then the batch is not to blame). After ``max_attempts`` such deaths
    the part is not tried again: the shard is quarantined (its documents become error
    records).
    """

    def __init__(
        self,
        pipeline: Pipeline,
        group: int,
        workdir: str,
        max_attempts: int,
        threads: int = 1,
        features: str | None = None,
    ) -> None:

        pin_numeric_threads(threads)
        self.pipeline, self.group = pipeline, group
        self.store = ShardStore(workdir)
        self.max_attempts = max_attempts
        self.features = features
        self.names = ",".join(b.name for b in pipeline.stages)
        self.node = current_node()
        pipeline.setup()  # a failure here fails the job with the stage's message

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        rows = rows_of(batch)
        out: list[tuple[int, int, int, bytes, bytes]] = []
        for shard, part in groupby(rows, key=lambda row: shard_of(row[0])):
            out.extend(self._part(shard, list(part)))
        return columns(out)

    def _part(self, shard: int, rows: list[tuple]) -> list[tuple]:
        docs: list[Document] = []
        row_of: dict[int, tuple] = {}
        for row in rows:
            if row[2] == DOC:
                doc = pickle.loads(row[3])
                docs.append(doc)
                row_of[id(doc)] = row
        result = self._process(shard, docs, rows[0][0]) if docs else BatchResult([])
        kept = {id(d) for d in result.docs}
        filtered = {id(d) for d in result.filtered}
        by_row = {id(row_of[id(d)]): d for d in docs}
        out = []
        for row in rows:
            doc = by_row.get(id(row))
            if doc is None:
                out.append(row)  # not a document of this stage: passed on as it is
            elif id(doc) in kept:
                feat = doc.shared.pop("plan_features", None)
                data = pickle.dumps(feat) if self.features else row[4]
                out.append((row[0], row[1], DOC, pickle.dumps(doc), data))
            elif id(doc) in filtered:
                out.append((row[0], row[1], FILTERED, pickle.dumps(dict(doc)), b""))
        first = rows[0][0]
        for error in result.failed:
            out.append((first, -1, ERROR, pickle.dumps(error.to_dict()), b""))
        stats = result.stats
        planned = stats.get(self.features) if self.features else None
        if planned is not None:  # its documents are counted where the plan applies them
            stats[self.features] = StageStats(
                docs=planned.failed,
                failed=planned.failed,
                seconds=planned.seconds,
                reasons=planned.reasons,
            )
        out.append((first, -1, STATS, pickle.dumps((stats, result.described)), b""))
        return out

    def _process(self, shard: int, docs: list[Document], first: int) -> BatchResult:
        key = f"{self.group}-{shard}-{first}"
        earlier = self.store.begin(key, self.node)
        lost = lost_nodes() if earlier else set()
        crashes = sum(node not in lost for node in earlier)  # a lost node is not a crash
        if crashes >= self.max_attempts:
            why = {
                "shard": shard,
                "stages": self.names,
                "attempts": crashes,
                "first": docs[0].origin and str(docs[0].origin),
            }
            self.store.set_aside(shard, why)
            message = quarantine_message(why)
            failed = [error_for(d, "shard_quarantined", message, stage=self.names) for d in docs]
            self.store.end(key)
            return BatchResult([], failed)
        result = self.pipeline.process(docs)
        self.store.end(key)
        return result


def current_node() -> str:
    """The Ray node this process runs on ("" outside Ray)."""
    import ray

    return ray.get_runtime_context().get_node_id() if ray.is_initialized() else ""


def lost_nodes() -> set[str]:
    """The nodes the cluster has lost."""
    import ray

    return {node["NodeID"] for node in ray.nodes() if not node["Alive"]}


def quarantine_message(why: dict[str, Any]) -> str:
    return (
        f"shard {why['shard']} quarantined: a Ray worker running {why['stages']} died "
        f"{why['attempts']} time(s) on its records from {why['first']} (killed, out of memory, "
        "or a crash in native code); every record of the shard is set aside"
    )
