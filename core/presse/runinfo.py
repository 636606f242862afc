"""What a run is about to do: handed to the lifecycle hooks and recorded in the manifest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import orjson

from presse.config.model import PipelineConfig


def config_hash(resolved: dict[str, Any]) -> str:
    """A stable hash of the resolved config (key order does not matter)."""
    canonical = orjson.dumps(resolved, option=orjson.OPT_SORT_KEYS)
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


@dataclass
class RunInfo:
    config: PipelineConfig
    inputs: list[str]
    output: str | None
    errors: str
    filtered: str
    report: str | None = None
    input_root: str | None = None
    """The absolute working directory that relative source names are relative to."""
    resolved: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.resolved = self.config.resolved()

    @property
    def config_hash(self) -> str:
        return config_hash(self.resolved)
