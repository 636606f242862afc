"""Descriptions of plugins and stages, as ``presse plugins`` and ``presse stages`` print them."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from pydantic_core import PydanticUndefined

from presse.registry import Registry
from presse.stage import Stage


def plugin_rows(registry: Registry) -> list[dict[str, Any]]:
    rows = []
    for info in registry.load_all().plugins.values():
        row = asdict(info)
        row.pop("traceback")
        rows.append(row)
    return rows


def type_name(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    text = text or repr(annotation)
    return re.sub(r"\b(typing|pathlib|collections\.abc)\.", "", text).replace("NoneType", "None")


def stage_info(name: str, registry: Registry) -> dict[str, Any]:
    entry = registry.stages[name]
    cls: type[Stage] = entry.obj
    params = []
    for field_name, field in cls.Params.model_fields.items():
        default = field.get_default(call_default_factory=True)
        params.append(
            {
                "name": field_name,
                "type": type_name(field.annotation),
                "default": None if default is PydanticUndefined else default,
                "required": field.is_required(),
                "description": field.description or "",
            }
        )
    return {
        "name": name,
        "plugin": entry.plugin,
        "description": (cls.__doc__ or "").strip(),
        "requires": list(cls.requires),
        "provides": list(cls.provides),
        "corpus_level": cls.corpus_level,
        "parameters": params,
        "schema": cls.Params.model_json_schema(),
    }


def render_stage(info: dict[str, Any]) -> str:
    lines = [f"{info['name']}  (plugin {info['plugin']})"]
    if info["description"]:
        lines += ["", *("  " + line.strip() for line in info["description"].splitlines()), ""]
    lines.append(f"  requires: {', '.join(info['requires']) or '-'}")
    lines.append(f"  provides: {', '.join(info['provides']) or '-'}")
    if info["corpus_level"]:
        lines.append("  corpus-level: keeps state across batches")
    lines.append("  parameters:" if info["parameters"] else "  parameters: none")
    for p in info["parameters"]:
        default = "required" if p["required"] else f"default {p['default']!r}"
        lines.append(f"    {p['name']}: {p['type']} ({default})")
        if p["description"]:
            lines.append(f"        {p['description']}")
    return "\n".join(lines)
