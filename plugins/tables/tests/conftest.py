"""Running presse on the tables of these tests, with the tables plugin and example stages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run, side_path

from example_stages import Explode, plugin_for

sys.path.append(str(Path(__file__).parent))  # table_samples.py (appended: shadows nothing)
from table_samples import read_jsonl


@pytest.fixture
def registry(monkeypatch):
    """The tables plugin, the core's built-ins and ``explode`` (raises on ``BOOM``)."""
    monkeypatch.setenv("PRESSE_PLUGINS", "tables")
    registry = build_registry()
    registry.add_plugin(plugin_for(Explode), "examples")
    return registry


@pytest.fixture
def run(tmp_path, registry):
    """``run(inputs, input_yaml="", pipeline="[]", output="out.jsonl", **options)``: the
    records, errors and report of a run (``options`` go to :class:`Run`, e.g. resume)."""

    def go(
        inputs: list[Path],
        input_yaml: str = "",
        pipeline: str = "[]",
        output: str = "out.jsonl",
        **options,
    ) -> dict:
        config = parse_config(
            f"{input_yaml}run: {{batch_size: 2}}\npipeline: {pipeline}\n",
            "t.yaml",
            registry=registry,
            base_dir=tmp_path,
        )
        out = tmp_path / output
        report = Run(
            config,
            [str(i) for i in inputs],
            str(out),
            registry=registry,
            progress=False,
            **options,
        ).execute()
        return {
            "records": read_jsonl(out) if output.endswith(".jsonl") else None,
            "errors": read_jsonl(side_path(out, "errors")),
            "report": report,
        }

    return go
