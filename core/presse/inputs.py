"""Turning input arguments (files, directories, globs, ``-``) into sources and readers."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

from presse.document import Origin
from presse.errors import PresseError
from presse.reading import Reader, ReadFailure, Source
from presse.registry import Registry
from presse.source_names import given_as_absolute, source_name


@dataclass
class InputPlan:
    """The sources to read, in order, and inputs that could not be used."""

    sources: list[tuple[Source, type[Reader]]]
    failures: list[ReadFailure]
    ignored: list[str]


@dataclass(frozen=True)
class Naming:
    """How the files of one input argument are named in records."""

    cwd: Path
    absolute: bool

    def __call__(self, path: Path) -> str:
        return source_name(path, self.cwd, self.absolute)


def reader_for(path: str, fmt: str, registry: Registry) -> type[Reader] | None:
    if fmt != "auto":
        return registry.readers[fmt].obj if fmt in registry.readers else None
    best, best_len = None, 0
    for entry in registry.readers.values():
        for suffix in entry.obj.suffixes:
            if path.lower().endswith(suffix) and len(suffix) > best_len:
                best, best_len = entry.obj, len(suffix)
    return best


def plan_inputs(
    specs: list[str], base_dir: Path, fmt: str, registry: Registry, cwd: Path | None = None
) -> InputPlan:
    """Expand ``specs`` (relative ones from ``base_dir``) in order; directories are walked
    recursively in sorted order. Files are named relative to ``cwd`` (default: the working
    directory), or absolute when their argument is."""
    if fmt != "auto" and fmt not in registry.readers:
        raise PresseError(registry.unknown("input format", fmt, registry.readers))
    cwd = Path.cwd() if cwd is None else cwd
    plan = InputPlan([], [], [])
    for spec in specs:
        if spec == "-":
            cls = reader_for("-", fmt, registry) or registry.readers["jsonl"].obj
            plan.sources.append((Source(None), cls))
            continue
        name = Naming(cwd, given_as_absolute(spec))
        path = Path(spec).expanduser()
        if not path.is_absolute():
            path = base_dir / path
        if glob.has_magic(str(path)):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            if not matches:
                plan.failures.append(_not_found(spec, "no file matches this pattern"))
            for match in matches:
                _add_path(plan, match, fmt, registry, name, from_pattern=True)
        elif path.exists():
            _add_path(plan, path, fmt, registry, name, from_pattern=False)
        else:
            plan.failures.append(_not_found(spec, "no such file or directory"))
    return plan


def _add_path(
    plan: InputPlan, path: Path, fmt: str, registry: Registry, name: Naming, from_pattern: bool
) -> None:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.name.startswith(".") or child.is_dir():
                continue
            if child.is_file():
                _add_path(plan, child, fmt, registry, name, from_pattern=True)
            else:  # a broken link, a socket, a fifo: say so rather than skip it silently
                plan.failures.append(
                    ReadFailure(
                        Origin(name(child)),
                        "unreadable_input",
                        f"{name(child)} is not a regular file (broken link or special file)",
                    )
                )
        return
    cls = reader_for(str(path), fmt, registry)
    if cls is not None:
        plan.sources.append((Source(path, label=name(path)), cls))
    elif from_pattern:
        plan.ignored.append(name(path))
    else:
        known = sorted({s for r in registry.readers.values() for s in r.obj.suffixes})
        plan.failures.append(
            ReadFailure(
                Origin(name(path)),
                "unknown_format",
                f"no reader for {path.name} (known suffixes: {', '.join(known)}; "
                "or set input.format)",
            )
        )


def _not_found(spec: str, why: str) -> ReadFailure:
    return ReadFailure(Origin(spec), "input_not_found", f"input {spec}: {why}")
