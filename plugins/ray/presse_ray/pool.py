"""A pool of Ray actors running the per-document stages, yielding results in input order.

The same guarantees as the local executor's worker pool: each actor sets its stages up once;
at most ``in_flight`` batches are out at a time, so memory stays bounded; results come back
in input order. An actor that dies (killed, out of memory, a crash in native code) is
replaced. The batch it was running follows :func:`presse.executors.retry_ladder`: retried
whole, then document by document, each time on an *idle* actor so that a crash can only be
the retried work's own doing; a document that still kills its actor ``max_attempts`` times
is quarantined as a ``worker_crashed`` error record instead of being retried forever.
A batch lost with its actor's *node* (the cluster lost the machine) is not the batch's
doing: it is sent again whole, and counts as no attempt.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from presse import PresseError
from presse.document import Document
from presse.executors import WorkerLost, retry_ladder
from presse.pipeline import BatchResult, Pipeline
from presse_ray.actor import StageActor
from presse_ray.settings import RaySettings


def _lost_work_errors(ray) -> tuple[type[Exception], ...]:
    """What ``ray.get`` raises when an actor, its process or its node died with the work.

    Application errors never get here: stages' exceptions become error records inside the
    actor (:meth:`presse.pipeline.Pipeline.process`).
    """
    names = ("RayActorError", "WorkerCrashedError", "OutOfMemoryError", "ObjectLostError")
    return tuple(getattr(ray.exceptions, n) for n in names if hasattr(ray.exceptions, n))


@dataclass(eq=False)
class Slot:
    """One place in the pool: the current actor and the calls queued on it."""

    actor: Any
    calls: set = field(default_factory=set)
    node: str | None = None  # the Ray node the actor runs on


REPLACE_SECONDS = 30.0
"""How long a replacement actor may take to be placed before the pool goes on without it
(the cluster lost the node it was on, say); it takes the place back when there is room."""


class ActorsNotPlaced(PresseError):
    """Actors the cluster found no room for in time."""


class NodeLost(WorkerLost):
    """An actor died because the cluster lost its node."""


class ActorLostInSetUp(PresseError):
    """An actor that died while setting its stages up (its node lost, say)."""


class ActorPool:
    """``size`` actors, each holding a copy of ``pipeline`` (per-document stages only).

    An actor that dies is replaced; when the cluster has no room for the replacement (a
    node lost), the pool goes on with the actors it has and starts one again as soon as
    the cluster can place it.
    """

    def __init__(self, ray, pipeline: Pipeline, size: int, settings: RaySettings) -> None:
        self.ray, self.settings = ray, settings
        self.in_flight = settings.in_flight or 2 * size
        self.stage_names = ",".join(b.name for b in pipeline.stages)
        self.crashes = 0
        self._threads = max(1, int(settings.actor_cpus))
        self._remote = ray.remote(StageActor).options(
            num_cpus=settings.actor_cpus, num_gpus=settings.actor_gpus
        )
        self._pipeline_ref = ray.put(pipeline)
        self._errors = _lost_work_errors(ray)
        self._drained = False
        self._missing = 0
        self._candidate: tuple[Any, Any] | None = None
        self.slots = [Slot(self._new_actor()) for _ in range(size)]
        try:
            self._wait_ready(self.slots)
        except BaseException:
            self.close()
            raise

    # -- actors ----------------------------------------------------------------------------
    def _new_actor(self):
        return self._remote.remote(self._pipeline_ref, self._threads)

    def _wait_ready(self, slots: list[Slot], timeout: float | None = None) -> None:
        """Block until the actors of ``slots`` have set their stages up; raise if one cannot."""
        ray = self.ray
        refs = [slot.actor.ready.remote() for slot in slots]
        timeout = self.settings.start_timeout if timeout is None else timeout
        try:
            errors = ray.get(refs, timeout=timeout)
        except ray.exceptions.GetTimeoutError:
            raise ActorsNotPlaced(
                f"{len(slots)} Ray actor(s) did not start within {timeout:g}s: "
                "the cluster may lack the resources "
                f"(each actor asks for {self.settings.actor_cpus:g} CPU, "
                f"{self.settings.actor_gpus:g} GPU; cluster: {ray.cluster_resources()}); "
                "lower PRESSE_RAY_ACTORS or PRESSE_RAY_ACTOR_CPUS"
            ) from None
        except self._errors as exc:
            raise ActorLostInSetUp(
                f"a Ray actor died while setting up the stages {self.stage_names}: {exc}\n"
                "(on a cluster, presse and every plugin of the pipeline must be installed "
                "on the worker nodes)"
            ) from exc
        for error in errors:
            if error is not None:
                raise PresseError(f"on a Ray actor: {error}")
        nodes = ray.get([slot.actor.node_id.remote() for slot in slots], timeout=timeout)
        for slot, node in zip(slots, nodes, strict=True):
            slot.node = node

    def _replace(self, slot: Slot, dead) -> None:
        """Start a new actor in ``slot`` unless that was done since ``dead`` died; without
        room for it in the cluster, go on with the other actors."""
        if slot.actor is not dead or slot not in self.slots:
            return
        self.crashes += 1
        print(
            f"presse: a Ray actor running {self.stage_names} died; starting another "
            f"({self.crashes} so far)",
            file=sys.stderr,
        )
        self.ray.kill(dead, no_restart=True)
        others = len(self.slots) > 1
        for attempt in range(1, self.settings.max_attempts + 1):
            slot.actor, slot.calls = self._new_actor(), set()
            try:
                self._wait_ready([slot], REPLACE_SECONDS if others else None)
                return
            except ActorLostInSetUp:  # placed on a node on its way out: try again
                self.ray.kill(slot.actor, no_restart=True)
                if attempt == self.settings.max_attempts and not others:
                    raise
            except ActorsNotPlaced:
                if not others:
                    raise
                self.ray.kill(slot.actor, no_restart=True)
                break
        if others:
            self.slots.remove(slot)
            self._missing += 1
            print(
                f"presse: no room in the cluster for a new actor within {REPLACE_SECONDS:g}s "
                f"(a node lost?): going on with {len(self.slots)}; it comes back when there "
                "is room",
                file=sys.stderr,
            )

    def _grow(self) -> None:
        """Take a dropped actor's place back once the cluster can place a new one."""
        if not self._missing:
            return
        if self._candidate is None:
            actor = self._new_actor()
            self._candidate = (actor, actor.ready.remote())
            return
        actor, ready = self._candidate
        done, _ = self.ray.wait([ready], timeout=0)
        if not done:
            return
        self._candidate = None
        try:
            error = self.ray.get(ready)
        except self._errors as exc:
            error = str(exc)
        if error is not None:
            self.ray.kill(actor, no_restart=True)
            return
        self.slots.append(Slot(actor, node=self.ray.get(actor.node_id.remote())))
        self._missing -= 1
        print(f"presse: a Ray actor is back: {len(self.slots)} running", file=sys.stderr)

    def close(self) -> None:
        """End the actors; after a complete stream, let them tear their stages down first."""
        ray = self.ray
        try:
            if self._drained:
                closing = [slot.actor.close.remote() for slot in self.slots]
                ray.wait(closing, num_returns=len(closing), timeout=30)
        finally:
            for slot in self.slots:
                ray.kill(slot.actor, no_restart=True)
            if self._candidate is not None:
                ray.kill(self._candidate[0], no_restart=True)

    # -- the stream ------------------------------------------------------------------------
    def map(self, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        """Results of ``batches`` through the stages, in input order."""
        pending: deque[tuple[list[Document], Any, Slot, Any]] = deque()
        for batch in batches:
            pending.append((batch, *self._submit(batch)))
            while len(pending) >= self.in_flight:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())
        self._drained = True

    def _submit(self, docs: list[Document]) -> tuple[Any, Slot, Any]:
        self._grow()
        slot = min(self.slots, key=lambda s: len(s.calls))
        ref = slot.actor.process.remote(docs)
        slot.calls.add(ref)
        return ref, slot, slot.actor

    def _get(self, ref, slot: Slot, actor) -> BatchResult:
        node = slot.node
        try:
            return self.ray.get(ref)
        except self._errors as exc:
            lost = self._node_lost(node)
            self._replace(slot, actor)
            raise (NodeLost if lost else WorkerLost)(str(exc)) from exc
        finally:
            slot.calls.discard(ref)

    def _node_lost(self, node: str | None) -> bool:
        """Whether the cluster counts ``node`` among its dead nodes."""
        if node is None:
            return False
        return any(n["NodeID"] == node and not n["Alive"] for n in self.ray.nodes())

    def _result(self, batch: list[Document], ref, slot: Slot, actor) -> BatchResult:
        try:
            return self._get(ref, slot, actor)
        except NodeLost:
            print(
                f"presse: a batch of {len(batch)} document(s) was lost with its node: sent "
                "again (not counted as a crash)",
                file=sys.stderr,
            )
            return self._result(batch, *self._submit(batch))
        except WorkerLost:
            pass  # perhaps another batch queued on the same actor killed it
        attempts = self.settings.max_attempts
        return retry_ladder(
            batch,
            self._alone,
            batch_attempts=attempts - 1,
            document_attempts=attempts,
            stages=self.stage_names,
            message=f"a Ray actor died {attempts} time(s) while processing this document "
            "alone (killed, out of memory, or a crash in native code)",
        )

    def _alone(self, docs: list[Document]) -> BatchResult:
        """Run ``docs`` on a live actor with nothing else queued, so a crash is theirs."""
        while True:
            slot = self._idle_slot()
            actor = slot.actor
            try:  # an actor that died of other work is replaced without blaming ``docs``
                self.ray.get(actor.ready.remote())
                break
            except self._errors:
                self._replace(slot, actor)
        ref = actor.process.remote(docs)
        slot.calls.add(ref)
        try:
            return self._get(ref, slot, actor)
        except NodeLost:  # not their doing: again, uncounted
            return self._alone(docs)

    def _idle_slot(self) -> Slot:
        ray = self.ray
        while True:
            busy: list = []
            for slot in self.slots:
                calls = list(slot.calls)
                _, waiting = (
                    ray.wait(calls, num_returns=len(calls), timeout=0) if calls else ([], [])
                )
                if not waiting:
                    return slot
                busy.extend(waiting)
            ray.wait(busy, num_returns=1)
