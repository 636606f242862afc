"""A pool of worker processes for per-document stages, yielding results in input order.

Each worker builds its stages once (``setup`` in the worker) and processes whole batches.
At most ``in_flight`` batches are out at a time, so memory stays bounded. A worker that dies
(killed, out of memory, a crash in native code) breaks the pool: presse restarts it, retries
the batch once, then document by document, and only a document that kills a worker on its
own is set aside, as a ``worker_crashed`` error.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from presse.document import Document
from presse.pipeline import BatchResult, BoundStage, Pipeline, error_for

PR_SET_PDEATHSIG = 1

THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def pin_numeric_threads(threads: int, override: bool = False) -> None:
    """Limit numeric libraries (BLAS, OpenMP) to ``threads`` threads in this process, to avoid
    oversubscribing the CPUs when several workers share a machine."""
    for name in THREAD_VARIABLES:
        if override:
            os.environ[name] = str(threads)
        else:
            os.environ.setdefault(name, str(threads))


_worker: tuple[Pipeline, list[BoundStage]] | None = None


def exit_with_parent(parent: int) -> None:
    """Have the kernel stop this process when its parent dies (Linux), so a killed run
    leaves no worker, each holding a model, behind; exit now if the parent is gone."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # died before the request took effect
        os._exit(1)


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


def default_workers() -> int:
    """``workers: auto``: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class WorkerPool:
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
        try:
            return self._submit(batch).result()
        except BrokenProcessPool:
            self._restart()
        return self._one_by_one(batch)

    def _one_by_one(self, batch: list[Document]) -> BatchResult:
        merged = BatchResult([])
        for doc in batch:
            try:
                result = self._submit([doc]).result()
            except BrokenProcessPool:
                self._restart()
                merged.failed.append(
                    error_for(
                        doc,
                        "worker_crashed",
                        "a worker process died while processing this document (killed, out of "
                        "memory, or a crash in native code)",
                        stage=",".join(b.name for b in self.stages),
                    )
                )
                continue
            merged.merge(result)
        return merged
