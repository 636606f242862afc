"""The ``ray`` executor: per-document stages in a pool of Ray actors, the rest here."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from presse import Executor, PresseError
from presse.document import Document
from presse.pipeline import BatchResult, Pipeline
from presse_ray.settings import RaySettings

if TYPE_CHECKING:
    from presse.config.model import RunSettings
    from presse.executors import Job


class RayExecutor(Executor):
    """Runs the per-document stages before the first corpus-level stage in Ray actors.

    Each actor sets its stages up once and processes whole batches; results come back in
    input order with a bounded number of batches in flight. Corpus-level stages (dedup)
    and everything after them run in this process on the merged, ordered stream, exactly
    as in local mode, so their results are the same. Reading, writing, checkpoints and
    accounting stay with the runner: Ray only computes.

    Settings come from ``run.executor_options`` and ``PRESSE_RAY_*`` environment variables
    (:class:`RaySettings`); they are checked when the run is built, before anything starts.
    """

    name = "ray"

    def __init__(self, settings: RunSettings) -> None:
        super().__init__(settings)
        self.options = RaySettings.load(getattr(settings, "executor_options", None))

    def map(self, pipeline: Pipeline, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        head, tail = pipeline.split()
        if not head:  # nothing per-document to distribute
            pipeline.setup()
            for batch in batches:
                yield pipeline.process(batch)
            return
        from presse_ray.pool import ActorPool
        from presse_ray.session import import_ray, ray_failure, ray_session

        settings = self.options
        ray = import_ray(local=not settings.address)
        pipeline.setup(tail)
        with ray_session(ray, settings, plugin_modules(pipeline)):
            try:
                pool = ActorPool(
                    ray, Pipeline(head, pipeline.timeout), self._size(ray, settings), settings
                )
                try:
                    for result in pool.map(batches):
                        if tail:
                            result.merge_tail(pipeline.process(result.docs, tail))
                        yield result
                finally:
                    pool.close()
            except ray.exceptions.RayError as exc:  # one error line, not Ray's traceback
                raise ray_failure(exc) from None

    def execute(self, job: Job) -> bool:
        """Sharded mode (``mode: shards``, or ``auto`` with files in and a file out): the
        whole run on Ray Data, see :mod:`presse_ray.dataflow`. Else False: the runner reads
        and writes, and :meth:`map` sends batches to the actors."""
        settings = self.options
        files = job.output is not None and all(
            source.path is not None or source.url is not None
            for source, _ in job.input_plan.sources
        )
        if settings.mode == "stream" or (settings.mode == "auto" and not files):
            return False
        if not files:
            raise PresseError(
                "run.executor_options.mode: shards needs input files and an output file (-o)"
            )
        from presse_ray.dataflow import ShardedRun
        from presse_ray.session import import_ray, ray_session

        ray = import_ray(local=not settings.address)
        with ray_session(ray, settings, plugin_modules(job.pipeline)):
            ShardedRun(job, settings, ray, work_folder(job, settings)).execute()
        return True

    def _size(self, ray, settings: RaySettings) -> int:
        """Actors to start: as asked, else what the cluster holds, less the CPU headroom."""
        if settings.actors:
            return settings.actors
        workers = self.settings.workers
        if isinstance(workers, int) and workers > 1:
            return workers
        resources = ray.cluster_resources()
        fits = []
        if settings.actor_cpus:
            fits.append((resources.get("CPU", 0) - settings.headroom) / settings.actor_cpus)
        if settings.actor_gpus:
            fits.append(resources.get("GPU", 0) / settings.actor_gpus)
        return max(1, math.floor(min(fits))) if fits else 1


def work_folder(job: Job, settings: RaySettings) -> str:
    """Where the shards' work goes: ``workdir``, else beside the output (a remote output's
    on its object store, so that no node needs a shared file system)."""
    if settings.workdir:
        return settings.workdir
    remote = job.remote_output
    if remote is not None:
        folder, name = remote.rstrip("/").rsplit("/", 1)
        return f"{folder}/.{name}.presse-ray"
    return str(job.work_folder("ray"))


def plugin_modules(pipeline: Pipeline) -> set[str]:
    """The packages a worker must import to run ``pipeline``."""
    return {"presse", "presse_ray"} | {
        type(b.stage).__module__.split(".")[0] for b in pipeline.stages
    }
