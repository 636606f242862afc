"""A sharded run on Ray Data: read shards, map stages in actor pools, plan, write shards.

1. The input is cut into shards (:mod:`presse_ray.shards`); Ray tasks read them.
2. Each run of consecutive per-document stages with the same ``resources`` is one
   ``map_batches`` over an actor pool (:class:`presse_ray.workers.StageWorker`).
3. A corpus-level stage with a :class:`presse.DistributedPlan` (dedup) runs its map step
   in an actor pool too, and the map phase is saved shard by shard; the rest of the plan
   follows (:mod:`presse_ray.planned`). A corpus-level stage without a plan runs here over
   the ordered stream.
4. This process reads the results in input order (``preserve_order``), runs what must run
   here (the plan's ``apply``, later stages), and writes each shard's files and marker.

Documents reach the corpus-level stages in the batches local mode would give them (the
same ``batch_size`` cut of the input's documents), so their results are the same.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from presse import PresseError
from presse.document import Document
from presse.errors import ErrorRecord
from presse.pipeline import BoundStage, Pipeline, StageStats, error_for
from presse.reading import read_error
from presse.writing import JsonlWriter, dumps_line
from presse_ray.plan_host import start_host
from presse_ray.pool_plan import READ_CPUS, READ_MEMORY, pools, size_pools
from presse_ray.progress import ShardProgress
from presse_ray.session import ray_failure
from presse_ray.settings import RaySettings
from presse_ray.shards import (
    END_SEQ,
    LocalBatches,
    Shard,
    ShardStore,
    plan_shards,
    position,
    shard_identity,
)
from presse_ray.workers import (
    DOC,
    END,
    ERROR,
    FILTERED,
    STATS,
    FeaturesStage,
    StageWorker,
    columns,
    quarantine_message,
    read_shards,
    save_parts,
)

if TYPE_CHECKING:
    from presse.executors import Job


# -- the driver's side -----------------------------------------------------------------------
@dataclass
class ShardState:
    """What the driver holds of a shard until it is complete."""

    docs: list[Document] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    filtered: list[Document] = field(default_factory=list)
    stats: dict[str, StageStats] = field(default_factory=dict)
    records: int | None = None
    not_documents: dict[str, int] = field(default_factory=dict)
    pending: int = 0  # documents still in the driver's stage batch
    arrived: bool = False  # every row of the shard has come


class ShardedRun:
    def __init__(self, job: Job, settings: RaySettings, ray, workdir: str) -> None:
        self.job, self.settings, self.ray = job, settings, ray
        self.config = job.config
        self.batch_size = job.config.run.batch_size
        self.report = job.report
        self.accounts = job.accounts
        self.store = ShardStore(workdir)
        self.shards: list[Shard] = plan_shards(job.input_plan, settings.shard_bytes)
        self.states: dict[int, ShardState] = {}
        self.batches = LocalBatches(self.batch_size)  # documents per shard, as they come
        self.input_errors = [read_error(f) for f in job.input_plan.failures]
        self.progress = ShardProgress(False, len(self.shards))

    # -- the whole run ---------------------------------------------------------------------
    def execute(self) -> None:
        job, report = self.job, self.report
        start = time.perf_counter()
        pipeline = job.pipeline
        head, tail = pipeline.split()
        self.identity = shard_identity(self.shards, job.info.config_hash)
        done = self.store.open(self.identity, job.resume)
        try:
            host = start_host(self.ray, tail[0], self.store.root) if tail else None
            with ShardProgress(job.progress, len(self.shards)) as self.progress:
                if host is None:
                    pipeline.setup(tail)
                    self._stream(head, tail, done)
                else:
                    from presse_ray.planned import PlannedPhases

                    pipeline.setup(tail[1:])
                    PlannedPhases(self, host, head, tail).execute()
        except PresseError:
            raise
        except Exception as exc:  # what Ray Data raises for a failed job
            raise ray_failure(exc, "Ray Data job") from exc
        self.accounts.count(len(self.input_errors), 0, 0, self.input_errors)
        message = self.accounts.verdict()
        ok = message is None
        report.seconds = time.perf_counter() - start
        report.status, report.message = ("ok" if ok else "failed"), message
        report.outputs = {"output": str(job.output)}
        if ok:
            report.outputs.update(self._assemble())
        else:
            report.outputs["checkpoint"] = str(self.store.root)

    def _stream(self, head: list[BoundStage], tail: list[BoundStage], done: dict) -> None:
        """No plan: completed shards are skipped, the rest flows through the pools, and a
        corpus-level stage runs here over the ordered stream (seeing every document, so a
        resume processes every shard again)."""
        if done and tail:
            print(
                f"presse: stage {tail[0].name!r} must see every document again: the "
                f"{len(done)} completed shard(s) are processed again",
                file=sys.stderr,
            )
            done = self.store.open(self.identity, resume=False)
        elif done:
            print(f"presse: {len(done)} completed shard(s) skipped", file=sys.stderr)
        for info in done.values():
            self._restore(info)
        self.job.started()
        todo = [s for s in self.shards if s.index not in done]
        self.progress.phase("write", len(self.shards), len(done))
        ds = self._dataset(todo, head)
        stages = Pipeline(tail, self.job.pipeline.timeout) if tail else None
        self._write(self._rows(ds, done), stages)

    # -- the dataset -------------------------------------------------------------------------
    def _dataset(self, todo: list[Shard], head, planned: BoundStage | None = None, plan=None):
        """Read ``todo`` and run ``head`` in actor pools; with a plan, its features too, and
        the results are saved as parts (:func:`presse_ray.workers.save_parts`)."""
        if not todo:
            return None
        ray, settings = self.ray, self.settings
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        # plain tasks (no aggregator actors to start): cheaper for the plan's small rows
        context.shuffle_strategy = "sort_shuffle_pull_based"
        ds = ray.data.from_items([{"shard": s.index} for s in todo], override_num_blocks=len(todo))
        ds = ds.map_batches(
            read_shards,
            fn_kwargs={"shards": self.shards, "options": self.job.input_options()},
            batch_size=1,
            batch_format="numpy",
            # Tasks of their own, never fused into the first actor pool (fused, Ray Data
            # bundles up to batch_size shards into one actor call: one actor reads them
            # all): their memory request is one no pool makes (see pool_plan). They run in
            # the CPUs the pools leave free.
            num_cpus=READ_CPUS,
            memory=READ_MEMORY,
        )
        features = None
        if planned is not None:
            features = BoundStage(
                FeaturesStage(planned, plan), planned.plugin, None, planned.resources
            )
        stage_pools = pools(head + ([features] if features else []), settings)
        cluster = ray.cluster_resources()
        size_pools(stage_pools, cluster, settings, self.config.run.workers)
        timeout = self.job.pipeline.timeout
        for group, pool in enumerate(stage_pools):
            is_features = features is not None and group == len(stage_pools) - 1
            ds = ds.map_batches(
                StageWorker,
                fn_constructor_kwargs={
                    "pipeline": Pipeline(pool.stages, timeout),
                    "group": group,
                    "workdir": str(self.store.root),
                    "max_attempts": settings.max_attempts,
                    "threads": max(1, int(pool.num_cpus)),
                    "features": planned.name if is_features else None,
                },
                batch_size=self.batch_size,
                batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=pool.concurrency),
                num_cpus=pool.num_cpus,
                num_gpus=pool.num_gpus or None,
            )
        if planned is not None:
            ds = ds.map_batches(
                save_parts,
                fn_kwargs={"workdir": str(self.store.root)},
                batch_size=None,
                batch_format="numpy",
                num_cpus=READ_CPUS,
            )
        return ds

    def _rows(self, ds, done: dict[int, dict]):
        """Every row in input order; completed shards contribute their end row."""
        last = -1

        def skipped(first: int, stop: int):
            for index in range(first, stop):
                info = done.get(index)
                if info is not None:
                    end = {"records": info["records"], "docs": info["docs"], "skipped": True}
                    yield position(index, END_SEQ), -1, END, pickle.dumps(end), b""

        if ds is not None:
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):  # per block
                pos = batch["pos"].tolist()
                if not pos:
                    continue
                dix, kind = batch["dix"].tolist(), batch["kind"].tolist()
                data, feat = batch["data"], batch["feat"]
                for i, p in enumerate(pos):
                    shard = p >> 32
                    if shard != last:
                        yield from skipped(last + 1, shard)
                        last = shard
                    yield p, dix[i], kind[i], data[i], feat[i]
        yield from skipped(last + 1, len(self.shards))

    # -- writing -----------------------------------------------------------------------------
    def _write(self, rows: Iterator[tuple], tail: Pipeline | None) -> None:
        """Run ``tail`` here over ``rows`` (in input order, cut into local mode's batches),
        and write each shard as soon as all its documents are through."""
        buffer: list[Document] = []
        key = None
        current = -1

        def flush() -> None:
            nonlocal buffer
            if not buffer:
                return
            result = tail.process(buffer)
            first = self.states[buffer[0].position >> 32]
            for name, stats in result.stats.items():
                first.stats.setdefault(name, StageStats()).add(stats)
            for doc in result.docs:
                self.states[doc.position >> 32].docs.append(doc)
            for doc in result.filtered:
                self.states[doc.position >> 32].filtered.append(doc)
            for error in result.failed:
                self.states[self._shard_of_error(error, buffer)].errors.append(error.to_dict())
            for doc in buffer:
                self.states[doc.position >> 32].pending -= 1
            buffer = []
            self._finalize_ready()

        for pos, dix, kind, data, _ in rows:
            shard = pos >> 32
            if shard != current:
                if current in self.states:
                    self.states[current].arrived = True
                    self._finalize_ready()
                current = shard
            if kind == END:
                info = pickle.loads(data)
                self.batches.counts[shard] = info["docs"]
                if not info.get("skipped"):
                    state = self.states.setdefault(shard, ShardState())
                    state.records = info["records"]
                    state.not_documents = info.get("not_documents", {})
                    self.accounts.check_ids(info["ids"])
                continue
            state = self.states.setdefault(shard, ShardState())
            if kind == DOC:
                doc = pickle.loads(data)
                doc.position = pos
                if tail is None:
                    state.docs.append(doc)
                    continue
                k = self.batches.key(shard, dix)
                if buffer and k != key:
                    flush()
                key = k
                buffer.append(doc)
                state.pending += 1
            elif kind == ERROR:
                state.errors.append(pickle.loads(data))
            elif kind == FILTERED:
                state.filtered.append(pickle.loads(data))
            elif kind == STATS:
                stats_of, described = pickle.loads(data)
                for name, stats in stats_of.items():
                    state.stats.setdefault(name, StageStats()).add(stats)
                self.report.described.update(described)
        flush()
        for state in self.states.values():
            state.arrived = True
        self._finalize_ready()
        if self.states:
            raise PresseError(f"shard(s) {sorted(self.states)} did not complete (a bug)")

    def _shard_of_error(self, error: ErrorRecord, buffer: list[Document]) -> int:
        for doc in buffer:
            if doc.origin and (doc.origin.source, doc.origin.line) == (error.source, error.line):
                return doc.position >> 32
        return buffer[0].position >> 32

    def _finalize_ready(self) -> None:
        for index in sorted(self.states):
            state = self.states[index]
            if state.arrived and state.pending == 0 and state.records is not None:
                self._finalize(index, self.states.pop(index))

    def _finalize(self, index: int, state: ShardState) -> None:
        errors = list(state.errors)
        out: list[bytes] = []
        why = self.store.quarantined(index)
        if why is not None:  # every record of the shard is set aside
            message = quarantine_message(why)
            for doc in [*state.docs, *state.filtered]:
                errors.append(
                    error_for(doc, "shard_quarantined", message, stage=why["stages"]).to_dict()
                )
            state.docs, state.filtered = [], []
        lines, unwritable = self.accounts.encode(state.docs)
        out.extend(lines)
        errors.extend(record.to_dict() for record in unwritable)
        errors.sort(key=lambda e: (e.get("line") or 0, e.get("offset") or 0))
        filtered = [dumps_line(dict(d)) for d in state.filtered]
        written, failed = len(out), len(errors)
        if written + failed + len(filtered) != state.records:
            raise PresseError(
                f"shard {index} ({self.shards[index].describe()}): {state.records} records "
                f"read but {written} written, {failed} failed, {len(filtered)} filtered (a bug)"
            )
        info = {
            "shard": index,
            "records": state.records,
            "docs": self.batches.counts.get(index, 0),
            "written": written,
            "failed": failed,
            "filtered": len(filtered),
            "reasons": dict(Counter(e["reason"] for e in errors)),
            "stats": {name: stats.state() for name, stats in state.stats.items()},
            "quarantined": why is not None,
            "not_documents": state.not_documents,
        }
        self.store.complete(index, out, [dumps_line(e) for e in errors], filtered, info)
        self.progress.advance("write", state.stats)
        self.accounts.count(
            info["records"],
            written,
            len(filtered),
            [ErrorRecord(**_error_fields(error)) for error in errors],
            state.stats,
            state.not_documents,
        )

    def _restore(self, info: dict[str, Any]) -> None:
        """Count a shard completed by an earlier run."""
        self.accounts.restore(
            info["records"],
            info["written"],
            info["filtered"],
            info["reasons"],
            info["stats"],
            info.get("not_documents", {}),
        )

    # -- the final files -----------------------------------------------------------------------
    def _assemble(self) -> dict[str, str | None]:
        """Concatenate the shards' files, in input order, into the run's outputs."""
        job = self.job
        writer = job.open_output()
        try:
            for shard in self.shards:
                _copy(self.store.open_file(shard.index, "out.jsonl"), writer)
        except BaseException:
            writer.abort()
            raise
        writer.commit()
        paths: dict[str, str | None] = {}
        for kind, target, first in (
            ("errors", job.errors_path, [dumps_line(e.to_dict()) for e in self.input_errors]),
            ("filtered", job.filtered_path, []),
        ):
            parts = [self.store.open_file(s.index, f"{kind}.jsonl") for s in self.shards]
            parts = [p for p in parts if p is not None]
            if not parts and not first and not os.path.lexists(target):
                paths[kind] = None  # (a stale file is replaced by an empty one below)
                continue
            side = JsonlWriter(target)
            if first:
                side.write(first)
            for part in parts:
                _copy(part, side)
            side.commit()
            paths[kind] = str(target)
        self.store.discard()
        return paths


def _copy(handle: IO[bytes] | None, writer) -> None:
    """Copy a shard's file (opened, or None when it has none) into ``writer``; close it."""
    if handle is None:
        return
    with handle:
        while chunk := handle.read(1 << 22):
            writer.write([chunk])


def _error_fields(error: dict[str, Any]) -> dict[str, Any]:
    names = set(ErrorRecord.__dataclass_fields__)
    fields = {k: v for k, v in error.items() if k in names}
    fields["extra"] = {k: v for k, v in error.items() if k not in names}
    return fields


__all__ = ["ShardedRun", "columns"]
