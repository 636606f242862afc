"""The ray executor on a real local Ray instance gives the same output as local mode
(stream mode: the driver reads and writes; sharded runs are in test_ray_shards.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import ray_stages

from presse import Document, PresseError

FIRST_WORDS = ["Paris", "Lyon", "Le", "La", "Un", "Marseille", "Selon"]


def corpus(n: int = 300, **special: int) -> list[dict]:
    """``n`` news-like records; ``special`` puts a trigger word in the text of record ``i``."""
    records = []
    for i in range(n):
        text = f"{FIRST_WORDS[i % len(FIRST_WORDS)]} article {i} " + "mot " * (i % 23)
        records.append({"id": f"d{i:04d}", "text": text})
    for word, i in special.items():
        records[i]["text"] += f" {word}"
    return records


def comparable(outcome: dict) -> dict:
    """What must match across executors (error messages and timings may differ)."""
    report = outcome["report"]
    errors = sorted(
        (e.get("source", ""), e.get("line") or 0, e.get("id") or "", e["reason"], e.get("stage"))
        for e in outcome["errors"]
    )
    counts = {name: (s.docs, s.failed, s.filtered) for name, s in report.stages.items()}
    return {
        "records": outcome["records"],
        "errors": errors,
        "filtered": outcome["filtered"],
        "counts": (report.read, report.written, report.failed, report.filtered),
        "stages": counts,
        "status": report.status,
    }


@pytest.fixture
def two_actors(ray_instance, monkeypatch):
    monkeypatch.setenv("PRESSE_RAY_ACTORS", "2")
    monkeypatch.setenv("PRESSE_RAY_MODE", "stream")
    return ray_instance


def test_same_output_as_local_with_a_failing_document_and_a_corpus_stage(run_presse, ray_instance):
    pipeline = "pipeline:\n  - stage: words\n  - stage: fragile\n  - stage: first_word_count\n"
    records = corpus(BOOM=57, SPAM=200)
    local = run_presse(pipeline, records, "local")
    distributed = run_presse(
        pipeline, records, "ray", options="{actors: 2, in_flight: 3, mode: stream}"
    )

    assert comparable(distributed) == comparable(local)
    assert [e["reason"] for e in distributed["errors"]] == ["stage_error"]
    assert distributed["errors"][0]["id"] == "d0057"
    assert [r["id"] for r in distributed["records"]] == [
        r["id"] for r in records if r["id"] not in ("d0057", "d0200")
    ]
    assert distributed["records"][-1]["seen_before"] > 0  # the corpus stage saw everything


def test_a_document_that_kills_its_actor_is_set_aside_like_in_local_worker_mode(
    run_presse, two_actors, capsys
):
    pipeline = "pipeline:\n  - stage: words\n  - stage: fatal\n  - stage: first_word_count\n"
    records = corpus(CRASH=123)
    local = run_presse(pipeline, records, "local", workers=2)
    distributed = run_presse(pipeline, records, "ray")

    assert comparable(distributed) == comparable(local)
    assert [(e["id"], e["reason"]) for e in distributed["errors"]] == [("d0123", "worker_crashed")]
    assert distributed["errors"][0]["record"]["text"] == records[123]["text"]
    assert distributed["report"].balanced and distributed["report"].written == 299
    # quarantined after PRESSE_RAY_MAX_ATTEMPTS=2: its batch crashed twice, then itself twice
    assert capsys.readouterr().err.count("a Ray actor running words,fatal died") == 4


def test_results_come_in_input_order_with_a_bounded_number_of_batches_in_flight(
    ray_instance, monkeypatch
):
    from presse.config.model import RunSettings
    from presse.pipeline import BoundStage, Pipeline
    from presse_ray import RayExecutor

    monkeypatch.setenv("PRESSE_RAY_ACTORS", "2")
    monkeypatch.setenv("PRESSE_RAY_IN_FLIGHT", "3")
    pulled = 0

    def batches():
        nonlocal pulled
        for start in range(0, 200, 10):
            pulled += 1
            yield [Document(r) for r in corpus(200)[start : start + 10]]

    pipeline = Pipeline([BoundStage(ray_stages.Words())])
    seen, ahead = [], []
    for result in RayExecutor(RunSettings()).map(pipeline, batches()):
        seen.extend(doc["id"] for doc in result.docs)
        ahead.append(pulled - len(ahead) - 1)
    assert seen == [r["id"] for r in corpus(200)]
    assert max(ahead) <= 3


def test_a_stage_that_cannot_set_up_on_the_actors_stops_the_run(
    run_presse, ray_instance, monkeypatch
):
    monkeypatch.setenv("PRESSE_RAY_ACTORS", "1")
    with pytest.raises(PresseError, match="xx_missing"):
        run_presse("pipeline:\n  - stage: bad_setup\n", corpus(20), "ray")


def test_importing_the_plugin_does_not_import_ray():
    code = "import sys, presse_ray; assert 'ray' not in sys.modules, 'ray imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_cluster_whose_workers_cannot_import_the_plugins_is_one_clear_error(ray_instance):
    from presse import PresseError
    from presse_ray.session import check_workers

    check_workers(ray_instance, ["presse", "presse_ray", "presse_dedup"], timeout=120)
    with pytest.raises(PresseError, match=r"cannot import presse_nowhere \(ModuleNotFoundError"):
        check_workers(ray_instance, ["presse", "presse_nowhere"], timeout=120)
