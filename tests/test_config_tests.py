"""`tests:` blocks in a config, run by `presse test`, like Vector's or Benthos' config tests."""

from __future__ import annotations

from presse.cli.config_tests import run_tests
from presse.config import parse_config
from presse.runner import build_pipeline

CONFIG = """
pipeline:
  - stage: upper
    length: 7
  - stage: tagger
  - stage: explode
tests:
  - name: upper-cases and tags
    input:
      - {id: a, text: "Bonjour Alep et Moscou"}
      - {id: b, text: "BOOM"}
    expect:
      - id: a
        upper: BONJOUR
        entities: {contains: Moscou}
        entities.1: Alep
        checked: {exists: true}
        text: {matches: "^Bon"}
      - id: b
        failed: true
  - name: a wrong expectation
    input: [{id: c, text: "Paris"}]
    expect:
      - id: c
        upper: {equals: LONDRES}
        entities: {min_length: 2}
        language: {exists: true}
"""


def test_config_tests_pass_and_fail_with_clear_messages(registry):
    config = parse_config(CONFIG, "t.yaml", registry=registry)
    first, second = run_tests(config, build_pipeline(config, registry))
    assert first.passed, first.failures
    assert second.failures == [
        "c: upper expected equals 'LONDRES', got 'PARIS'",
        "c: entities expected min_length 2, got ['Paris']",
        "c: language is missing",
    ]


def test_tests_do_not_change_the_config_hash(registry):
    with_tests = parse_config(CONFIG, registry=registry)
    without = parse_config(CONFIG.split("tests:")[0], registry=registry)
    assert with_tests.resolved() == without.resolved()


def test_predicates_on_lists_of_records():
    from presse.cli.config_tests import check

    entities = [{"text": "Alep", "label": "LOC"}, {"text": "Bachar al-Assad", "label": "PER"}]
    assert check(entities, {"includes": {"text": "Alep", "label": "LOC"}}) is None
    assert check(entities, {"includes": {"text": "Alep", "label": "PER"}}) is not None
    assert check(0.93, {"gt": 0.9}) is None
    assert check("fr", {"equals": "en"}) == "expected equals 'en', got 'fr'"
