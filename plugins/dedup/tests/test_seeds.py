"""The bundled seed articles through a real run: not duplicates, but shared passages."""

import orjson
import pytest
from conftest import EXAMPLES

from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seeds")
    registry = build_registry()
    config = parse_config(
        "pipeline:\n  - stage: dedup\n", "t.yaml", registry=registry, base_dir=tmp
    )
    out = tmp / "out.jsonl"
    report = Run(
        config,
        sorted(str(p) for p in EXAMPLES.glob("*.txt")),
        str(out),
        registry=registry,
        progress=False,
    ).execute()
    assert report.failed == 0
    return {r["id"]: r for r in map(orjson.loads, out.read_bytes().splitlines())}


def _links(seeds, doc_id):
    doc = seeds[doc_id]
    return [
        (
            p["kind"],
            doc["text"][p["start"] : p["end"]],
            seeds[p["other_id"]]["text"][p["other_start"] : p["other_end"]],
            p["other_id"],
        )
        for p in doc["dedup"]["passages"]
    ]


def test_the_two_articles_are_not_duplicates(seeds):
    for doc_id, doc in seeds.items():
        assert doc["dedup"]["duplicate_of"] is None
        assert doc["dedup"]["cluster"] == doc_id


def test_shared_passages_have_offsets_and_kinds(seeds):
    links = _links(seeds, "004_864b1bef05c49bf2")
    # a phrase both articles use
    assert (
        "verbatim",
        "deuxième ville de Syrie",
        "deuxième ville de Syrie",
        "000_2864f0dc32cebd5b",
    ) in links
    # the 2024 article repeats itself
    assert any(
        other_id == "004_864b1bef05c49bf2" and "dangereuse de la situation en Syrie" in a
        for _, a, _, other_id in links
    )
    # "La Russie et l'Iran sont les principaux alliés ..." ~ "L'Iran et la Russie soutiennent ..."
    paraphrases = [(a, b) for kind, a, b, _ in links if kind == "paraphrase"]
    assert any(
        a.startswith("La Russie et l'Iran sont les principaux alliés")
        and b.startswith("L'Iran et la Russie soutiennent")
        for a, b in paraphrases
    )
    assert {kind for kind, *_ in links} <= {"verbatim", "near", "paraphrase"}


def test_a_shared_opening_template_is_not_linked(seeds):
    for _, a, b, _ in _links(seeds, "000_2864f0dc32cebd5b"):
        assert not (
            a.startswith("M. Shamkhani a également") and b.startswith("M. Shamkhani a également")
        )


def test_two_statements_on_the_same_events_are_not_paraphrases(seeds):
    # the same places and actors (Alep, Iran, Russie, Syrie), different statements
    for kind, a, b, _ in _links(seeds, "000_2864f0dc32cebd5b"):
        assert not (a.startswith("«La libération d'Alep est") and b.startswith("L'envoyé")), (
            kind,
            a,
        )


def test_a_place_name_in_two_unrelated_sentences_is_not_a_passage(seeds):
    # "la ville syrienne d'Alep": a name, a generic word and a nationality, in a sentence on
    # buses entering Aleppo and in one on the White House's statement
    for _, a, b, _ in _links(seeds, "004_864b1bef05c49bf2"):
        assert "ville syrienne" not in a and "ville syrienne" not in b, (a, b)
