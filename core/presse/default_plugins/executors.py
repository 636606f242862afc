"""The built-in ``local`` executor: every batch through every stage, in this process."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from presse.document import Document
from presse.executing import Executor
from presse.hookspecs import hookimpl
from presse.pipeline import BatchResult, Pipeline


class LocalExecutor(Executor):
    """Runs the pipeline in the current process, one batch at a time, in input order."""

    name = "local"

    def map(self, pipeline: Pipeline, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        pipeline.setup()
        try:
            for batch in batches:
                yield pipeline.process(batch)
        finally:
            pipeline.teardown()


@hookimpl
def register_executors(register):
    register(LocalExecutor)
