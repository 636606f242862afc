"""presse-ray: run presse's per-document stages on a Ray cluster (``run.executor: ray``).

Importing this package does not import Ray; a run does (see ``docs/running-at-scale.md``).
"""

from presse import hookimpl
from presse_ray.executor import RayExecutor
from presse_ray.settings import RaySettings

__all__ = ["RayExecutor", "RaySettings"]


@hookimpl
def register_executors(register):
    register(RayExecutor)
