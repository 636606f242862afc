"""A sharded run whose first corpus-level stage has a :class:`presse.DistributedPlan` (dedup).

1. **Map**, on the cluster: reading, the per-document stages and the plan's features, in
   actor pools. Workers save each batch's results as a part of its shard
   (:func:`presse_ray.workers.save_parts`); this process receives only the parts' names and
   counts, and commits a shard's map phase (its ``mapped`` marker) when the shard's last
   row arrives. A ``--resume`` after a crash maps again only the shards without a marker.
2. **Plan**: the ordered ``scan`` over every shard's features, read from its parts in local
   mode's batches; ``keys`` and ``reduce`` on Ray Data, from the part files; ``assign``.
3. **Write**, here, shard by shard in input order from the parts: the plan's ``apply`` and
   the later stages, then the shard's files and marker. Every shard is written again on a
   resume (cheap next to the map phase), so that the corpus-level stages' own counts, and
   with them the report, cover every document exactly once.

The stage and its plan's state (``scan``, ``assign``, ``apply``) live in a
:class:`presse_ray.plan_host.PlanHost` actor; this process holds one shard's documents at
a time, never the corpus nor the plan's index, so its memory stays flat.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from presse import PresseError
from presse.document import Document
from presse.pipeline import BoundStage, Pipeline, StageStats
from presse.stage import Stage
from presse_ray.shards import END_SEQ, ShardStore, position
from presse_ray.workers import END, PART, STATS

if TYPE_CHECKING:
    from presse_ray.dataflow import ShardedRun


class AppliedPlan(Stage):
    """A corpus-level stage's plan, last step: the host annotates the documents."""

    def __init__(self, bound: BoundStage, ray, host) -> None:
        super().__init__(bound.stage.params)
        self.name = bound.name
        self.ray, self.host = ray, host

    def process(self, docs: list[Document]) -> list[Document]:
        positions = [d.position for d in docs]
        return self.ray.get(self.host.apply.remote(docs, positions))


class PlannedPhases:
    """The three phases of a sharded run with a plan, on a :class:`ShardedRun`'s state."""

    def __init__(
        self, run: ShardedRun, host: Any, head: list[BoundStage], tail: list[BoundStage]
    ) -> None:
        self.run, self.host, self.head, self.tail = run, host, head, tail
        self.ray = run.ray
        self.store: ShardStore = run.store

    def execute(self) -> None:
        try:
            self._execute()
        finally:
            self.ray.kill(self.host)

    def _execute(self) -> None:
        run, ray, planned = self.run, self.ray, self.tail[0]
        mapped = self.store.mapped()
        if mapped:
            print(
                f"presse: {len(mapped)} shard(s) mapped by an earlier run are not read again "
                f"(stage {planned.name!r} then sees every document, and every shard is "
                "written again)",
                file=sys.stderr,
            )
        run.job.started()
        todo = [s for s in run.shards if s.index not in mapped]
        run.progress.phase("map", len(run.shards), len(mapped))
        plan = self._worker_plan()
        self._map(run._dataset(todo, self.head, planned, plan), mapped)
        missing = [s.index for s in run.shards if s.index not in mapped]
        if missing:
            raise PresseError(f"shard(s) {missing} were not mapped (a bug)")
        run.progress.phase("plan", 1)
        self._plan(mapped)
        run.progress.advance("plan")
        stages = [BoundStage(AppliedPlan(planned, ray, self.host), planned.plugin)]
        stages += self.tail[1:]
        run.progress.phase("write", len(run.shards))
        run._write(self._stored_rows(mapped), Pipeline(stages, run.job.pipeline.timeout))
        summary, described = ray.get(self.host.figures.remote())
        if summary:
            run.report.summaries[planned.name] = summary
        run.report.described[planned.name] = described

    def _worker_plan(self) -> Any:
        return pickle.loads(self.ray.get(self.host.worker_plan.remote()))

    # -- 1. map ----------------------------------------------------------------------------
    def _map(self, ds, mapped: dict[int, dict[str, Any]]) -> None:
        """Commit each shard's map phase once all its rows have come: its end row, and the
        stages' figures, which may follow it (rows come in input order, so a row of a later
        shard, or the end of the stream, says that a shard is complete)."""
        if ds is None:
            return
        pending: dict[int, dict[str, Any]] = {}

        def commit(shard: int) -> None:
            info = pending.pop(shard)
            self.store.mark_mapped(shard, info)
            mapped[shard] = info
            self.run.progress.advance("map", info["stats"])

        current = -1
        for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):  # per block
            for pos, kind, data in zip(
                batch["pos"].tolist(), batch["kind"].tolist(), batch["data"], strict=True
            ):
                shard = pos >> 32
                if shard != current:
                    if current in pending:
                        commit(current)
                    current = shard
                state = pending.setdefault(
                    shard, {"shard": shard, "parts": [], "stats": {}, "described": {}}
                )
                if kind == PART:
                    state["parts"].append(pickle.loads(data))
                elif kind == STATS:
                    stats_of, described = pickle.loads(data)
                    for name, stats in stats_of.items():
                        state["stats"].setdefault(name, StageStats()).add(stats)
                    state["described"].update(described)
                elif kind == END:
                    state.update(pickle.loads(data))
        if current in pending:
            commit(current)

    # -- 2. plan ---------------------------------------------------------------------------
    def _plan(self, mapped: dict[int, dict[str, Any]]) -> None:
        """Scan (on the host), keys and reduce (Ray Data), assign (on the host)."""
        run, ray = self.run, self.ray
        doc_counts = {index: info["docs"] for index, info in mapped.items()}
        parts = [name for index in sorted(mapped) for name in mapped[index]["parts"]]
        ray.get(self.host.scan.remote(parts, doc_counts, run.batch_size))
        plan = self._worker_plan()  # with what the scan found
        reduced = None
        if parts:
            cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
            names = ray.data.from_items(
                [{"part": name} for name in parts], override_num_blocks=min(len(parts), 4 * cpus)
            )
            keyed = names.map_batches(
                emit_keys,
                fn_kwargs={"plan": plan, "workdir": str(self.store.root)},
                batch_format="numpy",
            )
            reduced = keyed.groupby("part", num_partitions=cpus).map_groups(
                reduce_group, fn_kwargs={"plan": plan}, batch_format="numpy"
            )
        ray.get(self.host.assign.remote(reduced))  # the host reads the facts itself

    # -- 3. write --------------------------------------------------------------------------
    def _stored_rows(self, mapped: dict[int, dict[str, Any]]) -> Iterator[tuple]:
        """The map phase's rows, shard by shard, as the dataset gave them."""
        for shard in self.run.shards:
            info = mapped[shard.index]
            for name in info["parts"]:
                for pos, dix, kind, data in self.store.load_part(name):
                    yield pos, dix, kind, data, b""
            last = position(shard.index, END_SEQ)
            yield last, -1, STATS, pickle.dumps((info["stats"], info["described"])), b""
            end = {k: info[k] for k in ("records", "docs", "ids", "not_documents")}
            yield last, -1, END, pickle.dumps(end), b""


# -- the plan's key and reduce steps (Ray tasks) ----------------------------------------------
def emit_keys(batch: dict, plan, workdir: str) -> dict:
    """The ``(partition, key, value)`` rows of the documents of the parts in ``batch``."""

    store = ShardStore(workdir)
    parts, keys, positions, values = [], [], [], []
    for name in batch["part"].tolist():
        for pos, _, feat in store.load_features(name):
            for partition, key, value in plan.keys(pos, pickle.loads(feat)):
                parts.append(partition)
                keys.append(key)
                positions.append(pos)
                values.append(pickle.dumps(value))
    import numpy as np

    return {
        "part": np.array(parts, dtype=np.int64),
        "key": _objects(keys),
        "pos": np.array(positions, dtype=np.int64),
        "val": _objects(values),
    }


def reduce_group(batch: dict, plan) -> dict:
    """One partition's facts, its rows grouped by key and sorted by position."""
    import numpy as np

    parts = batch["part"].tolist()
    rows = sorted(
        zip(list(batch["key"]), batch["pos"].tolist(), list(batch["val"]), strict=True),
        key=lambda r: (bytes(r[0]), r[1]),
    )
    groups: list[tuple[bytes, list[tuple[int, Any]]]] = []
    for key, pos, value in rows:
        key = bytes(key)
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append((pos, pickle.loads(value)))
    facts = list(plan.reduce(parts[0], groups)) if parts else []
    return {
        "pos": np.array([f[0] for f in facts], dtype=np.int64),
        "fact": _objects(pickle.dumps(f[1]) for f in facts),
    }


def _objects(values: Iterable[Any]):
    import numpy as np

    values = list(values)
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array
