"""presse.testing: the helpers plugin authors use, and the conformance suite."""

from __future__ import annotations

import itertools

import pytest

from presse import Document, Stage, hookimpl
from presse.testing import (
    ConformanceError,
    assert_golden,
    check_stage,
    make_docs,
    run_pipeline,
    run_stage,
)

from example_stages import Keep, Upper


def test_run_stage_on_plain_texts():
    (doc,) = run_stage(Upper, ["Bonjour Alep"], length=7)
    assert doc["upper"] == "BONJOUR"


def test_run_pipeline_isolates_failures(registry):
    result = run_pipeline(
        "pipeline: [{stage: upper}, {stage: explode}]", ["fine", "BOOM here"], registry=registry
    )
    assert [d.id for d in result.docs] == ["doc-0"]
    assert [(e.id, e.stage) for e in result.failed] == [("doc-1", "explode")]


def test_a_well_behaved_stage_passes_the_conformance_suite():
    check_stage(Upper)
    check_stage(Keep, params={"prefix": "L"})


class Undocumented(Stage):
    name = "undocumented"
    provides = ("x",)

    class Params(Stage.Params):
        level: int

    def process(self, docs: list[Document]) -> list[Document]:
        return docs


@hookimpl
def register_stages(register):
    pass  # forgets to register Undocumented


def test_the_conformance_suite_lists_every_declaration_problem():
    import sys

    with pytest.raises(ConformanceError) as caught:
        check_stage(Undocumented, params={"level": 1}, plugin=sys.modules[__name__])
    message = str(caught.value)
    assert "needs a docstring" in message
    assert "parameter 'level' has no description" in message
    assert "parameter 'level' has no default" in message
    assert "does not register Undocumented" in message


counter = itertools.count()


class Sloppy(Stage):
    """Documented, but writes what it does not declare, and depends on luck and batches."""

    name = "sloppy"
    provides = ("sloppy", "never")

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc["sloppy"] = next(counter)  # differs from run to run
            doc["undeclared"] = len(docs)  # not in provides; depends on the batch
        return docs


def test_the_suite_catches_undeclared_keys_and_nondeterminism():
    with pytest.raises(ConformanceError) as caught:
        check_stage(Sloppy)
    message = str(caught.value)
    assert "wrote undeclared keys ['undeclared']" in message
    assert "declares 'never' in provides but never writes it" in message
    assert "not deterministic" in message
    assert "batch results differ from one-by-one results" in message


def test_golden_files(tmp_path, monkeypatch):
    records = [dict(d) for d in run_stage(Upper, make_docs(["un", "deux"]))]
    golden = tmp_path / "golden.jsonl"
    with pytest.raises(AssertionError, match="is missing"):
        assert_golden(records, golden)
    monkeypatch.setenv("PRESSE_UPDATE_GOLDEN", "1")
    assert_golden(records, golden)
    monkeypatch.delenv("PRESSE_UPDATE_GOLDEN")
    assert_golden(records, golden)
    records[1]["upper"] = "TROIS"
    with pytest.raises(AssertionError, match="TROIS"):
        assert_golden(records, golden)
