"""A helper running presse on the pages, archives and feeds of these tests."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run


@pytest.fixture
def run(tmp_path, monkeypatch):
    """``run(pipeline_yaml, inputs, workers=1)``: records, errors, filtered and the report."""
    monkeypatch.setenv("PRESSE_PLUGINS", "web")
    registry = build_registry()

    def go(pipeline: str, inputs: list[Path], workers: int = 1, name: str = "out") -> dict:
        text = f"run: {{workers: {workers}, batch_size: 2}}\n{pipeline}"
        config = parse_config(text, "t.yaml", registry=registry, base_dir=tmp_path)
        out = tmp_path / f"{name}.jsonl"
        report = Run(
            config, [str(i) for i in inputs], str(out), registry=registry, progress=False
        ).execute()

        def read(path: Path) -> list[dict]:
            return (
                [orjson.loads(x) for x in path.read_bytes().splitlines()] if path.exists() else []
            )

        return {
            "records": read(out),
            "errors": read(tmp_path / f"{name}.errors.jsonl"),
            "filtered": read(tmp_path / f"{name}.filtered.jsonl"),
            "report": report,
        }

    return go
