"""Safe YAML loading that remembers the line of every key.

Only plain YAML is accepted: mappings, lists and scalars. Python tags (``!!python/object``)
and other custom tags are errors, duplicate keys are errors, and alias expansion is bounded
so a "billion laughs" file fails fast instead of eating memory; an alias inside its own
value (``a: &a [*a]``) and nesting deeper than :data:`MAX_DEPTH` are errors too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from presse.errors import ConfigError, ConfigIssue

KeyPath = tuple[str | int, ...]
MAX_NODES = 100_000
MAX_DEPTH = 100
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass
class YamlSource:
    """Parsed YAML data plus the line number of each key path (1-based)."""

    data: Any
    file: str | None = None
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: KeyPath) -> int | None:
        """The line of ``path``, or of its closest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def format_path(path: KeyPath) -> str:
    """``("pipeline", 1, "model")`` → ``pipeline[1].model``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(text: str, file: str | None = None) -> YamlSource:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise ConfigError(
            [ConfigIssue("", f"YAML nested more than {MAX_DEPTH} levels deep", file)]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(
            [ConfigIssue("", f"not valid YAML: {problem}", file, mark.line + 1 if mark else None)]
        ) from None
    source = YamlSource(None, file)
    if root is None:
        source.data = {}
        return source
    builder = _Builder(source)
    source.data = builder.build(root, ())
    if builder.issues:
        raise ConfigError(builder.issues)
    return source


class _Builder:
    def __init__(self, source: YamlSource) -> None:
        self.source = source
        self.issues: list[ConfigIssue] = []
        self.budget = MAX_NODES
        self.constructor = yaml.SafeLoader("")
        self.open: set[int] = set()  # the collections being built, outermost first

    def issue(self, path: KeyPath, node: yaml.Node, message: str) -> None:
        self.issues.append(
            ConfigIssue(format_path(path), message, self.source.file, node.start_mark.line + 1)
        )

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise ConfigError(
                [
                    ConfigIssue(
                        format_path(path),
                        f"config expands to more than {MAX_NODES} values (recursive or nested YAML "
                        "aliases?); refusing to load it",
                        self.source.file,
                        node.start_mark.line + 1,
                    )
                ]
            )
        if node.tag not in _PLAIN_TAGS:
            self.issue(path, node, f"YAML tag {node.tag!r} is not allowed (plain YAML only)")
            return None
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            return self.constructor.construct_object(node, deep=True)
        if id(node) in self.open:
            self.issue(path, node, "this alias refers to a value that contains it (recursive YAML)")
            return None
        if len(self.open) >= MAX_DEPTH:
            raise ConfigError(
                [
                    ConfigIssue(
                        format_path(path),
                        f"YAML nested more than {MAX_DEPTH} levels deep",
                        self.source.file,
                        node.start_mark.line + 1,
                    )
                ]
            )
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            items = []
            for i, item in enumerate(node.value):
                self.source.lines[(*path, i)] = item.start_mark.line + 1
                items.append(self.build(item, (*path, i)))
            return items
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        self.constructor.flatten_mapping(node)  # resolves YAML merge keys (<<)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path)
            if not isinstance(key, str):
                self.issue(path, key_node, f"keys must be strings, got {key!r}")
                continue
            key_path = (*path, key)
            if key in out:
                first = self.source.lines.get(key_path)
                self.issue(key_path, key_node, f"duplicate key (first defined on line {first})")
                continue
            self.source.lines[key_path] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, key_path)
        return out
