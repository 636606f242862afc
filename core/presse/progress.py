"""A progress line on stderr for long runs (only when stderr is a terminal)."""

from __future__ import annotations

import sys
import time
from typing import Any


class Progress:
    """Counts documents as they are written; silent unless ``enabled``."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._shown = 0.0

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress as Bar
            from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Bar(
                SpinnerColumn(),
                TextColumn("{task.completed} documents"),
                TextColumn("{task.fields[rate]}"),
                TextColumn("{task.fields[failed]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,  # no refresh thread: worker processes are forked
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("presse", total=None, rate="", failed="")
        return self

    def update(self, done: int, failed: int, seconds: float) -> None:
        if self._bar is not None:
            rate = f"{done / seconds:.1f} docs/s" if seconds else ""
            self._bar.update(
                self._task, completed=done, rate=rate, failed=f"{failed} failed" if failed else ""
            )
            now = time.monotonic()
            if now - self._shown >= 0.1:  # refreshed here, not by a thread
                self._bar.refresh()
                self._shown = now

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
