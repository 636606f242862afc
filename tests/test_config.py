"""Config validation: every mistake is named with its file, line, key and a way out."""

from __future__ import annotations

import pytest

from presse.config import parse_config
from presse.errors import ConfigError


def problems(registry, text: str, **kwargs) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "pipe.yaml", registry=registry, **kwargs)
    return [str(issue) for issue in caught.value.issues]


def test_minimal_config_gets_every_default(registry):
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    assert config.run.batch_size == 64
    assert config.run.on_error == "continue"
    assert config.pipeline[0].params == {"length": 20}


def test_misspelt_top_level_key_is_named_with_line_and_suggestion(registry):
    text = "pipeline:\n  - stage: upper\nrnu:\n  batch_size: 2\n"
    assert problems(registry, text) == ["pipe.yaml:3: rnu: unknown key 'rnu': did you mean 'run'?"]


def test_misspelt_nested_key_and_stage_parameter(registry):
    text = "run:\n  batch_sise: 2\npipeline:\n  - stage: upper\n    lenght: 3\n"
    assert problems(registry, text) == [
        "pipe.yaml:5: pipeline[0].lenght: stage 'upper' has no parameter 'lenght': "
        "did you mean 'length'?",
        "pipe.yaml:2: run.batch_sise: unknown key 'batch_sise': did you mean 'batch_size'?",
    ]


def test_unknown_stage_suggests_the_closest_name(registry):
    text = "pipeline:\n  - stage: uper\n"
    assert problems(registry, text) == [
        "pipe.yaml:2: pipeline[0].stage: unknown stage 'uper': did you mean 'upper'?"
    ]


def test_wrong_type_says_what_was_expected(registry):
    text = "run: {batch_size: many}\npipeline: [{stage: upper, length: -}]\n"
    found = problems(registry, text)
    assert any("run.batch_size" in p and "valid integer" in p and "'many'" in p for p in found)
    assert any("pipeline[0].length" in p and "stage 'upper'" in p for p in found)


def test_stage_before_the_stage_it_requires_is_rejected(registry):
    text = "pipeline:\n  - stage: linker\n  - stage: tagger\n"
    assert problems(registry, text) == [
        "pipe.yaml:2: pipeline[0].stage: linker requires 'entities', which no earlier stage "
        "provides: move the tagger stage before linker"
    ]


def test_missing_requirement_names_the_stage_to_add(registry):
    assert "add the tagger stage before it" in problems(registry, "pipeline: [{stage: linker}]")[0]


def test_two_stages_cannot_write_the_same_key(registry):
    text = "pipeline: [{stage: tagger}, {stage: tagger}]"
    assert "two stages cannot write the same key" in problems(registry, text)[0]


def test_missing_or_empty_pipeline(registry):
    assert "missing key `pipeline`" in problems(registry, "run: {batch_size: 2}")[0]
    assert "expected a list of stages" in problems(registry, "pipeline: ner")[0]
    assert parse_config("pipeline: []", registry=registry).pipeline == []  # read, write


def test_overrides_address_stages_by_name_and_parse_values(registry):
    config = parse_config(
        "pipeline: [{stage: upper}]",
        registry=registry,
        overrides=["pipeline.upper.length=5", "run.batch_size=8", "run.on_error=fail"],
    )
    assert config.pipeline[0].params["length"] == 5
    assert config.run.batch_size == 8
    assert config.run.on_error == "fail"


def test_override_of_a_stage_not_in_the_pipeline(registry):
    found = problems(registry, "pipeline: [{stage: upper}]", overrides=["pipeline.ner.model=x"])
    assert found == ["--set: pipeline.ner.model: no stage 'ner' in the pipeline (stages: upper)"]


def test_overridden_value_is_validated_like_the_file(registry):
    found = problems(registry, "pipeline: [{stage: upper}]", overrides=["run.batch_size=0"])
    assert "run.batch_size" in found[0] and "greater than 0" in found[0]


def test_environment_variables_are_interpolated(registry, monkeypatch):
    monkeypatch.setenv("PRESSE_TEST_LEN", "7")
    config = parse_config(
        "pipeline: [{stage: upper, length: '${PRESSE_TEST_LEN}'}]\n"
        "output: {path: '${PRESSE_TEST_OUT:-out.jsonl}'}",
        registry=registry,
    )
    assert config.pipeline[0].params["length"] == 7
    assert config.output.path == "out.jsonl"


def test_unset_environment_variable_is_an_error(registry, monkeypatch):
    monkeypatch.delenv("PRESSE_NOT_SET", raising=False)
    found = problems(registry, "output: {path: '${PRESSE_NOT_SET}'}\npipeline: [{stage: upper}]")
    assert found[0].startswith("pipe.yaml:1: output.path: environment variable PRESSE_NOT_SET")


def test_python_tags_are_refused(registry):
    text = "pipeline: [{stage: upper}]\nrun: !!python/object/apply:os.system ['echo pwned']\n"
    found = problems(registry, text)
    assert found == [
        "pipe.yaml:2: run: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed (plain YAML only)"
    ]


def test_billion_laughs_fails_fast(registry):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(
            f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, "
            f"*{prev}, *{prev}, *{prev}, *{prev}]"
        )
    lines.append("pipeline: [{stage: upper}]")
    found = problems(registry, "\n".join(lines))
    assert "more than 100000 values" in found[0]


def test_duplicate_keys_are_errors(registry):
    found = problems(registry, "pipeline: [{stage: upper}]\npipeline: [{stage: tagger}]\n")
    assert found == ["pipe.yaml:2: pipeline: duplicate key (first defined on line 1)"]


def test_invalid_yaml_points_at_the_line(registry):
    found = problems(registry, "pipeline:\n  - stage: upper\n   bad: [\n")
    assert found[0].startswith("pipe.yaml:") and "not valid YAML" in found[0]


def test_input_shorthand_accepts_a_path_or_a_list(registry):
    config = parse_config("input: docs/*.txt\npipeline: [{stage: upper}]", registry=registry)
    assert config.input.paths == ["docs/*.txt"]


def test_stage_resources_are_validated_and_kept_apart_from_parameters(registry):
    text = "pipeline:\n  - stage: upper\n    resources: {num_cpus: 2, concurrency: 3}\n"
    config = parse_config(text, "pipe.yaml", registry=registry)
    entry = config.pipeline[0]
    assert entry.params == {"length": 20}
    assert entry.resources.num_cpus == 2 and entry.resources.concurrency == 3
    assert config.resolved()["pipeline"][0]["resources"] == {"num_cpus": 2, "concurrency": 3}
    bad = "pipeline:\n  - stage: upper\n    resources: {num_cpu: 2, concurrency: 0}\n"
    found = problems(registry, bad)
    assert any("pipeline[0].resources.num_cpu" in p and "num_cpus" in p for p in found)
    assert any("pipeline[0].resources.concurrency" in p for p in found)


def test_a_config_without_resources_keeps_its_hash_shape(registry):
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    assert config.resolved()["pipeline"] == [{"stage": "upper", "length": 20}]
