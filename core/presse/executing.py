"""The executor interface: the engine that pushes batches through the stages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from presse.accounting import Accounts
    from presse.config.model import PipelineConfig, RunSettings
    from presse.document import Document
    from presse.inputs import InputPlan
    from presse.pipeline import BatchResult, Pipeline
    from presse.reading import InputOptions
    from presse.report import RunReport
    from presse.runinfo import RunInfo
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
    output: Path | None
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
