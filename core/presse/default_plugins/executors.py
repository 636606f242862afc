"""The built-in ``local`` executor: this process, or a pool of worker processes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from presse.executing import Executor
from presse.hookspecs import hookimpl

if TYPE_CHECKING:
    from presse.document import Document
    from presse.pipeline import BatchResult, Pipeline


class LocalExecutor(Executor):
    """Runs batches in input order on this machine.

    With ``run.workers: 1`` everything runs in this process. With more, the per-document
    stages before the first corpus-level stage run in a pool of worker processes (each sets
    its stages up once), and the corpus-level stages and everything after them run here, on
    the merged stream in input order.
    """

    name = "local"

    def map(self, pipeline: Pipeline, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        from presse.parallel import WorkerPool, default_workers

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


@hookimpl
def register_executors(register):
    register(LocalExecutor)
