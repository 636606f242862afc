"""``presse bench``: per-stage throughput of a finished run, as a table."""

from __future__ import annotations

from presse.report import RunReport


def render_bench(report: RunReport) -> str:
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
