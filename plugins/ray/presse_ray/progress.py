"""Progress of a sharded run on stderr: shards through each phase, documents per stage."""

from __future__ import annotations

import sys
import time
from typing import Any

from presse.pipeline import StageStats


class ShardProgress:
    """One line per phase (``map``, ``plan``, ``write``): shards done of all, and the
    documents each stage has processed so far; silent unless enabled and on a terminal."""

    def __init__(self, enabled: bool, shards: int) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.shards = shards
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}
        self._docs: dict[str, dict[str, int]] = {}
        self._shown = 0.0

    def __enter__(self) -> ShardProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("{task.description:<6}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("shards {task.fields[stages]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,  # refreshed as rows arrive, no thread of its own
            )
            self._bar.__enter__()
        return self

    def phase(self, name: str, total: int, done: int = 0) -> None:
        """Start a phase over ``total`` shards, ``done`` of them already (a resume)."""
        self._docs[name] = {}
        if self._bar is not None:
            self._tasks[name] = self._bar.add_task(name, total=total, completed=done, stages="")
            self._refresh(force=True)

    def advance(self, name: str, stats: dict[str, StageStats] | None = None) -> None:
        """One more shard through phase ``name``, with its stages' figures."""
        docs = self._docs.setdefault(name, {})
        for stage, figures in (stats or {}).items():
            docs[stage] = docs.get(stage, 0) + figures.docs
        if self._bar is not None and name in self._tasks:
            counts = " · ".join(f"{stage} {n:,}" for stage, n in docs.items())
            self._bar.update(self._tasks[name], advance=1, stages=f"({counts})" if counts else "")
            self._refresh()

    def _refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._shown >= 0.1:
            self._bar.refresh()
            self._shown = now

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
