"""The stage as a user configures it: validation, targets, document stance, lexicon, backends."""

from pathlib import Path

import pytest
import yaml

from presse import ConfigError, Document
from presse.config.loader import parse_config
from presse_stance import Stance
from presse_stance.lexicon import LexiconError, load_lexicon, read_cues

from .conftest import CONFIGS, with_entities
from .stance_testing import find

TEXT = (
    "L'Iran et la Russie soutiennent le régime syrien, "
    "tandis que la Turquie soutient les rebelles. "
    "« Les terroristes seront vaincus », a déclaré le président Bachar al-Assad."
)


def test_stance_before_ner_is_rejected_at_validation():
    with pytest.raises(ConfigError) as error:
        parse_config("pipeline:\n  - stage: stance\n")
    assert "requires 'entities'" in str(error.value)
    assert "ner" in str(error.value)


def test_example_config_validates():
    config = parse_config((CONFIGS / "stance-fr.yaml").read_text(encoding="utf-8"))
    assert [step.stage for step in config.pipeline] == ["ner", "stance"]


def test_record_schema_and_offsets(stances):
    records = stances(TEXT)
    assert records
    for r in records:
        assert set(r) >= {
            "holder",
            "target",
            "label",
            "confidence",
            "sentence",
            "evidence",
            "attribution",
            "kind",
            "negated",
            "method",
        }
        start, end = r["sentence"]
        assert r["sentence_span"] == [start, end]
        ev = r["evidence"]
        assert TEXT[ev["start"] : ev["end"]] == ev["text"]
        assert start <= ev["start"] < ev["end"] <= end
        if r["holder"]["span"]:
            s, e = r["holder"]["span"]
            assert TEXT[s:e] == r["holder"]["text"]
        assert 0 < r["confidence"] <= 1


def test_targets_keep_only_stances_toward_them(stances):
    targets = [{"id": "rebels", "name": "rebelles", "aliases": ["terroristes", "rebelles"]}]
    records = stances(TEXT, targets=targets)
    assert {r["target"]["entity_id"] for r in records} == {"rebels"}
    find(records, "Turquie", "rebelles", "FAVOR")
    find(records, "Bachar al-Assad", "terroristes", "AGAINST")


def test_targets_can_only_add_aliases(stances):
    targets = [{"id": "rebels", "name": "rebelles", "aliases": ["terroristes", "rebelles"]}]
    records = stances(TEXT, targets=targets, only_targets=False)
    assert find(records, "Turquie", "rebelles", "FAVOR")["target"]["entity_id"] == "rebels"
    find(records, "Iran", "Syrie", "FAVOR")


def test_targets_field_reads_the_documents_own_target(stances):
    meta = {"target": "Russie", "target_aliases": ["Moscou", "Kremlin"]}
    records = stances(
        "Le Kremlin a été vivement critiqué par la Pologne. La Chine soutient l'Iran.",
        meta=meta,
        targets_field="target",
    )
    assert [(r["holder"]["text"], r["target"]["entity_id"]) for r in records] == [
        ("Pologne", "Russie")
    ]


def test_document_stance_adds_one_author_record_per_target(stances):
    text = "Cette réforme des retraites est injuste. La réforme des retraites est aussi dangereuse."
    targets = [
        {"id": "reform", "name": "réforme des retraites"},
        {"id": "tax", "name": "taxe carbone"},
    ]
    records = stances(text, targets=targets, document_stance=True)
    document = {r["target"]["entity_id"]: r for r in records if r["scope"] == "document"}
    assert document["reform"]["label"] == "AGAINST"
    assert document["reform"]["holder"]["text"] == "AUTHOR"
    assert document["tax"]["label"] == "NONE"


def test_min_confidence_drops_weak_records(stances):
    assert stances(TEXT, min_confidence=0.99) == []


def test_reuses_the_parse_shared_by_ner(stage, monkeypatch):
    import presse_stance.runtime as runtime

    doc = with_entities(Document.new("d", TEXT))
    monkeypatch.setattr(runtime, "parser", lambda model: pytest.fail("parsed a second time"))
    stage().process([doc])
    assert doc["stances"]


def test_parses_itself_without_a_shared_parse(stage):
    doc = with_entities(Document.new("d", TEXT))
    doc.shared.clear()
    stage().process([doc])
    find(doc["stances"], "Turquie", "rebelles", "FAVOR")


def test_unsupported_language_is_skipped_with_a_reason(stage):
    doc = Document.new("de", "Deutschland unterstützt die Ukraine.", language={"code": "de"})
    doc["language"] = {"code": "de"}
    doc["entities"] = []
    stage().process([doc])
    assert doc["stances"] == []
    assert "no stance lexicon for language 'de'" in doc.skipped


def test_english_without_an_english_model_is_skipped_with_a_reason(stage):
    doc = Document.new("en", "Russia supports the Syrian regime.")
    doc["language"] = {"code": "en"}
    doc["entities"] = []
    stage(english_model="en_model_that_is_not_installed").process([doc])
    assert doc["stances"] == []
    assert "English spaCy model" in doc.skipped


def test_lexicon_can_be_extended_from_a_file(tmp_path, stances):
    extra = tmp_path / "cues.yaml"
    extra.write_text(
        yaml.safe_dump(
            {
                "language": "fr",
                "cues": [
                    {"lemma": "courtiser", "pos": "VERB", "polarity": "FAVOR", "kind": "support"}
                ],
            }
        ),
        encoding="utf-8",
    )
    assert stances("La Serbie a courtisé la Russie.") == []
    record = find(
        stances("La Serbie a courtisé la Russie.", lexicon=str(extra)), "Serbie", "Russie", "FAVOR"
    )
    assert record["method"] == "rules:verb:courtiser"


def test_bad_lexicon_entries_are_reported_with_file_and_entry(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "cues:\n  - {lemma: aimer, pos: VERB, polarity: LOVE, kind: support}\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match=r"bad.yaml: cues\[0\]: polarity 'LOVE'"):
        read_cues(bad)


def test_bundled_lexicons_are_a_few_hundred_cues():
    assert len(load_lexicon("fr")) >= 300
    assert len(load_lexicon("en")) >= 100


BACKEND = '''
class Always:
    """A toy backend: the author favours every document."""

    name = "always"

    def __init__(self, lexicon, language):
        self.lang = language

    def describe(self):
        return {"backend": "always"}

    def analyse(self, text, parsed, actors):
        author = {"text": "AUTHOR", "entity_id": "AUTHOR", "canonical": "AUTHOR", "span": None}
        whole = {"text": text, "entity_id": "x", "canonical": None, "span": [0, len(text)]}
        return [{"holder": author, "target": whole, "label": "FAVOR", "confidence": 0.5,
                 "sentence": [0, len(text)],
                 "evidence": {"text": text, "start": 0, "end": len(text)},
                 "attribution": {"speaker": "AUTHOR", "mode": "author"}, "kind": "praise",
                 "negated": False, "method": "always"}]
'''


def test_another_backend_can_be_plugged_in(tmp_path, monkeypatch):
    (tmp_path / "my_backend.py").write_text(BACKEND, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    stage = Stance(backend="my_backend:Always")
    stage.setup()
    doc = with_entities(Document.new("d", "Bravo."))
    stage.process([doc])
    assert [r["method"] for r in doc["stances"]] == ["always"]
    assert stage.describe()["fr"] == {"backend": "always"}


def test_describe_names_the_model_and_lexicon(stage):
    stage().process([with_entities(Document.new("d", TEXT))])
    info = stage().describe()
    assert info["model"].startswith("fr_core_news_md 3.8")
    assert info["fr"]["cues"] >= 300


def test_example_config_targets_parse():
    config = yaml.safe_load(Path(CONFIGS / "stance-fr.yaml").read_text(encoding="utf-8"))
    block = next(s for s in config["pipeline"] if s["stage"] == "stance")
    Stance.Params(**{k: v for k, v in block.items() if k != "stage"})
