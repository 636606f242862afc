import sys
from pathlib import Path

import pytest

from presse import Document

sys.path.insert(0, str(Path(__file__).parent))  # corpus.py, pairs_fr.py

from corpus import UNRELATED, edited, embedded, original, redated, retyped

EXAMPLES = Path(__file__).parents[3] / "docs" / "examples"


@pytest.fixture
def republished() -> list[tuple[str, str]]:
    """Originals, their republications and unrelated articles, in publication order."""
    return [
        ("grele", original("grele")),
        ("tram", original("tram")),
        ("grele-retyped", retyped(original("grele"))),
        ("greve", original("greve")),
        ("tram-edited", edited("tram")),
        ("grele-toulouse", redated("grele", "TOULOUSE, 13 juin (AFP) - ")),
        ("musee", UNRELATED["musee"]),
        ("greve-long", embedded("greve")),
        ("foot", UNRELATED["foot"]),
        ("tram-long", embedded("tram")),
    ]


def docs_of(items, **meta) -> list[Document]:
    return [Document.new(i, t, dict(meta)) for i, t in items]


def run(stage, items, batch_size: int = 4) -> dict[str, dict]:
    """Push ``items`` through ``stage`` in batches, as the runner does; ``{id: dedup}``."""
    stage.setup()
    docs = docs_of(items) if items and isinstance(items[0], tuple) else items
    out = {}
    for i in range(0, len(docs), batch_size):
        for doc in stage.process(docs[i : i + batch_size]):
            out[doc.id] = doc["dedup"]
    return out
