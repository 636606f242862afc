"""The run report: every record accounted for, and where the time went; shown as a
progress line while the run goes, a summary on stderr, a JSON file and the ``presse bench``
table."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from presse.pipeline import StageStats


@dataclass
class RunReport:
    """Counts for one run. The identity ``read == written + failed + filtered`` always holds
    for a finished run: every input record is in the output, the errors or the filtered
    output."""

    read: int = 0
    written: int = 0
    failed: int = 0
    filtered: int = 0
    duplicate_ids: int = 0
    duplicate_examples: list[str] = field(default_factory=list)
    failure_reasons: Counter = field(default_factory=Counter)
    not_documents: Counter = field(default_factory=Counter)
    """Input records that hold no document (WARC request records...), by reason: counted
    apart from ``read``."""
    stages: dict[str, StageStats] = field(default_factory=dict)
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    setup_seconds: dict[str, float] = field(default_factory=dict)
    described: dict[str, dict[str, Any]] = field(default_factory=dict)
    """What stages set up in other processes (workers, actors) said of themselves."""
    ignored_inputs: list[str] = field(default_factory=list)
    outputs: dict[str, str | None] = field(default_factory=dict)
    seconds: float = 0.0
    status: str = "running"  # running | ok | failed
    message: str | None = None

    @property
    def balanced(self) -> bool:
        return self.read == self.written + self.failed + self.filtered

    def add_stats(self, stats: dict[str, StageStats]) -> None:
        for name, stat in stats.items():
            self.stages.setdefault(name, StageStats()).add(stat)

    def state(self) -> dict[str, Any]:
        """The counts to carry over when a run is resumed."""
        return {
            "counts": [self.read, self.written, self.failed, self.filtered, self.duplicate_ids],
            "duplicate_examples": self.duplicate_examples,
            "failure_reasons": dict(self.failure_reasons),
            "not_documents": dict(self.not_documents),
            "stages": {name: stats.state() for name, stats in self.stages.items()},
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.read, self.written, self.failed, self.filtered, self.duplicate_ids = state["counts"]
        self.duplicate_examples = state["duplicate_examples"]
        self.failure_reasons = Counter(state["failure_reasons"])
        self.not_documents = Counter(state.get("not_documents", {}))
        self.stages = {
            name: StageStats.from_state(values) for name, values in state["stages"].items()
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "message": self.message,
            "documents": {
                "read": self.read,
                "written": self.written,
                "failed": self.failed,
                "filtered": self.filtered,
                "balanced": self.balanced,
                "duplicate_ids": self.duplicate_ids,
            },
            "duplicate_id_examples": self.duplicate_examples,
            "failure_reasons": dict(self.failure_reasons.most_common()),
            "not_documents": dict(self.not_documents.most_common()),
            "stages": {
                name: {
                    "documents": s.docs,
                    "seconds": round(s.seconds, 4),
                    "docs_per_second": round(s.docs / s.seconds, 1) if s.seconds else None,
                    "words": s.words,
                    "words_per_second": round(s.words / s.seconds) if s.seconds else None,
                    "failed": s.failed,
                    "filtered": s.filtered,
                    "skipped": s.skipped,
                    "reasons": dict(s.reasons.most_common()),
                }
                for name, s in self.stages.items()
            },
            "stage_summaries": self.summaries,
            "setup_seconds": {k: round(v, 3) for k, v in self.setup_seconds.items()},
            "ignored_inputs": self.ignored_inputs,
            "outputs": self.outputs,
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        """A few lines for stderr."""
        rate = f", {self.read / self.seconds:.1f} docs/s" if self.seconds else ""
        lines = [
            f"presse: {self.status}: read {self.read}, written {self.written}, "
            f"failed {self.failed}, filtered {self.filtered} in {self.seconds:.2f}s{rate}"
        ]
        if self.message:
            lines.append(f"  {self.message}")
        if self.not_documents:
            passed = ", ".join(f"{n} {why}" for why, n in self.not_documents.most_common())
            lines.append(f"  passed over (no document in them): {passed}")
        for name, s in self.stages.items():
            speed = f"{s.docs / s.seconds:.1f} docs/s" if s.seconds else "-"
            extra = "".join(
                f", {n} {label}"
                for n, label in (
                    (s.failed, "failed"),
                    (s.filtered, "filtered"),
                    (s.skipped, "skipped"),
                )
                if n
            )
            if name in self.setup_seconds:
                extra += f" (set-up {self.setup_seconds[name]:.2f}s)"
            lines.append(f"  {name:<16} {s.docs:>8} docs {s.seconds:>8.2f}s  {speed}{extra}")
        for name, figures in self.summaries.items():
            shown = ", ".join(
                f"{k} {v}" for k, v in figures.items() if isinstance(v, int | float | str)
            )
            if shown:
                lines.append(f"  {name}: {shown}")
        if self.failure_reasons:
            reasons = ", ".join(f"{r} {n}" for r, n in self.failure_reasons.most_common())
            lines.append(f"  failures: {reasons}")
        if self.failed and self.outputs.get("errors"):
            lines.append(f"  error records: {self.outputs['errors']}")
        if self.filtered and self.outputs.get("filtered"):
            lines.append(f"  filtered records: {self.outputs['filtered']}")
        if self.duplicate_ids:
            examples = ", ".join(self.duplicate_examples[:3])
            lines.append(
                f"  {self.duplicate_ids} document(s) reuse an earlier id (kept): {examples}"
            )
        if self.ignored_inputs:
            lines.append(f"  ignored {len(self.ignored_inputs)} file(s) with no reader")
        return "\n".join(lines)


def render_bench(report: RunReport) -> str:
    """``presse bench``: per-stage throughput of a finished run, as a table."""
    total = report.seconds or 1e-9
    words = max((s.words for s in report.stages.values()), default=0)
    lines = [
        f"{report.read} documents, {words:,} words, {report.seconds:.2f}s end to end "
        f"({report.read / total:.1f} docs/s, {words / total:,.0f} words/s)",
        "",
        f"{'stage':<16} {'docs':>8} {'seconds':>9} {'docs/s':>10} {'words/s':>12} {'share':>7}",
    ]
    for name, s in report.stages.items():
        rate = s.docs / s.seconds if s.seconds else float("inf")
        wrate = s.words / s.seconds if s.seconds else float("inf")
        lines.append(
            f"{name:<16} {s.docs:>8} {s.seconds:>9.2f} {rate:>10.1f} {wrate:>12,.0f} "
            f"{s.seconds / total:>6.0%}"
        )
    staged = sum(s.seconds for s in report.stages.values())
    lines.append(
        f"{'(read, write, set-up)':<16} {'':>8} {max(total - staged, 0):>9.2f} "
        f"{'':>10} {'':>12} {max(total - staged, 0) / total:>6.0%}"
    )
    if report.failed or report.filtered:
        lines.append(f"\n{report.failed} failed, {report.filtered} filtered")
    return "\n".join(lines)


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
