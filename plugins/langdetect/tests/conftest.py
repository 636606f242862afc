"""Shared fixtures: stages are built once per parameter set, so models load once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from presse import Document
from presse_langdetect import LangDetect

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"

MIXED_FR_EN = (
    "Le gouvernement a présenté mardi un projet de loi sur la sécurité alimentaire, "
    "après plusieurs mois de négociations avec les syndicats agricoles. "
    "Le texte sera examiné par l'Assemblée nationale au début du mois prochain.\n\n"
    "The minister said in a statement that the bill would protect farmers and consumers alike. "
    "We have listened carefully to everyone involved, and we believe this is a fair compromise "
    "that will stand the test of time."
)

_stages: dict[tuple, LangDetect] = {}


@pytest.fixture(scope="session")
def stage() -> Callable[..., LangDetect]:
    """``stage(**params)``: a set-up langdetect stage, shared by tests with the same params."""

    def make(**params) -> LangDetect:
        key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
        if key not in _stages:
            built = LangDetect(**params)
            built.setup()
            _stages[key] = built
        return _stages[key]

    return make


@pytest.fixture(scope="session")
def detect(stage) -> Callable[..., dict]:
    """``detect(text, **params)``: the ``language`` record the stage writes for ``text``."""

    def run(text: str, **params) -> dict:
        (doc,) = stage(**params).process([Document.new("t", text)])
        return doc["language"]

    return run


@pytest.fixture(scope="session")
def seed_articles() -> list[Path]:
    """The seed news articles shipped in docs/examples."""
    return sorted(EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="session")
def mixed_fr_en() -> str:
    """A French paragraph followed by an English quotation."""
    return MIXED_FR_EN
