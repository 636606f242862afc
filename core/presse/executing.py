"""The executor interface: the engine that pushes batches through the stages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from presse.config.model import RunSettings
    from presse.document import Document
    from presse.pipeline import BatchResult, Pipeline
    from presse.runner import Run


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

    def execute(self, run: Run) -> bool:
        """Optionally take the whole run over: reading, writing and accounting included.

        Return False (the default) to let the runner read, write and call :meth:`map`.
        An executor that returns True has filled ``run.report`` and committed the outputs
        (the runner still writes the manifest and the report, and tears the stages down).
        """
        return False
