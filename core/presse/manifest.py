"""The manifest beside an output file: what produced it, so any output can be traced."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from presse import __version__
from presse.pipeline import Pipeline
from presse.registry import Registry
from presse.report import RunReport
from presse.runinfo import RunInfo
from presse.writing import atomic_write


def manifest_path(output: Path) -> Path:
    return output.with_name(output.name + ".manifest.json")


def build_manifest(
    info: RunInfo, pipeline: Pipeline, registry: Registry, report: RunReport
) -> dict[str, Any]:
    stages = []
    for bound in pipeline.stages:
        plugin = registry.plugins.get(bound.plugin or "")
        stages.append(
            {
                "stage": bound.name,
                "plugin": bound.plugin,
                "distribution": plugin.distribution if plugin else None,
                "version": plugin.version if plugin else None,
                **bound.stage.describe(),
            }
        )
    return {
        "presse": __version__,
        "python": platform.python_version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config_file": info.config.file,
        "config_hash": info.config_hash,
        "config": info.resolved,
        "inputs": info.inputs,
        "input_root": info.input_root,
        "stages": stages,
        "counts": report.to_dict()["documents"],
        "status": report.status,
    }


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    atomic_write(path, orjson.dumps(manifest, default=str, option=orjson.OPT_INDENT_2))
