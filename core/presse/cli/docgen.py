"""Reference pages generated from the code, so the docs cannot drift from it.

The mkdocs hook in ``docs/hooks/reference.py`` replaces ``<!-- presse:stages -->`` and
``<!-- presse:hooks -->`` in the docs with what these functions render.
"""

from __future__ import annotations

import inspect
import json
import re

from presse import hookspecs
from presse.cli.describe import stage_info
from presse.registry import Registry


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def stage_reference(registry: Registry) -> str:
    """Markdown for every installed stage: summary, keys, parameters, output schema."""
    parts = []
    for name in sorted(registry.stages):
        info = stage_info(name, registry)
        cls = registry.stages[name].obj
        lines = [f"## `{name}`", ""]
        if info["description"]:
            lines += [inspect.cleandoc(info["description"]), ""]
        lines += [
            f"- plugin: `{info['plugin']}`",
            f"- requires: {', '.join(f'`{k}`' for k in info['requires']) or 'nothing'}",
            f"- provides: {', '.join(f'`{k}`' for k in info['provides']) or 'nothing'}",
        ]
        if info["corpus_level"]:
            lines.append("- corpus-level: keeps state across batches, runs in one process")
        lines += ["", "| parameter | type | default | description |", "| --- | --- | --- | --- |"]
        for p in info["parameters"]:
            default = "required" if p["required"] else f"`{json.dumps(p['default'])}`"
            lines.append(
                f"| `{p['name']}` | `{_cell(p['type'])}` | {_cell(default)} | "
                f"{_cell(p['description'])} |"
            )
        schema = getattr(cls, "output_schema", None)
        if schema:
            lines += [
                "",
                "Output schema:",
                "",
                "```json",
                json.dumps(schema, indent=2, ensure_ascii=False),
                "```",
            ]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def hook_reference() -> str:
    """Markdown for every hook in :mod:`presse.hookspecs`, from its signature and docstring."""
    parts = []
    for name, function in vars(hookspecs).items():  # in the order they are declared
        if not (inspect.isfunction(function) and hasattr(function, "presse_spec")):
            continue
        signature = str(inspect.signature(function)).replace("'", "")
        doc = re.sub(
            r"^:param (\w+):",
            r"- `\1`:",
            inspect.cleandoc(function.__doc__ or ""),
            flags=re.MULTILINE,
        )
        doc = doc.replace("``", "`")
        parts.append(f"## `{name}{signature}`\n\n{doc}")
    return "\n\n".join(parts) + "\n"
