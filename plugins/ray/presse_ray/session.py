"""Connecting to Ray: an existing cluster, or a local instance sized to this machine."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
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

    Ray's usage reporting and its ``uv run`` worker hook are turned off unless the
    environment already says otherwise (Ray reads both at import): the hook would build the
    workers an environment of their own, empty of presse when the project is a uv
    workspace. A local instance's workers use this interpreter; a cluster's are given it
    too (:func:`runtime_env`) and checked before any work (:func:`check_workers`).
    """
    del local  # the same defaults for a cluster: see runtime_env and check_workers
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
def ray_session(
    ray: ModuleType, settings: RaySettings, modules: Iterable[str] = ()
) -> Iterator[None]:
    """Use Ray for the duration of a run.

    An already initialised Ray (a test, a notebook, an enclosing job) is used as it is and
    left running. Otherwise presse joins ``settings.address`` or starts a local instance
    on 127.0.0.1 without the dashboard, and shuts it down at the end. A cluster's workers
    must import ``modules`` (presse and the run's plugins), checked before any work.
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
            if not client:
                options["runtime_env"] = runtime_env()
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
            if settings.address:
                check_workers(ray, modules, settings.start_timeout)
            yield
        finally:
            ray.shutdown()


def ray_failure(exc: BaseException, job: str = "Ray job") -> PresseError:
    """A failure of Ray (an actor that cannot be placed, a lost node) or of code Ray ran (a
    task's exception, wrapped with its remote traceback) as one line: the first
    ``SomeError: message`` line that is not one of Ray's own wrappers."""
    seen = exc
    while seen.__cause__ is not None:
        seen = seen.__cause__
    lines = [line.strip() for line in (str(seen) or str(exc)).splitlines() if line.strip()]
    named = [line for line in lines if _ERROR_LINE.match(line) and not line.startswith("ray.")]
    if named:
        return PresseError(f"the {job} failed: {named[0]}")
    first = lines[0] if lines else ""
    return PresseError(f"the {job} failed: {type(seen).__name__}: {first}".rstrip(": "))


_ERROR_LINE = re.compile(r"^(?:\w+\.)*\w*(?:Error|Exception|Interrupt|Exit)\b")
"""The line a traceback names its exception on."""


def runtime_env() -> dict:
    """The workers of a cluster run this interpreter (so this environment's packages), which
    must exist at the same path on every node: a shared or identically built environment."""
    return {"py_executable": sys.executable}


def check_workers(ray: ModuleType, modules: Iterable[str], timeout: float) -> None:
    """Before any work: one task on the cluster imports presse and the plugins of the run,
    so that a cluster that cannot run them is one clear error, not a job failing later."""

    def probe(names: list[str]) -> tuple[str, list[str]]:
        import importlib
        import sys

        missing = []
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as exc:
                missing.append(f"{name} ({type(exc).__name__}: {exc})")
        return sys.executable, missing

    names = sorted(set(modules))
    try:
        ref = ray.remote(num_cpus=0, max_retries=0)(probe).remote(names)
        executable, missing = ray.get(ref, timeout=timeout)
    except ray.exceptions.GetTimeoutError:
        raise PresseError(
            f"the Ray cluster ran no task within {timeout:g} s "
            "(run.executor_options.start_timeout): no worker could start"
        ) from None
    except Exception as exc:  # a runtime environment that cannot be set up, a dead node
        first = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise PresseError(f"the Ray cluster's workers cannot start: {first}") from None
    if missing:
        raise PresseError(
            f"the Ray cluster's workers ({executable}) cannot import {'; '.join(missing)}: "
            "install presse and the pipeline's plugins in the same environment on every "
            "node (presse gives the workers this interpreter, "
            f"{sys.executable})"
        )


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
