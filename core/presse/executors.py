"""The executor interface (the engine that pushes batches through the stages), and what
every executor needs: the :class:`Job` of a run it takes over, the retry ladder for a lost
worker, and the per-process settings of a worker."""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from presse.accounting import Accounts
    from presse.config.model import PipelineConfig, RunSettings
    from presse.document import Document
    from presse.pipeline import BatchResult, Pipeline
    from presse.reading import InputOptions, InputPlan
    from presse.report import RunReport
    from presse.runner import RunInfo
    from presse.writing import Writer


class Job(Protocol):
    """What an executor that takes a whole run over (:meth:`Executor.execute`) is given.

    The runner keeps the rest: paths checked and locked, the manifest, the report file,
    the lifecycle hooks' ``run_finished``, tearing the stages down.
    """

    config: PipelineConfig
    info: RunInfo
    pipeline: Pipeline
    input_plan: InputPlan
    """The input files and their readers, in order, and the inputs that could not be found."""
    accounts: Accounts
    """Counting, encoding, id checks and the error budget: use it for every record."""
    report: RunReport
    resume: bool
    progress: bool
    """Whether to show progress on stderr (when it is a terminal)."""
    output: Path | None
    """The output file (for a remote output, the local file uploaded when the run ends)."""
    remote_output: str | None
    """The output's URL when it is remote (``s3://...``), else None."""
    errors_path: Path
    filtered_path: Path

    def input_options(self) -> InputOptions:
        """How readers map records to documents."""
        ...

    def open_output(self) -> Writer:
        """A writer for the output (its format chosen by the output's suffix)."""
        ...

    def work_folder(self, name: str) -> Path:
        """A folder beside the output for ``name``'s work in progress (checkpoints)."""
        ...

    def started(self) -> None:
        """Tell the plugins the run starts (the ``run_started`` hook)."""
        ...


class Executor:
    """Base class of executors (register them with ``register_executors``).

    :meth:`map` receives the pipeline and an iterator of batches and must yield one
    :class:`~presse.pipeline.BatchResult` per batch, **in input order**, pulling batches
    lazily so memory stays bounded. The pipeline's stages are set up by the executor
    wherever they run (``pipeline.setup()``), and torn down at the end.
    """

    name: ClassVar[str] = ""

    def __init__(self, settings: RunSettings) -> None:
        self.settings = settings

    def map(self, pipeline: Pipeline, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        raise NotImplementedError

    def execute(self, job: Job) -> bool:
        """Optionally take the whole run over: reading, writing and accounting included.

        Return False (the default) to let the runner read, write and call :meth:`map`.
        An executor that returns True has accounted for every record through
        ``job.accounts``, set ``job.report``'s status and committed the outputs (the runner
        still writes the manifest and the report, and tears the stages down).
        """
        return False


class WorkerLost(Exception):
    """The worker (a process, an actor) that held a batch died: killed, out of memory, or a
    crash in native code."""


def retry_ladder(
    batch: list[Document],
    alone: Callable[[list[Document]], BatchResult],
    *,
    batch_attempts: int,
    document_attempts: int,
    stages: str,
    message: str,
) -> BatchResult:
    """What an executor does with a batch whose worker was lost.

    ``alone(docs)`` runs ``docs`` with nothing else on a live worker and raises
    :class:`WorkerLost` if that worker dies. The batch is tried again whole
    (``batch_attempts`` times), then document by document (``document_attempts`` times
    each); a document that still loses its worker is set aside as a ``worker_crashed``
    error record (``message``, ``stages``), so that one bad document never stops a run.
    """
    from presse.pipeline import BatchResult, error_for

    for _ in range(batch_attempts):
        try:
            return alone(batch)
        except WorkerLost:
            continue
    merged = BatchResult([])
    for doc in batch:
        for _ in range(document_attempts):
            try:
                merged.merge(alone([doc]))
                break
            except WorkerLost:
                continue
        else:
            merged.failed.append(error_for(doc, "worker_crashed", message, stage=stages))
    return merged


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


def default_workers() -> int:
    """``workers: auto``: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
