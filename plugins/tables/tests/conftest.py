"""A helper running presse on the tables of these tests."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run


@pytest.fixture
def run(tmp_path, monkeypatch):
    """``run(inputs, input_yaml="")``: records, errors and the report of a run without
    stages."""
    monkeypatch.setenv("PRESSE_PLUGINS", "tables")
    registry = build_registry()

    def go(inputs: list[Path], input_yaml: str = "", name: str = "out") -> dict:
        config = parse_config(
            f"{input_yaml}run: {{batch_size: 2}}\npipeline: []\n",
            "t.yaml",
            registry=registry,
            base_dir=tmp_path,
        )
        out = tmp_path / f"{name}.jsonl"
        report = Run(
            config, [str(i) for i in inputs], str(out), registry=registry, progress=False
        ).execute()

        def read(path: Path) -> list[dict]:
            if not path.exists():
                return []
            return [orjson.loads(line) for line in path.read_bytes().splitlines()]

        return {
            "records": read(out),
            "errors": read(tmp_path / f"{name}.errors.jsonl"),
            "report": report,
        }

    return go
