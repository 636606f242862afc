"""Connecting to Ray: an existing cluster, or a local instance sized to this machine."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from presse import PresseError
from presse.executors import default_workers
from presse_ray.settings import RaySettings

LOCAL_DEFAULTS = {
    "RAY_USAGE_STATS_ENABLED": "0",  # no usage report sent home
    "RAY_ENABLE_UV_RUN_RUNTIME_ENV": "0",  # local workers use this interpreter, not `uv run`
}


def import_ray(local: bool) -> ModuleType:
    """Ray itself, imported only when a run uses the executor.

    For a ``local`` instance, Ray's usage reporting and its ``uv run`` worker hook are
    turned off unless the environment already says otherwise (Ray reads both at import).
    """
    if local:
        for name, value in LOCAL_DEFAULTS.items():
            os.environ.setdefault(name, value)
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - ray is a dependency of presse-ray
        raise PresseError(
            "run.executor: ray needs the ray package: pip install presse-ray"
        ) from exc
    return ray


@contextmanager
def ray_session(ray: ModuleType, settings: RaySettings) -> Iterator[None]:
    """Use Ray for the duration of a run.

    An already initialised Ray (a test, a notebook, an enclosing job) is used as it is and
    left running. Otherwise presse joins ``settings.address`` or starts a local instance
    on 127.0.0.1 without the dashboard, and shuts it down at the end.
    """
    if ray.is_initialized():
        yield
        return
    client = (settings.address or "").startswith("ray://")  # Ray Client streams logs itself
    with _ray_output_on_stderr() as rerouted:
        options: dict = {
            "include_dashboard": False,
            "logging_level": logging.WARNING,
            "log_to_driver": rerouted and not client,  # never on stdout: output may stream there
        }
        if settings.address:
            options["address"] = settings.address
        else:
            options["address"] = "local"  # never a cluster found through RAY_ADDRESS by chance
            options["num_cpus"] = settings.num_cpus or default_workers()
            options["_node_ip_address"] = "127.0.0.1"
        try:
            ray.init(**options)
        except (ConnectionError, ValueError, RuntimeError) as exc:
            where = settings.address or "a local instance"
            raise PresseError(f"could not start Ray ({where}): {exc}") from exc
        try:
            yield
        finally:
            ray.shutdown()


@contextmanager
def _ray_output_on_stderr() -> Iterator[bool]:
    """Make Ray print what it relays (actors' output, crash notices) on stderr, not stdout.

    presse may be streaming JSON Lines on stdout. Ray has no option for this, so its
    internal printing function is wrapped while the session lasts; False when it is not
    where expected (the caller then keeps actors' output in Ray's log files).
    """
    try:
        from ray._private import worker
    except ImportError:  # pragma: no cover
        yield False
        return
    original = getattr(worker, "print_to_stdstream", None)
    if original is None:  # pragma: no cover - a Ray version without it
        yield False
        return

    def on_stderr(data: dict, ignore_prefix: bool) -> None:
        original({**data, "is_err": True}, ignore_prefix)

    worker.print_to_stdstream = on_stderr
    try:
        yield True
    finally:
        worker.print_to_stdstream = original
