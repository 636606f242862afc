"""Shards, the per-shard store and actor pools (no Ray instance needed)."""

from __future__ import annotations

import random

import pytest
from ray_stages import Fragile, Parse, UseParse, Words

from presse import PresseError
from presse.config.model import RunSettings
from presse.pipeline import BoundStage
from presse.reading import InputPlan, Source
from presse_ray.pool_plan import READ_CPUS, pools, size_pools
from presse_ray.settings import RaySettings
from presse_ray.shards import ShardStore, plan_shards, position


class Jsonl:
    format = "jsonl"


class Text:
    format = "txt"


@pytest.mark.parametrize("shard_bytes", [500, 4096, 10**9])
def test_large_jsonl_files_are_cut_into_ranges_of_whole_lines(tmp_path, shard_bytes):
    rng = random.Random(3)
    lines = [b'{"text": "%s"}\n' % (b"x" * rng.randint(0, 200)) for _ in range(400)]
    data = b"".join(lines)
    (tmp_path / "a.jsonl").write_bytes(data)
    (tmp_path / "b.txt").write_bytes(data)
    plan = InputPlan(
        [(Source(tmp_path / "a.jsonl"), Jsonl), (Source(tmp_path / "b.txt"), Text)], [], []
    )
    shards = plan_shards(plan, shard_bytes)
    assert shards[-1].path.endswith("b.txt") and shards[-1].end is None  # never cut
    ranges = shards[:-1]
    assert [s.index for s in shards] == list(range(len(shards)))
    assert len(ranges) == (
        1 if shard_bytes > len(data) else pytest.approx(len(data) / shard_bytes, rel=0.3)
    )
    pieces = [data[s.start : s.end if s.end is not None else len(data)] for s in ranges]
    assert b"".join(pieces) == data
    for shard in ranges:
        assert shard.start == 0 or data[shard.start - 1 : shard.start] == b"\n"
        assert data[: shard.start].count(b"\n") + 1 == shard.first_line


@pytest.fixture(params=["path", "url"])
def work(request, tmp_path):
    """A work directory on the local file system, or on object storage (fsspec memory)."""
    if request.param == "path":
        yield tmp_path / "work"
        return
    url = f"memory://presse-tests/{tmp_path.name}/work"
    yield url
    ShardStore(url).discard()


def test_a_shard_is_complete_once_its_marker_is_written(work):
    store = ShardStore(work)
    identity = {"config_hash": "x", "shards": []}
    assert store.open(identity, resume=True) == {}
    store.complete(3, [b"{}\n"], [], [], {"shard": 3, "records": 1})
    with store.open_file(3, "out.jsonl") as handle:
        assert handle.read() == b"{}\n"
    assert store.open_file(3, "errors.jsonl") is None
    assert store.open(identity, resume=True) == {3: {"shard": 3, "records": 1}}
    assert store.open({**identity, "config_hash": "y"}, resume=True) == {}  # another run
    assert store.open_file(3, "done") is None


def test_a_plans_map_phase_is_kept_in_parts(work):
    store = ShardStore(work)
    store.open({}, resume=False)
    rows = [(position(2, 0), 0, 0, b"doc", b"feat"), (position(2, 1), -1, 1, b"error", b"")]
    name = store.save_part(2, rows)
    assert store.load_part(name) == [row[:4] for row in rows]
    assert store.load_features(name) == [(position(2, 0), 0, b"feat")]
    assert store.mapped() == {}
    store.mark_mapped(2, {"shard": 2, "parts": [name]})
    assert store.mapped() == {2: {"shard": 2, "parts": [name]}}
    assert store.open({}, resume=True) == {}  # no shard is written yet...
    assert store.mapped() == {2: {"shard": 2, "parts": [name]}}  # ...but its map phase is kept
    store.open({}, resume=False)
    assert store.mapped() == {}


def test_a_work_directory_fsspec_cannot_open_is_one_clear_error():
    with pytest.raises(PresseError, match=r"nosuch://bucket/work: .*executor_options.workdir"):
        ShardStore("nosuch://bucket/work")


def test_attempts_left_behind_count_as_crashes(work):
    store = ShardStore(work)
    store.open({}, resume=False)
    assert store.begin("0-1-2", "node-a") == []  # first attempt ...
    assert store.begin("0-1-2", "node-b") == ["node-a"]  # ... died: the second sees it
    store.end("0-1-2")
    assert store.begin("0-1-2", "node-a") == []
    store.open({}, resume=True)  # a new run forgets a killed driver's attempts
    assert store.begin("0-1-2", "node-a") == []


@pytest.mark.parametrize(("lost", "quarantined"), [(set(), True), ({"node-a"}, False)])
def test_attempts_lost_with_their_node_are_not_crashes(tmp_path, monkeypatch, lost, quarantined):
    from presse.document import Document
    from presse.pipeline import Pipeline
    from presse_ray import workers

    monkeypatch.setattr(workers, "lost_nodes", lambda: lost)
    worker = workers.StageWorker(Pipeline([BoundStage(Words())]), 0, str(tmp_path), 2)
    worker.store.open({}, resume=False)
    for _ in range(2):  # two attempts on node-a that never finished
        worker.store.begin("0-3-7", "node-a")
    result = worker._process(3, [Document(id="d", text="deux mots")], 7)
    assert bool(result.failed) is quarantined
    assert [d["words"] for d in result.docs] == ([] if quarantined else [2])


def test_stages_with_the_same_resources_share_a_pool_sized_with_headroom():
    words, fragile = Words(), Fragile()
    stages = [
        BoundStage(words),
        BoundStage(fragile),
        BoundStage(words, resources={"num_cpus": 2}),
        BoundStage(fragile, resources={"num_gpus": 1, "concurrency": 2}),
    ]
    settings = RaySettings.load({}, env={})
    plan = pools(stages, settings)
    assert [len(p.stages) for p in plan] == [2, 1, 1]
    size_pools(plan, {"CPU": 16, "GPU": 2}, settings, RunSettings().workers)
    # 16 CPUs - 1 headroom - 2 taken by the GPU pool's actors: 13 shared by two pools
    assert [(p.num_cpus, p.num_gpus, p.concurrency) for p in plan] == [
        (1.0, 0.0, 6),
        (2, 0.0, 3),
        (1.0, 1, 2),
    ]
    small = pools(stages[:2], settings)
    size_pools(small, {"CPU": 2}, settings, 1)
    assert (small[0].num_cpus, small[0].concurrency) == (1, 1)  # never every CPU
    two = pools(stages[1:3], settings)
    size_pools(two, {"CPU": 2}, settings, 1)
    assert [(p.num_cpus, p.concurrency) for p in two] == [(0.5, 1), (0.5, 1)]  # the headroom kept


def test_a_stage_runs_in_the_pool_of_the_stage_whose_memory_it_reuses(capsys):
    parse, words, use = Parse(), Words(), UseParse()
    stages = [
        BoundStage(parse, resources={"num_cpus": 0.5, "concurrency": 2}),
        BoundStage(words),
        BoundStage(use, resources={"num_cpus": 0.25}),
        BoundStage(Fragile()),
    ]
    plan = pools(stages, RaySettings.load({}, env={}))
    assert [[b.name for b in p.stages] for p in plan] == [
        ["parse", "words", "use_parse"],
        ["fragile"],
    ]
    # the most any stage asked for: words asked for nothing, its default does not count
    assert (plan[0].num_cpus, plan[0].concurrency) == (0.5, 2)
    assert "'use_parse' reuses what 'parse' leaves in memory (tokens)" in capsys.readouterr().err


def test_pools_that_cannot_fit_are_refused_with_the_arithmetic():
    settings = RaySettings.load({}, env={})
    docs_example = [  # ner {num_cpus: 0.5, concurrency: 2}, and dedup's map step
        BoundStage(Words(), resources={"num_cpus": 0.5, "concurrency": 2}),
        BoundStage(Fragile(), resources={"num_cpus": 0.25}),
    ]
    plan = pools(docs_example, settings)
    size_pools(plan, {"CPU": 2}, settings, 1)
    reserved = sum(p.concurrency * p.num_cpus for p in plan)
    assert reserved + READ_CPUS <= 2  # fits: what is left, nothing more
    default = pools([docs_example[0], BoundStage(Fragile())], settings)  # 1 CPU per actor
    size_pools(default, {"CPU": 2}, settings, 1)
    assert [(p.num_cpus, p.concurrency) for p in default] == [(0.5, 2), (0.75, 1)]
    too_many = pools([BoundStage(Words(), resources={"num_cpus": 1, "concurrency": 2})], settings)
    with pytest.raises(PresseError, match=r"reserve 2 CPUs and reading the shards 0.25: 2.25, "):
        size_pools(too_many, {"CPU": 2}, settings, 1)
