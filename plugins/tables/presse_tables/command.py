"""``presse export``: a run's output as flat tables to query in SQL."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Target(StrEnum):
    duckdb = "duckdb"
    parquet = "parquet"


def export(
    run_output: Annotated[
        Path,
        typer.Argument(
            metavar="RUN.jsonl",
            help="A run's output (.jsonl, .jsonl.gz or .parquet).",
            show_default=False,
        ),
    ],
    to: Annotated[
        Target,
        typer.Option(
            "--to", help="duckdb: one database file; parquet: a folder with one file per table."
        ),
    ] = Target.duckdb,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The database file "
            "or folder to write. Default: beside the run, .duckdb or -tables/.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output.")] = False,
) -> None:
    """Export a run as tables: documents, entities, stances, passages (and views in DuckDB)."""
    from presse_tables.export import discard, replace_aside, to_duckdb, to_parquet

    if not run_output.is_file():
        typer.echo(f"error: {run_output}: no such file (expected a presse run output)", err=True)
        raise typer.Exit(1)
    stem = run_output.name.removesuffix(".gz").removesuffix(".jsonl").removesuffix(".parquet")
    target = output or run_output.with_name(
        f"{stem}.duckdb" if to is Target.duckdb else f"{stem}-tables"
    )
    if target.resolve() == run_output.resolve():
        typer.echo(f"error: {target}: the output would replace the run it exports", err=True)
        raise typer.Exit(1)
    if target.exists() and not force:
        typer.echo(f"error: {target} exists: give another -o, or --force to replace it", err=True)
        raise typer.Exit(1)
    if not target.parent.is_dir():
        typer.echo(f"error: {target.parent}: no such folder", err=True)
        raise typer.Exit(1)
    bad: list[int] = []
    aside = replace_aside(target) if force else None
    try:
        write = to_duckdb if to is Target.duckdb else to_parquet
        counts = write(run_output, target, bad)
    except KeyboardInterrupt:
        _restore(aside, target)
        typer.echo("error: interrupted; nothing was written", err=True)
        raise typer.Exit(130) from None
    except Exception as exc:  # disk full, a duckdb or arrow error: one line, old output back
        _restore(aside, target)
        typer.echo(f"error: cannot export to {target}: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from None
    discard(aside)
    figures = ", ".join(f"{n} {name}" for name, n in counts.items())
    skipped = f"; {len(bad)} unreadable lines skipped (first: {bad[0]})" if bad else ""
    typer.echo(f"{target}: {figures}{skipped}", err=True)


def _restore(aside: Path | None, target: Path) -> None:
    if aside is not None and not target.exists():
        aside.rename(target)
