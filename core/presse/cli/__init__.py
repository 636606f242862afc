"""The ``presse`` command line."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer

from presse.cli.commands import PresseGroup
from presse.errors import PresseError

app = typer.Typer(
    name="presse",
    cls=PresseGroup,
    help="Run text-analysis pipelines over news: YAML config in, JSON Lines out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: typer's rich help imports rich, markdown, pygments
    context_settings={"help_option_names": ["-h", "--help"]},
)

ConfigArg = Annotated[Path, typer.Argument(help="Pipeline config (YAML).", show_default=False)]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        "-s",
        metavar="KEY=VALUE",
        help="Override a config value, e.g. run.batch_size=32 or pipeline.ner.models.fr=X.",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def describe(exc: OSError) -> str:
    """``No space left on device: out.jsonl``, without the errno noise."""
    what = exc.strerror or str(exc)
    return f"{what}: {exc.filename}" if exc.filename else what


def interrupted(resumable: bool) -> typer.Exit:
    """Ctrl-C: exit 130, saying how to continue."""
    hint = "; run the same command with --resume to continue" if resumable else ""
    return fail(f"interrupted{hint}", 130)


@app.command()
def run(
    config: ConfigArg,
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Input files, directories or globs; `-` reads JSON Lines from stdin. "
            "Default: the config's input.paths.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Output JSONL (.jsonl or .jsonl.gz). Default: stdout."),
    ] = None,
    overrides: SetOpt = None,
    errors: Annotated[
        str | None,
        typer.Option(help="Errors JSONL. Default: next to the output (<output>.errors.jsonl)."),
    ] = None,
    report: Annotated[str | None, typer.Option(help="Write the run report as JSON here.")] = None,
    quiet: QuietOpt = False,
    resume: Annotated[
        bool,
        typer.Option(
            help="Continue an interrupted run after its last committed record (needs -o)."
        ),
    ] = False,
    check_output: Annotated[
        bool,
        typer.Option(
            help="Validate every record against the pipeline's JSON Schema; records "
            "that do not match go to the errors output."
        ),
    ] = False,
) -> None:
    """Run a pipeline: documents in, JSON Lines out (stdout unless -o)."""
    _run(config, inputs, output, overrides, errors, report, quiet, resume, check_output)


@app.command()
def replay(
    errors_file: Annotated[
        Path, typer.Argument(help="An errors JSONL written by an earlier run.", show_default=False)
    ],
    config: ConfigArg,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Output JSONL for the replayed records. Default: stdout."
        ),
    ] = None,
    overrides: SetOpt = None,
    errors: Annotated[
        str | None,
        typer.Option(help="Errors JSONL for records that fail again. Default: next to the output."),
    ] = None,
    report: Annotated[str | None, typer.Option(help="Write the run report as JSON here.")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Re-run exactly the records of an errors file (after a fix, or with a bigger limit)."""
    overrides = [*(overrides or []), "input.format=presse-errors"]
    _run(config, [str(errors_file)], output, overrides, errors, report, quiet, False, False)


def _run(config, inputs, output, overrides, errors, report, quiet, resume, check) -> None:
    from presse.config import load_config
    from presse.runner import Run

    run = None
    try:
        cfg = load_config(config, overrides)
        run = Run(
            cfg,
            inputs,
            output,
            errors,
            report,
            progress=not quiet,
            resume=resume,
            check_output=check,
        )
        result = run.execute()
    except PresseError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise interrupted(run is not None and run.resumable) from None
    except OSError as exc:
        raise fail(describe(exc)) from None
    if not quiet:
        typer.echo(result.summary(), err=True)
    if result.status != "ok":
        raise typer.Exit(1)


@app.command()
def validate(config: ConfigArg, overrides: SetOpt = None) -> None:
    """Check a config without running it: keys, types, stages and their order."""
    from presse.config import load_config

    try:
        cfg = load_config(config, overrides)
    except PresseError as exc:
        raise fail(str(exc)) from None
    stages = " → ".join(e.stage for e in cfg.pipeline)
    typer.echo(f"{config}: valid ({stages})")


@app.command()
def plugins(as_json: JsonOpt = False) -> None:
    """List installed plugins, what they provide, and any that failed to load."""
    from presse.cli.describe import plugin_rows
    from presse.registry import get_registry

    registry = get_registry()
    rows = plugin_rows(registry)
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n")
        return
    for row in rows:
        version = row["version"] or "?"
        provided = [
            f"{kind}: {', '.join(row[kind])}"
            for kind in ("stages", "readers", "writers", "executors", "commands")
            if row[kind]
        ]
        typer.echo(f"{row['name']:<20} {version:<10} {row['status']:<9} {'; '.join(provided)}")
        if row["error"]:
            typer.echo(f"{'':<20} error: {row['error']}")
    for conflict in registry.conflicts:
        typer.echo(f"warning: {conflict}", err=True)


@app.command()
def stages(
    name: Annotated[str | None, typer.Argument(help="Show one stage in full.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the available stages, or show one stage's parameters, requires and provides."""
    from presse.cli.describe import render_stage, stage_info
    from presse.registry import get_registry

    registry = get_registry()
    if name is not None and name not in registry.stages:
        raise fail(registry.unknown("stage", name, registry.stages))
    names = [name] if name else sorted(registry.stages)
    infos = [stage_info(n, registry) for n in names]
    if as_json:
        data = infos[0] if name else infos
        sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    elif name:
        typer.echo(render_stage(infos[0]))
    else:
        for info in infos:
            summary = info["description"].splitlines()[0] if info["description"] else ""
            typer.echo(f"{info['name']:<14} {summary}")


@app.command()
def schema(
    config: Annotated[
        Path | None,
        typer.Argument(
            help="Pipeline config; without it, the schema covers every installed stage."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the output records of a pipeline."""
    from presse.registry import get_registry
    from presse.schema import document_schema

    registry = get_registry()
    if config is None:
        classes = [registry.stages[name].obj for name in sorted(registry.stages)]
    else:
        from presse.config import load_config

        try:
            cfg = load_config(config)
        except PresseError as exc:
            raise fail(str(exc)) from None
        classes = [registry.stage(entry.stage) for entry in cfg.pipeline]
    sys.stdout.buffer.write(orjson.dumps(document_schema(classes), option=orjson.OPT_INDENT_2))
    sys.stdout.buffer.write(b"\n")


@app.command("test")
def test_config(config: ConfigArg, overrides: SetOpt = None) -> None:
    """Run the config's `tests:` blocks; exit 1 if any fails."""
    from presse.cli.config_tests import run_tests
    from presse.config import load_config
    from presse.runner import build_pipeline

    try:
        cfg = load_config(config, overrides)
        if not cfg.tests:
            raise PresseError(f"{config} has no `tests:` block")
        results = run_tests(cfg, build_pipeline(cfg))
    except PresseError as exc:
        raise fail(str(exc)) from None
    for result in results:
        typer.echo(f"{'PASS' if result.passed else 'FAIL'}  {result.name}")
        for failure in result.failures:
            typer.echo(f"      {failure}")
    failed = sum(not r.passed for r in results)
    typer.echo(f"{len(results) - failed} passed, {failed} failed", err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def bench(
    config: ConfigArg,
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Inputs (default: the config's input.paths).", show_default=False),
    ] = None,
    overrides: SetOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Time a pipeline on your documents: docs/s and words/s per stage, and overall."""
    import tempfile

    from presse.config import load_config
    from presse.report import render_bench
    from presse.runner import Run

    try:
        cfg = load_config(config, overrides)
        with tempfile.TemporaryDirectory() as tmp:
            result = Run(
                cfg, inputs, f"{tmp}/bench.jsonl", f"{tmp}/errors.jsonl", progress=False
            ).execute()
    except PresseError as exc:
        raise fail(str(exc)) from None
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(result.to_dict(), option=orjson.OPT_INDENT_2) + b"\n")
    else:
        typer.echo(render_bench(result))


@app.command()
def info(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Markdown, to paste in an issue.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Versions of Python, presse, plugins, spaCy and installed models, for bug reports."""
    from presse.cli.info import collect, render
    from presse.registry import get_registry

    facts = collect(get_registry())
    if as_json:
        sys.stdout.buffer.write(orjson.dumps(facts, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        typer.echo(render(facts, markdown))


@app.command("new-plugin")
def new_plugin(
    name: Annotated[str, typer.Argument(help="Stage and plugin name, e.g. `keywords`.")],
    directory: Annotated[Path, typer.Option("--dir", help="Where to create it.")] = Path("."),
) -> None:
    """Create an installable plugin package with a stage, a README and passing tests."""
    from presse.cli.scaffold import new_plugin as scaffold

    try:
        root = scaffold(name, directory)
    except PresseError as exc:
        raise fail(str(exc)) from None
    typer.echo(
        f"created {root}\n  cd {root} && uv run pytest      # its tests\n"
        f"  uv pip install -e {root}          # use `stage: {name}` in a config"
    )


def main() -> None:
    """Entry point of the ``presse`` script: every failure is one ``error:`` line."""
    code = 0
    try:
        app()  # plugin commands are built when listed or called (presse.cli.commands)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:  # during start-up, before a command could say more
        code = _say("interrupted", 130)
    except OSError as exc:  # standard output on a full disk, closed, ...
        code = _say(describe(exc), 1)
    try:
        sys.stdout.flush()
    except (OSError, AttributeError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "it is closed"
        code = code or _say(f"cannot write to standard output: {why}", 1)
        _silence_stdout()
    sys.exit(code)


def _say(message: str, code: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        typer.echo(f"error: {message}", err=True)
    return code


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so Python's own flush at exit cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
    except OSError:
        pass
