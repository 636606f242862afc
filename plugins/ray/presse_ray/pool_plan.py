"""Which actor pools a sharded run starts, and what each reserves.

Consecutive per-document stages with the same ``resources`` share a pool (one
``map_batches`` over actors). A stage that reuses an in-process artefact of an earlier
stage (``Stage.reuses``: the NER parse for stance) runs in that stage's pool, whatever its
``resources``: split, it would compute the artefact again, perhaps differently. Sizing
never reserves more than the cluster has: automatic pools get what is left, and a config
that cannot fit is refused before any work, with the arithmetic.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any

from presse import PresseError
from presse.pipeline import BoundStage
from presse_ray.settings import RaySettings

READ_CPUS = 0.25
"""What a shard-reading task reserves."""
READ_MEMORY = 256 << 20
"""And the memory it asks for (reading a 16 MiB shard measured about 110 MiB): a request
no actor pool makes, so that Ray Data never fuses reading into the first pool (it fuses
operators whose resource requests are equal, and a fused pool reads every shard in one
actor call)."""


@dataclass
class Pool:
    """One ``map_batches`` over an actor pool: stages, and what each actor reserves."""

    stages: list[BoundStage]
    num_cpus: float
    num_gpus: float
    concurrency: int | None  # None: sized from the cluster
    asked: frozenset[str] = frozenset()  # what the stages' resources set, not defaults

    def describe(self) -> str:
        names = "+".join(b.name for b in self.stages)
        return f"{names} {self.concurrency or '?'} × {self.num_cpus:g} CPU"


def pools(stages: list[BoundStage], settings: RaySettings) -> list[Pool]:
    """Consecutive stages with the same ``resources`` share a pool; pools that would
    separate a stage from an artefact it reuses are merged (see :func:`keep_shared`)."""
    out: list[Pool] = []
    last: Any = object()
    for bound in stages:
        res = bound.resources or {}
        if out and res == last:
            out[-1].stages.append(bound)
            continue
        out.append(
            Pool(
                [bound],
                res.get("num_cpus", settings.actor_cpus),
                res.get("num_gpus", settings.actor_gpus),
                res.get("concurrency"),
                frozenset(res),
            )
        )
        last = res
    return keep_shared(out)


def keep_shared(plan: list[Pool]) -> list[Pool]:
    """Merge the pools from a stage that ``shares`` an artefact to the stage that
    ``reuses`` it (each actor then reserves the most any of them asked for: a pool's
    defaults count only where no stage asked); say so."""
    where = [(k, bound) for k, pool in enumerate(plan) for bound in pool.stages]
    for j, (last, bound) in enumerate(where):
        wanted = set(type(bound.stage).reuses)
        source = next(
            (k for k, b in reversed(where[:j]) if wanted & set(type(b.stage).shares)), None
        )
        if source is None or source == last:
            continue
        merged = plan[source : last + 1]
        fixed = [p.concurrency for p in merged if p.concurrency is not None]
        asked = frozenset().union(*(p.asked for p in merged))
        pool = Pool(
            [b for p in merged for b in p.stages],
            _most(merged, "num_cpus"),
            _most(merged, "num_gpus"),
            min(fixed) if fixed else None,
            asked,
        )
        owner = plan[source].stages[0].name
        print(
            f"presse: stage {bound.name!r} reuses what {owner!r} leaves in memory "
            f"({', '.join(sorted(wanted))}): they run in the same actors, each reserving "
            f"{pool.num_cpus:g} CPU and {pool.num_gpus:g} GPU",
            file=sys.stderr,
        )
        return keep_shared([*plan[:source], pool, *plan[last + 1 :]])
    return plan


def _most(merged: list[Pool], key: str) -> float:
    """The most any pool asked for ``key``, or the most of their defaults if none did."""
    asked = [getattr(p, key) for p in merged if key in p.asked]
    return max(asked or [getattr(p, key) for p in merged])


def size_pools(plan: list[Pool], cluster: dict[str, float], settings: RaySettings, workers) -> None:
    """Give pools without a ``concurrency`` their share of the cluster's CPUs, less the
    headroom (reading and writing need CPUs too; when nothing is left beyond it, the pools
    share the headroom but the reading tasks' part); refuse what cannot fit."""
    cpus = cluster.get("CPU", 0)
    auto = [p for p in plan if p.concurrency is None]
    if auto and (settings.actors or (isinstance(workers, int) and workers > 1)):
        for p in auto:
            p.concurrency = settings.actors or workers
        auto = []
    if auto:
        taken = sum(p.concurrency * p.num_cpus for p in plan if p.concurrency is not None)
        free = cpus - taken - max(settings.headroom, READ_CPUS)
        if free <= 0:
            free = cpus - taken - READ_CPUS
        share = free / len(auto)
        for p in auto:
            if share <= 0:
                p.concurrency = 1
                continue  # refused below, with the arithmetic
            if p.num_cpus and share < p.num_cpus and not p.num_gpus:
                p.num_cpus = share  # one actor reserving less, rather than none
            fits = [share / p.num_cpus] if p.num_cpus else []
            if p.num_gpus:
                fits.append(cluster.get("GPU", 0) / p.num_gpus)
            p.concurrency = max(1, math.floor(min(fits) + 1e-9)) if fits else 1
    check_fits(plan, cluster)


def check_fits(plan: list[Pool], cluster: dict[str, float]) -> None:
    """Refuse, before any work, pools that reserve more than the cluster has (Ray Data
    would wait for resources that never come)."""
    cpus, gpus = cluster.get("CPU", 0), cluster.get("GPU", 0)
    reserved = sum(p.concurrency * p.num_cpus for p in plan)
    if reserved + READ_CPUS > cpus + 1e-9:
        detail = " + ".join(p.describe() for p in plan)
        raise PresseError(
            f"the actor pools ({detail}) reserve {reserved:g} CPUs and reading the shards "
            f"{READ_CPUS:g}: {reserved + READ_CPUS:g}, more than the cluster's {cpus:g}; "
            "lower concurrency or num_cpus in the stages' resources, or "
            "run.executor_options.actors"
        )
    wanted = sum(p.concurrency * p.num_gpus for p in plan)
    if wanted > gpus + 1e-9:
        raise PresseError(
            f"the actor pools reserve {wanted:g} GPUs, more than the cluster's {gpus:g}"
        )
