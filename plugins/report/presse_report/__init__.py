"""presse report: a self-contained, offline HTML view of a run's output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from presse import hookimpl


def report(
    output_jsonl: Annotated[
        Path,
        typer.Argument(
            metavar="OUTPUT.jsonl",
            help="A run's output (.jsonl or .jsonl.gz).",
            show_default=False,
        ),
    ],
    html: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
    run_report: Annotated[
        Path | None,
        typer.Option(help="The run report JSON (presse run --report) for the error counts."),
    ] = None,
    title: Annotated[str, typer.Option(help="Page title. Default: from the file name.")] = "",
) -> None:
    """Write a self-contained HTML report of a run: entities, stance graph, shared passages."""
    from presse_report.build import build_report, load_run_report

    if not output_jsonl.is_file():
        typer.echo(f"error: {output_jsonl}: no such file (expected a presse run output)", err=True)
        raise typer.Exit(1)
    try:
        counts = build_report(output_jsonl, html, load_run_report(run_report), title)
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    bad = f", {counts['bad_lines']} unreadable lines" if counts["bad_lines"] else ""
    typer.echo(
        f"{html}: {counts['documents']} documents, {counts['stances']} positions, "
        f"{counts['passages']} shared passages{bad}",
        err=True,
    )


@hookimpl
def register_commands(register):
    """Add ``presse report``."""
    register(report, name="report")
