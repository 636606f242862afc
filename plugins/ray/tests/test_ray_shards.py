"""Sharded runs (Ray Data) on a real local Ray instance: the same output as local mode,
error records, a crashing worker retried then its shard quarantined, re-runs that skip
completed shards."""

from __future__ import annotations

import news
import orjson
import pytest
from test_ray_executor import comparable, corpus

from presse_ray.shards import ShardStore

DEDUP = (
    "pipeline:\n  - stage: words\n  - stage: fragile\n"
    "  - stage: dedup\n    paraphrase: false\n    resources: {num_cpus: 1}\n"
)


def news_records() -> list:
    records: list = news.articles(300)
    records[57]["text"] += " BOOM"  # a stage raises on it: an error record
    records[200]["text"] += " SPAM"  # filtered out
    records.insert(120, "{not json")  # unreadable: an error record from the reader
    return records


def test_sharded_run_with_dedup_equals_local_mode(run_presse, ray_instance, tmp_path):
    records = news_records()
    # dedup runs through its plan; first_word_count, a corpus-level stage without a plan,
    # runs on the driver over the ordered stream
    pipeline = DEDUP + "  - stage: first_word_count\n"
    local = run_presse(pipeline, records, "local", files=3)
    sharded = run_presse(pipeline, records, "ray", files=3, options="{shard_bytes: 12000}")
    files = [tmp_path / f"in-{i}.jsonl" for i in range(3)]
    assert all(f.stat().st_size > 2 * 12000 for f in files)  # each cut into line ranges

    assert comparable(sharded) == comparable(local)
    assert sharded["records"] == local["records"]  # same order, same dedup and passages
    dedup = [r["dedup"] for r in sharded["records"]]
    assert sum(d["duplicate_of"] is not None for d in dedup) > 30
    assert sum(len(d["passages"]) for d in dedup) > 100
    assert sharded["records"][-1]["seen_before"] > 0
    assert sharded["report"].summaries["dedup"] == local["report"].summaries["dedup"]
    manifests = [
        orjson.loads((tmp_path / f"{name}.jsonl.manifest.json").read_bytes())["stages"]
        for name in ("local-1", "ray-1")
    ]
    assert manifests[0] == manifests[1]  # dedup's indexed documents included
    errors = {e["reason"]: e for e in sharded["errors"]}
    assert set(errors) == {"stage_error", "invalid_json"}
    boom = errors["stage_error"]
    assert (boom["id"], boom["stage"], boom["line"]) == ("n0057", "fragile", 58)
    assert boom["source"].endswith("in-0.jsonl")
    assert errors["invalid_json"]["line"] == 20 and errors["invalid_json"]["stage"] == "read"
    assert errors["invalid_json"]["source"].endswith("in-1.jsonl")
    report = sharded["report"]
    assert report.balanced and report.read == 301 and report.status == "ok"


def test_stages_sharing_memory_stay_together_whatever_their_resources(
    run_presse, ray_instance, capsys, tmp_path
):
    pipeline = (
        "pipeline:\n"
        "  - stage: parse\n"
        "    resources: {num_cpus: 0.5, concurrency: 1}\n"
        "  - stage: words\n"
        "    resources: {num_cpus: 0.25}\n"
        "  - stage: use_parse\n"
        "    resources: {num_cpus: 0.25, concurrency: 2}\n"
    )
    records = [r for r in news_records() if isinstance(r, dict) and "BOOM" not in r["text"]]
    local = run_presse(pipeline, records, "local", files=2)
    sharded = run_presse(pipeline, records, "ray", files=2, options="{shard_bytes: 12000}")
    assert sharded["records"] == local["records"]
    assert all(r["tokens"] > 0 for r in sharded["records"])  # the artefact was reused
    manifests = [
        orjson.loads((tmp_path / f"{name}.jsonl.manifest.json").read_bytes())["stages"]
        for name in ("local-1", "ray-1")
    ]
    assert manifests[0] == manifests[1]  # stages described as set up on the actors
    assert "'use_parse' reuses what 'parse' leaves in memory" in capsys.readouterr().err


def test_web_pages_are_extracted_on_the_actors_like_locally(run_presse, ray_instance, tmp_path):
    from presse_web.archive import write_warc

    pages = [
        (
            f"https://quotidien.example/{i}",
            f"<html><body><article><h1>Article {i}</h1>"
            + "".join(
                f"<p>Paragraphe {j} de l'article {i}, assez long pour compter.</p>"
                for j in range(6)
            )
            + "</article></body></html>",
        )
        for i in range(12)
    ]
    archive = write_warc(tmp_path / "crawl.warc.gz", [(u, h.encode()) for u, h in pages])
    pipeline = "pipeline:\n  - stage: words\n    resources: {num_cpus: 0.5}\n"
    local = run_presse(pipeline, [], "local", inputs=[archive], name="local")
    sharded = run_presse(pipeline, [], "ray", inputs=[archive], options="{mode: shards}")
    assert sharded["records"] == local["records"] and len(local["records"]) == 12
    assert all(r["words"] > 40 for r in sharded["records"])  # extracted before `words`
    report = sharded["report"]
    assert dict(report.not_documents) == {"WARC request record": 12}
    assert report.stages["web_extract"].docs == 12 and report.balanced


def test_a_crash_is_retried_and_a_shard_that_keeps_crashing_is_quarantined(
    run_presse, ray_instance, tmp_path
):
    pipeline = "pipeline:\n  - stage: words\n  - stage: fatal\n  - stage: crash_once\n"
    records = corpus(300, CRASH=123, ONCE=250)  # 3 files of 100: shards 0, 1 and 2
    stale = tmp_path / "ray-1.filtered.jsonl"  # an earlier run's: nothing is filtered now
    stale.write_bytes(b'{"id": "old"}\n')
    outcome = run_presse(pipeline, records, "ray", files=3, options="{max_attempts: 2}")
    assert stale.read_bytes() == b""

    report = outcome["report"]
    assert report.status == "ok" and report.balanced and report.read == 300
    # shard 1 kept killing its worker: quarantined after 2 attempts, all its records set aside
    assert report.failure_reasons == {"shard_quarantined": 100}
    quarantined = outcome["errors"]
    assert [e["id"] for e in quarantined] == [f"d{i:04d}" for i in range(100, 200)]
    assert {e["stage"] for e in quarantined} == {"words,fatal,crash_once"}
    assert all(e["source"].endswith("in-1.jsonl") for e in quarantined)
    assert [e["line"] for e in quarantined] == list(range(1, 101))
    assert "died 2 time(s)" in quarantined[0]["message"]
    # shard 2's worker died once: retried, nothing lost
    assert (tmp_path / "crashed-once").read_text() == "d0250"
    kept = [r["id"] for r in outcome["records"]]
    assert kept == [f"d{i:04d}" for i in [*range(100), *range(200, 300)]]
    assert all(r["survived"] for r in outcome["records"])
    assert next(r for r in outcome["records"] if r["id"] == "d0250")["retried"]


@pytest.mark.parametrize(
    ("pipeline", "commit", "skipped"),
    [
        ("pipeline:\n  - stage: words\n  - stage: fragile\n", "complete", "2 completed shard(s)"),
        (DEDUP, "mark_mapped", "2 shard(s) mapped by an earlier run"),  # during the map phase
    ],
    ids=["per-document", "dedup"],
)
def test_a_rerun_skips_the_shards_completed_before_the_driver_died(
    run_presse, ray_instance, monkeypatch, capsys, pipeline, commit, skipped
):
    records = news_records()[:200]
    local = run_presse(pipeline, records, "local", files=4)
    original = getattr(ShardStore, commit)
    done: list[int] = []

    def dies_after_two(self, shard, *args):
        if len(done) == 2:
            raise KeyboardInterrupt  # the driver is killed
        original(self, shard, *args)
        done.append(shard)

    monkeypatch.setattr(ShardStore, commit, dies_after_two)
    with pytest.raises(KeyboardInterrupt):
        run_presse(pipeline, records, "ray", files=4)
    monkeypatch.setattr(ShardStore, commit, original)
    capsys.readouterr()

    rerun = run_presse(pipeline, records, "ray", files=4, resume=True)
    assert skipped in capsys.readouterr().err
    assert rerun["records"] == local["records"]  # dedup saw the skipped shards' features
    assert comparable(rerun) == comparable(local)  # the report's counts, stage by stage
    assert rerun["report"].summaries == local["report"].summaries


@pytest.mark.parametrize("mode", ["stream", "shards"])
def test_a_document_over_the_stage_timeout_is_an_error_record_like_in_local_mode(
    run_presse, ray_instance, mode
):
    pipeline = "pipeline:\n  - stage: words\n  - stage: slow\n"
    records = corpus(40, SLOW=7)
    timeout = "  stage_timeout: 1\n"
    local = run_presse(pipeline, records, "local", run_options=timeout)
    distributed = run_presse(
        pipeline, records, "ray", options=f"{{mode: {mode}}}", run_options=timeout
    )

    assert comparable(distributed) == comparable(local)
    assert [(e["id"], e["reason"]) for e in local["errors"]] == [("d0007", "stage_timeout")]
