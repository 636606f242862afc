"""presse-ray: run presse's per-document stages on a Ray cluster (``run.executor: ray``).

Importing this package imports neither Ray nor the executor; a run does (see
``docs/running-at-scale.md``), and the executor class is imported when the ``executors`` table
is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presse import hookimpl

if TYPE_CHECKING:
    from presse_ray.executor import RayExecutor
    from presse_ray.settings import RaySettings

__all__ = ["RayExecutor", "RaySettings"]


def __getattr__(name: str) -> Any:
    if name == "RayExecutor":
        from presse_ray.executor import RayExecutor

        return RayExecutor
    if name == "RaySettings":
        from presse_ray.settings import RaySettings

        return RaySettings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl
def register_executors(register):
    from presse_ray.executor import RayExecutor

    register(RayExecutor)
