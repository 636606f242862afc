"""The built-in ``local`` executor: this process, or a pool of worker processes.

In the pool, each worker builds its stages once (``setup`` in the worker) and processes
whole batches. At most ``in_flight`` batches are out at a time, so memory stays bounded. A
worker that dies (killed, out of memory, a crash in native code) breaks the pool: presse
restarts it and follows :func:`presse.executors.retry_ladder` (the batch once more, then
document by document), so only a document that kills a worker on its own is set aside, as
a ``worker_crashed`` error.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from presse.executors import (
    Executor,
    WorkerLost,
    default_workers,
    exit_with_parent,
    pin_numeric_threads,
    retry_ladder,
)
from presse.hookspecs import hookimpl

if TYPE_CHECKING:  # (the CLI loads this plugin to print --help: keep it light)
    from presse.document import Document
    from presse.pipeline import BatchResult, BoundStage, Pipeline


class LocalExecutor(Executor):
    """Runs batches in input order on this machine.

    With ``run.workers: 1`` everything runs in this process. With more, the per-document
    stages before the first corpus-level stage run in a pool of worker processes (each sets
    its stages up once), and the corpus-level stages and everything after them run here, on
    the merged stream in input order.
    """

    name = "local"

    def map(self, pipeline: Pipeline, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        workers = self.settings.workers
        workers = default_workers() if workers == "auto" else workers
        head, tail = pipeline.split()
        if workers <= 1 or not head:
            pipeline.setup()
            for batch in batches:
                yield pipeline.process(batch)
            return
        pipeline.setup(tail)
        for result in WorkerPool(pipeline, head, workers).map(batches):
            if tail:
                result.merge_tail(pipeline.process(result.docs, tail))
            yield result


_worker: tuple[Pipeline, list[BoundStage]] | None = None


def _init_worker(pipeline: Pipeline, stages: list[BoundStage], parent: int | None = None) -> None:
    """Runs once in each worker: tied to the parent's life, deaf to Ctrl-C (the parent
    handles it and stops the pool), one thread per numeric library, then the stages' setup."""
    global _worker
    if parent is not None:
        exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pin_numeric_threads(1, override=True)
    pipeline.setup(stages)
    _worker = (pipeline, stages)


def _process(docs: list[Document]) -> BatchResult:
    assert _worker is not None, "worker not initialised"
    pipeline, stages = _worker
    return pipeline.process(docs, stages)


class WorkerPool:
    """Worker processes for per-document stages, yielding results in input order."""

    def __init__(
        self,
        pipeline: Pipeline,
        stages: list[BoundStage],
        workers: int,
        in_flight: int | None = None,
    ) -> None:
        self.pipeline, self.stages, self.workers = pipeline, stages, workers
        self.in_flight = in_flight or 2 * workers
        self._pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context(method),
                initializer=_init_worker,
                initargs=(self.pipeline, self.stages, os.getpid()),
            )
        return self._pool

    def _restart(self) -> None:
        if self._pool is not None:
            # wait: no thread of the old pool may outlive it, since new workers are forked
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        pending: deque[tuple[list[Document], Future]] = deque()
        try:
            for batch in batches:
                pending.append((batch, self._submit(batch)))
                while len(pending) >= self.in_flight:
                    yield self._result(*pending.popleft())
            while pending:
                yield self._result(*pending.popleft())
        finally:
            self._restart()

    def _submit(self, batch: list[Document]) -> Future:
        try:
            return self._start().submit(_process, batch)
        except BrokenProcessPool as exc:  # the pool broke since: settle it in _result
            future: Future = Future()
            future.set_exception(exc)
            return future

    def _result(self, batch: list[Document], future: Future) -> BatchResult:
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):
            self._restart()  # perhaps another batch killed the pool: retry this one whole
        return retry_ladder(
            batch,
            self._alone,
            batch_attempts=1,
            document_attempts=1,
            stages=",".join(b.name for b in self.stages),
            message="a worker process died while processing this document (killed, out of "
            "memory, or a crash in native code)",
        )

    def _alone(self, docs: list[Document]) -> BatchResult:
        try:
            return self._submit(docs).result()
        except BrokenProcessPool as exc:
            self._restart()
            raise WorkerLost(str(exc)) from exc


@hookimpl
def register_executors(register):
    register(LocalExecutor)
