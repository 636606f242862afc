import pytest

from presse import ConfigError
from presse.config import parse_config
from presse_ner.gazetteer import check_patterns, read_patterns

from .conftest import CONFIGS, spans

HTS = [
    {"label": "ORG", "pattern": "Hayat Tahrir al-Sham", "id": "Hayat Tahrir al-Sham"},
    {"label": "ORG", "pattern": "HTS", "id": "Hayat Tahrir al-Sham"},
]
TEXT = "Les jihadistes de Hayat Tahrir al-Sham (HTS) ont lancé mercredi une offensive."


def test_patterns_override_the_model_and_share_one_id(ner):
    doc = ner(TEXT, patterns=HTS)
    by_text = {e["text"]: e for e in doc["entities"]}
    assert by_text["Hayat Tahrir al-Sham"]["label"] == "ORG"
    assert by_text["HTS"]["label"] == "ORG"
    assert by_text["HTS"]["source"] == "pattern"
    assert by_text["HTS"]["entity_id"] == by_text["Hayat Tahrir al-Sham"]["entity_id"]


def test_token_patterns_match_ministries(ner):
    text = "« Nous condamnons », a indiqué le ministère russe des Affaires étrangères."
    assert ("ministère russe des Affaires étrangères", "ORG") in spans(
        ner(text, patterns="gazetteer/news-fr.jsonl")
    )


def test_the_shipped_gazetteer_reads_and_validates():
    patterns = read_patterns(CONFIGS / "gazetteer" / "news-fr.jsonl")
    assert len(patterns) > 50
    assert all(p["label"] in {"PER", "ORG", "LOC", "MISC"} for p in patterns)


def test_bad_patterns_are_reported_with_their_position(tmp_path):
    with pytest.raises(ValueError, match=r"pattern 2.*label 'GPE'"):
        check_patterns([HTS[0], {"label": "GPE", "pattern": "Alep"}])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "ORG", "pattern": "HTS"}\n{oops\n')
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        read_patterns(bad)


def test_a_bad_inline_pattern_is_a_config_error():
    with pytest.raises(ConfigError, match="patterns"):
        parse_config("pipeline:\n  - stage: ner\n    patterns: [{label: GPE, pattern: Alep}]\n")


def test_a_missing_gazetteer_file_fails_validation(tmp_path):
    with pytest.raises(ConfigError, match=r"gazetteer file not found: .*missing\.jsonl"):
        parse_config("pipeline: [{stage: ner, patterns: missing.jsonl}]", base_dir=tmp_path)
    (tmp_path / "present.jsonl").write_text('{"label": "PER", "pattern": "Jean"}\n')
    parse_config("pipeline: [{stage: ner, patterns: present.jsonl}]", base_dir=tmp_path)
