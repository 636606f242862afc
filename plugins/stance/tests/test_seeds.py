"""The seed articles with the story config (configs/stance-fr.yaml): the issue's "Done when"."""

import pytest
import yaml

from presse import Document
from presse_stance import Stance

from .conftest import CONFIGS, EXAMPLES, with_entities
from .stance_testing import find


@pytest.fixture(scope="module")
def seeds():
    config = yaml.safe_load((CONFIGS / "stance-fr.yaml").read_text(encoding="utf-8"))
    params = {
        k: v
        for k, v in next(s for s in config["pipeline"] if s["stage"] == "stance").items()
        if k != "stage"
    }
    built = Stance(**params)
    built.config_dir = CONFIGS
    built.setup()
    docs = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = (
            path.read_text(encoding="utf-8").split("\n", 1)[1].lstrip("\n")
        )  # the `date` header line
        docs.append(with_entities(Document.new(path.stem, text)))
    built.process(docs)
    return {d.id[:3]: d for d in docs}


@pytest.mark.parametrize(
    ("doc", "holder", "target", "label", "evidence"),
    [
        ("004", "russia", "regime", "FAVOR", "alliés du régime de Bachar al-Assad"),
        ("004", "iran", "regime", "FAVOR", "alliés du régime de Bachar al-Assad"),
        ("004", "turkey", "rebels", "FAVOR", "soutien des factions rebelles"),
        ("004", "iran", "rebels", "AGAINST", "condamné l'attaque"),
        ("004", "usa", "regime", "AGAINST", "mis samedi la prise de contrôle"),
        ("000", "iran", "regime", "FAVOR", "soutiennent politiquement"),
        ("000", "russia", "regime", "FAVOR", "allié du régime"),
    ],
)
def test_done_when_triples(seeds, doc, holder, target, label, evidence):
    d = seeds[doc]
    records = [
        r
        for r in d["stances"]
        if r["holder"]["entity_id"] == holder
        and r["target"]["entity_id"] == target
        and r["label"] == label
    ]
    assert records, f"no {holder} → {target} {label}"
    assert any(r["evidence"]["text"].startswith(evidence) for r in records)
    for r in records:
        ev = r["evidence"]
        assert d.text[ev["start"] : ev["end"]] == ev["text"]


def test_the_white_house_is_the_holder_and_the_spokesman_maps_to_it(seeds):
    record = find(seeds["004"]["stances"], "Maison Blanche", "régime", "AGAINST")
    assert record["kind"] == "blame"


def test_baghaei_speaks_for_iran(seeds):
    record = find(seeds["004"]["stances"], "Esmaeil Baghaei", "terroristes", "AGAINST")
    assert record["holder"]["principal"] == "Iran"
    assert record["kind"] == "condemnation"


def test_shamkhani_labels_the_rebels_in_his_quotes(seeds):
    records = [r for r in seeds["000"]["stances"] if r["holder"]["entity_id"] == "Ali Shamkhani"]
    assert {r["target"]["entity_id"] for r in records} >= {"rebels"}
    assert all(
        r["attribution"]["mode"] == "direct_quote" for r in records if r["kind"] == "labelling"
    )


def test_no_contradictory_polarity_on_the_seeds(seeds):
    for d in seeds.values():
        pairs = {}
        for r in d["stances"]:
            pairs.setdefault((r["holder"]["entity_id"], r["target"]["entity_id"]), set()).add(
                r["label"]
            )
        assert all(len(labels) == 1 for labels in pairs.values()), pairs
