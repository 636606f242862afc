"""The Ray executor's settings: ``run.executor_options``, then ``PRESSE_RAY_*`` variables.

They come from ``run.executor_options`` in the config, and each can be overridden by an
environment variable ``PRESSE_RAY_<OPTION>`` (handy on a cluster); all are optional.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from presse import PresseError

PREFIX = "PRESSE_RAY_"


@dataclass(frozen=True)
class RaySettings:
    """What the executor needs to know beyond ``run:`` (see ``docs/running-at-scale.md``)."""

    address: str | None = None
    """Ray cluster to join (``ray://host:10001``, ``host:6379``, ``auto``); unset: the
    ``RAY_ADDRESS`` variable if set (as ``ray job submit`` does), else a local instance."""
    num_cpus: int | None = None
    """CPUs of the local instance presse starts (default: the CPUs this process may use)."""
    actors: int | None = None
    """Actors running the per-document stages (default: ``run.workers`` when above 1,
    else as many as the cluster's CPUs allow after ``headroom``)."""
    actor_cpus: float = 1.0
    """CPUs each actor reserves."""
    actor_gpus: float = 0.0
    """GPUs each actor reserves."""
    headroom: float = 1.0
    """CPUs left free by automatic sizing, for the driver (reading, writing, corpus-level
    stages) and Ray itself."""
    in_flight: int | None = None
    """Batches submitted and not yet collected (default: twice the number of actors)."""
    max_attempts: int = 2
    """Crashes a batch, then each of its documents alone, may cause before being given up."""
    start_timeout: float = 600.0
    """Seconds to wait for the actors to start and set their stages up."""
    mode: str = "auto"
    """``shards`` (input read as shards by Ray Data, per-shard outputs and markers),
    ``stream`` (the driver reads and writes, actors compute), or ``auto``: shards when the
    input is files and the output a file, else stream."""
    shard_bytes: int = 16 << 20
    """JSON Lines files larger than this are read as several shards of whole lines."""
    workdir: str | None = None
    """Where a sharded run keeps its work (shards' files, markers, a plan's parts): a path
    every node shares, or a URL on object storage (``s3://bucket/prefix``); default: beside
    the output (beside a remote output, on its object store)."""

    @classmethod
    def load(
        cls, options: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
    ) -> RaySettings:
        """Settings from ``run.executor_options``, each overridden by ``PRESSE_RAY_<KEY>``.

        The address falls back to ``RAY_ADDRESS`` (set by ``ray job submit``). Unknown
        options and bad values raise a :class:`PresseError` naming the option.
        """
        env = os.environ if env is None else env
        options = dict(options or {})
        unknown = sorted(set(options) - set(LIMITS) - {"address", "mode", "workdir"})
        if unknown:
            known = ["address", "mode", "workdir", *LIMITS]
            close = difflib.get_close_matches(unknown[0], known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise PresseError(
                f"run.executor_options: unknown option {unknown[0]!r} for the ray executor "
                f"({hint}options: {', '.join(known)})"
            )
        values: dict[str, Any] = {}
        for key, (kind, minimum) in LIMITS.items():
            variable = PREFIX + key.upper()
            if env.get(variable, "").strip():
                values[key] = _convert(env[variable].strip(), kind, minimum, variable)
            elif options.get(key) is not None:
                values[key] = _convert(options[key], kind, minimum, f"run.executor_options.{key}")
        address = env.get(PREFIX + "ADDRESS") or options.get("address") or env.get("RAY_ADDRESS")
        mode = str(env.get(PREFIX + "MODE") or options.get("mode") or "auto").strip()
        if mode not in MODES:
            where = f"{PREFIX}MODE" if env.get(PREFIX + "MODE") else "run.executor_options.mode"
            raise PresseError(f"{where}={mode!r}: expected one of {', '.join(MODES)}")
        workdir = env.get(PREFIX + "WORKDIR") or options.get("workdir")
        if workdir:
            from presse_ray.storage import Folder

            Folder(str(workdir))  # an unknown scheme or a missing back-end: said now
        return cls(
            address=str(address) if address else None,
            mode=mode,
            workdir=str(workdir) if workdir else None,
            **values,
        )


LIMITS: dict[str, tuple[type, float]] = {
    "num_cpus": (int, 1),
    "actors": (int, 1),
    "actor_cpus": (float, 0),
    "actor_gpus": (float, 0),
    "headroom": (float, 0),
    "in_flight": (int, 1),
    "max_attempts": (int, 1),
    "start_timeout": (float, 1),
    "shard_bytes": (int, 1),
}
MODES = ("auto", "shards", "stream")
"""Each numeric option's type and smallest allowed value."""


def _convert(raw: Any, kind: type, minimum: float, where: str) -> Any:
    value = None
    if isinstance(raw, str):
        with contextlib.suppress(ValueError):
            value = kind(raw)
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        value = kind(raw) if kind is float or float(raw).is_integer() else None
    if value is None or value < minimum:
        noun = "an integer" if kind is int else "a number"
        raise PresseError(f"{where}={raw!r}: expected {noun} >= {minimum:g}")
    return value
