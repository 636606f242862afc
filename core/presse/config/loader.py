"""Load, override and validate a pipeline config, reporting every problem at once."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from presse.config.model import TOP_LEVEL_KEYS, PipelineConfig, StageEntry, StageResources
from presse.config.overrides import apply_overrides, interpolate_env
from presse.config.yaml_source import KeyPath, YamlSource, format_path, load_yaml
from presse.errors import ConfigError, ConfigIssue, PresseError
from presse.registry import Registry, get_registry

BASE_KEYS = ("id", "text", "meta")
MAX_CONFIG_BYTES = 1 << 20
"""Configs are small; a bigger file is refused before the YAML parser sees it."""


def load_config(
    path: str | Path,
    overrides: list[str] | None = None,
    registry: Registry | None = None,
) -> PipelineConfig:
    """Read a YAML config file and return it validated, or raise :class:`ConfigError`."""
    path = Path(path)
    try:
        with path.open("rb") as handle:  # read no more than the cap, whatever the file is
            data = handle.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            raise PresseError(
                f"config {path} is larger than {MAX_CONFIG_BYTES // 1024} KiB: "
                "not a pipeline config? (refused before parsing)"
            )
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise PresseError(f"config file not found: {path}") from None
    except IsADirectoryError:
        raise PresseError(f"config {path} is a directory, not a YAML file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PresseError(f"cannot read config {path}: {exc}") from None
    return parse_config(text, str(path), overrides, registry, base_dir=path.resolve().parent)


def parse_config(
    text: str,
    file: str | None = None,
    overrides: list[str] | None = None,
    registry: Registry | None = None,
    base_dir: Path | None = None,
) -> PipelineConfig:
    """Validate config text (see :func:`load_config`)."""
    source = load_yaml(text, file)
    interpolate_env(source)
    if not isinstance(source.data, dict):
        raise ConfigError(
            [ConfigIssue("", "a config is a mapping with a `pipeline:` list", file, 1)]
        )
    apply_overrides(source.data, overrides or [])
    return _Validator(source, registry or get_registry()).validate(base_dir or Path.cwd())


class _Validator:
    def __init__(self, source: YamlSource, registry: Registry) -> None:
        self.source = source
        self.registry = registry
        self.issues: list[ConfigIssue] = []

    def add(self, path: KeyPath, message: str) -> None:
        self.issues.append(
            ConfigIssue(format_path(path), message, self.source.file, self.source.line(path))
        )

    def validate(self, base_dir: Path) -> PipelineConfig:
        self.base_dir = base_dir
        data = dict(self.source.data)
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                self.add((key,), _unknown_key(key, TOP_LEVEL_KEYS))
        raw_pipeline = data.get("pipeline")
        entries = self.pipeline(raw_pipeline)
        sections = {k: v for k, v in data.items() if k in TOP_LEVEL_KEYS and k != "pipeline"}
        if isinstance(sections.get("input"), str | list):  # `input: docs/*.txt` shorthand
            sections["input"] = {"paths": sections["input"]}
        config = None
        try:
            config = PipelineConfig(**sections, pipeline=entries)
        except ValidationError as exc:
            self.pydantic_issues(exc, (), PipelineConfig)
        if entries:
            self.requirements(entries)
        if self.issues or config is None:
            raise ConfigError(self.issues)
        config.base_dir = str(base_dir)
        config.file = self.source.file
        return config

    def pipeline(self, raw: Any) -> list[StageEntry]:
        if raw is None:
            self.add(
                (), "missing key `pipeline`: a list of stages, e.g. `pipeline: [{stage: ner}]`"
            )
            return []
        if not isinstance(raw, list):
            self.add(
                ("pipeline",),
                "expected a list of stages (`- stage: NAME`; `[]` to read and write only)",
            )
            return []
        entries: list[StageEntry] = []
        for index, step in enumerate(raw):
            entry = self.stage_entry(step, ("pipeline", index))
            if entry is not None:
                entries.append(entry)
        return entries if len(entries) == len(raw) else []

    def stage_entry(self, step: Any, path: KeyPath) -> StageEntry | None:
        if not isinstance(step, dict) or not isinstance(step.get("stage"), str):
            self.add(path, "expected a mapping with `stage: NAME` and the stage's parameters")
            return None
        name = step["stage"]
        params = {k: v for k, v in step.items() if k not in ("stage", "resources")}
        resources = None
        if step.get("resources") is not None:
            try:
                resources = StageResources.model_validate(step["resources"])
            except ValidationError as exc:
                self.pydantic_issues(exc, (*path, "resources"), StageResources)
                return None
        if name not in self.registry.stages:
            self.add((*path, "stage"), self.registry.unknown("stage", name, self.registry.stages))
            return None
        cls = self.registry.stage(name)
        try:
            validated = cls.Params(**params)
        except ValidationError as exc:
            self.pydantic_issues(exc, path, cls.Params, stage=name)
            return None
        problems = cls.check_files(validated, self.base_dir)
        for key, message in problems:
            self.add((*path, key), f"stage {name!r}: {message}")
        if problems:
            return None
        return StageEntry(stage=name, params=validated.model_dump(mode="json"), resources=resources)

    def requirements(self, entries: list[StageEntry]) -> None:
        available = {key: "the input" for key in BASE_KEYS}
        names = [e.stage for e in entries]
        for index, entry in enumerate(entries):
            cls = self.registry.stage(entry.stage)
            for key in cls.requires:
                if key not in available:
                    self.add(
                        ("pipeline", index, "stage"), self.missing(entry.stage, key, names[index:])
                    )
            for key in cls.provides:
                if key in available and available[key] != "the input":
                    self.add(
                        ("pipeline", index, "stage"),
                        f"stage {entry.stage!r} provides {key!r}, already provided by "
                        f"stage {available[key]!r}: two stages cannot write the same key",
                    )
                available[key] = entry.stage

    def missing(self, stage: str, key: str, later: list[str]) -> str:
        providers = sorted(n for n, r in self.registry.stages.items() if key in r.obj.provides)
        message = f"{stage} requires {key!r}, which no earlier stage provides"
        for provider in providers:
            if provider in later:
                return f"{message}: move the {provider} stage before {stage}"
        if providers:
            return f"{message}: add the {providers[0]} stage before it"
        return message

    def pydantic_issues(
        self,
        exc: ValidationError,
        prefix: KeyPath,
        model: type[BaseModel],
        stage: str | None = None,
    ) -> None:
        for error in exc.errors():
            loc: KeyPath = tuple(error["loc"])
            if stage is None and loc and loc[0] == "pipeline":
                continue  # pipeline entries are checked one by one
            path = (*prefix, *loc)
            owner = f"stage {stage!r}: " if stage else ""
            kind = error["type"]
            if kind == "extra_forbidden":
                fields = _fields_at(model, loc[:-1])
                if stage and len(loc) == 1:
                    self.add(
                        path,
                        _unknown_key(str(loc[-1]), fields, f"stage {stage!r} has no parameter"),
                    )
                else:
                    self.add(path, _unknown_key(str(loc[-1]), fields))
            elif kind == "missing":
                self.add(path, f"{owner}missing required key")
            else:
                got = error.get("input")
                self.add(path, f"{owner}{error['msg'].lower()} (got {got!r})")


def _unknown_key(key: str, known: Any, label: str = "unknown key") -> str:
    message = f"{label} {key!r}"
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    if close:
        return f"{message}: did you mean {close[0]!r}?"
    return f"{message} (expected one of: {', '.join(known)})" if known else message


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the (nested) model at ``loc``, for suggestions."""
    for part in loc:
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)
