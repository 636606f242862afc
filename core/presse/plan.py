"""Distributed plans: how a corpus-level stage runs when the corpus does not fit one process.

A corpus-level stage (dedup) keeps state across the whole stream, so by default it runs in
one process over the documents in input order (the driver, with a distributed executor).
A stage can do better by returning a :class:`DistributedPlan` from
:meth:`presse.Stage.distributed_plan`: a few steps an executor such as ``presse-ray`` can
spread over a cluster, shaped like map / group-by-key / reduce. The plan must give the
same results as :meth:`~presse.Stage.process` over the ordered stream.

The steps, in the order an executor calls them (each step sees the plan as the previous
step left it; steps marked *workers* run on a copy of the plan shipped there):

1. :meth:`~DistributedPlan.setup` then :meth:`~DistributedPlan.features` (*workers*, per
   batch of documents that reached the stage): one picklable value per document. An
   exception sets the batch's documents aside one by one, as :meth:`presse.Stage.process`
   would.
2. :meth:`~DistributedPlan.scan` (driver, optional): every document's features in input
   order, cut into the batches local mode would have given the stage; for rules that must
   be replayed in order. Whatever it keeps travels with the plan to the next steps.
3. :meth:`~DistributedPlan.keys` (*workers*): ``(partition, key, value)`` triples per
   document. Rows are grouped by ``partition`` (an ``int``: one reduce call each), then by
   ``key`` (``bytes``) inside it.
4. :meth:`~DistributedPlan.reduce` (*workers*): one partition, its keys' rows sorted by
   position; yields ``(position, fact)`` pairs.
5. :meth:`~DistributedPlan.assign` (driver): every fact, sorted by position; returns the
   outcome of each document that has one. Keep it light: it sees facts, not documents.
6. :meth:`~DistributedPlan.apply` (driver): annotate documents in input order (same
   batches as in local mode), from their outcomes; like :meth:`presse.Stage.process` it
   returns the batch and may ``skip`` or ``filter`` documents.

A *position* is an ``int`` that orders documents as the input does (an executor builds it
from the shard and the record's place in it); it is all the steps know of a document
besides its features.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from presse.document import Document


class DistributedPlan:
    """Base class of distributed plans; override what the stage needs (see the module)."""

    def setup(self) -> None:
        """Load what :meth:`features` needs, once per worker."""

    def features(self, docs: list[Document]) -> list[Any]:
        """One picklable value per document (workers)."""
        raise NotImplementedError

    # ``scan`` is optional: an executor skips the ordered pass when it is None.
    scan: Any = None
    """``scan(batch: list[tuple[int, Any]]) -> None`` on the driver, in input order."""

    def keys(self, position: int, features: Any) -> Iterable[tuple[int, bytes, Any]]:
        """``(partition, key, value)`` triples to group on (workers)."""
        return ()

    def reduce(
        self, partition: int, groups: Iterable[tuple[bytes, list[tuple[int, Any]]]]
    ) -> Iterator[tuple[int, Any]]:
        """Facts ``(position, fact)`` from one partition's groups of ``(position, value)``."""
        return iter(())

    def assign(self, facts: list[tuple[int, Any]]) -> dict[int, Any]:
        """Outcome per position, from every fact sorted by position (driver)."""
        return {}

    def apply(self, docs: list[Document], positions: list[int], outcomes: dict[int, Any]):
        """Annotate ``docs`` (at ``positions``) from ``outcomes``; return the batch (driver)."""
        raise NotImplementedError


def run_in_process(plan: DistributedPlan, batches: list[list[Document]]) -> list[list[Document]]:
    """Every step of ``plan``, in this process, over ``batches`` (the stream in input order,
    cut as local mode would): a reference to test a plan against the stage's ``process``.

    Worker steps run on pickled copies of the plan, as they would on a cluster.
    """
    import pickle

    def shipped() -> DistributedPlan:
        return pickle.loads(pickle.dumps(plan))

    worker = shipped()
    worker.setup()
    numbered: list[list[tuple[int, Any]]] = []
    position = 0
    for batch in batches:
        features = worker.features(batch)
        numbered.append([(position + i, f) for i, f in enumerate(features)])
        position += len(batch)
    if plan.scan is not None:
        for batch in numbered:
            plan.scan(batch)
    worker = shipped()
    groups: dict[int, dict[bytes, list[tuple[int, Any]]]] = {}
    for batch in numbered:
        for pos, features in batch:
            for partition, key, value in worker.keys(pos, features):
                groups.setdefault(partition, {}).setdefault(key, []).append((pos, value))
    facts: list[tuple[int, Any]] = []
    for partition in sorted(groups):
        keyed = sorted(groups[partition].items())
        facts.extend(shipped().reduce(partition, keyed))
    facts.sort(key=lambda fact: fact[0])
    outcomes = plan.assign(facts)
    return [
        plan.apply(batch, [pos for pos, _ in numbers], outcomes)
        for batch, numbers in zip(batches, numbered, strict=True)
    ]
