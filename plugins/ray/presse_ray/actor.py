"""What runs inside each Ray actor: the per-document stages, set up once.

:func:`presse_ray.pool` wraps :class:`StageActor` with ``ray.remote`` when a run starts;
this module imports Ray only inside an actor.
"""

from __future__ import annotations

from presse.document import Document
from presse.executors import pin_numeric_threads
from presse.pipeline import BatchResult, Pipeline


class StageActor:
    """Holds a pipeline of per-document stages and processes whole batches through it.

    Set-up errors are kept, not raised, so the driver can report them as a presse error
    (:meth:`ready`) instead of a dead actor.
    """

    def __init__(self, pipeline: Pipeline, threads: int = 1) -> None:
        pin_numeric_threads(threads)  # one numeric-library thread per reserved CPU
        self.pipeline = pipeline
        self.error: str | None = None
        try:
            pipeline.setup()
        except Exception as exc:
            self.error = str(exc)

    def ready(self) -> str | None:
        """None once the stages are set up, else why they could not be."""
        return self.error

    def node_id(self) -> str:
        """The Ray node this actor runs on."""
        import ray

        return ray.get_runtime_context().get_node_id()

    def process(self, docs: list[Document]) -> BatchResult:
        return self.pipeline.process(docs)

    def close(self) -> None:
        self.pipeline.teardown()
