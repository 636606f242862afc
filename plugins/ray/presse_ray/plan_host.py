"""The Ray actor that holds a corpus-level stage and its plan, off the driver.

A plan's ordered steps (``scan``, ``assign``, ``apply``) keep state that grows with the
corpus: dedup's passage index, and the links each document waits for until it is joined
back. They run here, in one actor (reserving no CPU, like the driver whose work it does),
so that the driver's memory stays flat however large the corpus. The stage is set up here,
its figures for the run report (``summary``, ``describe``) are read here at the end.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

from presse import PresseError
from presse.document import Document
from presse.pipeline import BoundStage
from presse.stage import Stage
from presse_ray.session import ray_failure
from presse_ray.shards import LocalBatches, ShardStore


def has_plan_method(stage: Stage) -> bool:
    """Whether the stage's class may give a plan (overrides ``distributed_plan``)."""
    return type(stage).distributed_plan is not Stage.distributed_plan


class PlanHost:
    """A corpus-level stage, set up, with its plan (see the module docstring)."""

    def __init__(self, bound: BoundStage, workdir: str) -> None:
        self.stage = bound.stage
        self.stage.setup()
        self.plan = self.stage.distributed_plan()
        self.store = ShardStore(workdir)

    def has_plan(self) -> bool:
        return self.plan is not None

    def worker_plan(self) -> bytes:
        """The plan as the workers get it (what its pickling keeps), after the steps so far."""
        return pickle.dumps(self.plan)

    def scan(self, parts: list[str], doc_counts: dict[int, int], batch_size: int) -> None:
        """The plan's ordered scan over the features of ``parts`` (in input order)."""
        if self.plan.scan is not None:
            for batch in feature_batches(self.store, parts, doc_counts, batch_size):
                self.plan.scan(batch)

    def assign(self, reduced) -> None:
        """The plan's assignment over every fact of ``reduced`` (the reduce step's Ray
        dataset, read here so that the facts never pass through the driver; None: no
        facts)."""
        facts: list[tuple[int, Any]] = []
        if reduced is not None:
            for batch in reduced.iter_batches(batch_size=None, batch_format="numpy"):
                for pos, fact in zip(batch["pos"].tolist(), batch["fact"], strict=True):
                    facts.append((pos, pickle.loads(fact)))
        facts.sort(key=lambda fact: fact[0])
        self.outcomes = self.plan.assign(facts)

    def apply(self, docs: list[Document], positions: list[int]) -> list[Document]:
        return self.plan.apply(docs, positions, self.outcomes)

    def figures(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The stage's ``summary()`` and ``describe()``, for the report and the manifest."""
        return self.stage.summary(), dict(self.stage.describe())


def feature_batches(
    store: ShardStore, parts: list[str], doc_counts: dict[int, int], batch_size: int
) -> Iterator[list[tuple[int, Any]]]:
    """Every document's features in input order, cut as local mode cuts batches
    (:class:`presse_ray.shards.LocalBatches`; ``doc_counts``: documents per shard)."""
    batches = LocalBatches(batch_size, doc_counts)
    batch: list[tuple[int, Any]] = []
    key = None
    for name in parts:
        for pos, dix, feat in store.load_features(name):
            k = batches.key(pos >> 32, dix)
            if batch and k != key:
                yield batch
                batch = []
            key = k
            batch.append((pos, pickle.loads(feat)))
    if batch:
        yield batch


def start_host(ray, bound: BoundStage, workdir: str):
    """The plan host (an actor handle) of ``bound`` when its stage gives a plan; else None
    (the stage then runs on the driver over the ordered stream)."""
    if not has_plan_method(bound.stage):
        return None
    host = ray.remote(PlanHost).options(num_cpus=0, max_restarts=0).remote(bound, workdir)
    try:
        planned = ray.get(host.has_plan.remote())
    except Exception as exc:  # its set-up failed: Ray wraps the stage's exception
        ray.kill(host)
        failure = str(ray_failure(exc, "set-up")).removeprefix("the set-up failed: ")
        raise PresseError(f"stage {bound.name!r} failed to set up: {failure}") from None
    if not planned:
        ray.kill(host)
        return None
    return host
