"""Stream mode loses a node mid-run: it goes on with the actors it has, output unchanged.

A two-node Ray cluster on this machine (ray.cluster_utils.Cluster: a head with 1 CPU and a
worker node with 2). This module runs before the package's single-node instance starts
(its name sorts first) and shuts its cluster down at the end.
"""

from __future__ import annotations

import threading
import time

import pytest
import ray_stages

from presse_ray.session import LOCAL_DEFAULTS, runtime_env

PIPELINE = "pipeline:\n  - stage: words\n  - stage: paced\n    seconds: 0.04\n"


def test_losing_a_node_in_stream_mode_leaves_the_output_unchanged(
    run_presse, tmp_path, monkeypatch, capsys
):
    for name, value in LOCAL_DEFAULTS.items():  # before Ray is imported: it reads them then
        monkeypatch.setenv(name, value)
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    if ray.is_initialized():
        pytest.skip("needs its own cluster: run before the package's Ray instance")
    records = [{"id": f"d{i:03d}", "text": "mot " * (i % 17 + 1)} for i in range(240)]
    local = run_presse(PIPELINE, records, "local", name="local")
    marker = tmp_path / "started"
    marker.unlink()  # the local run's: the Ray run touches it again once under way

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    worker = cluster.add_node(num_cpus=2)
    try:
        ray.init(address=cluster.address, logging_level="ERROR", runtime_env=runtime_env())
        ray.cloudpickle.register_pickle_by_value(ray_stages)
        outcome: dict = {}

        def run() -> None:
            try:
                outcome.update(
                    run_presse(
                        PIPELINE,
                        records,
                        "ray",
                        options="{mode: stream, actors: 2, actor_cpus: 1, in_flight: 4}",
                        name="ray",
                    )
                )
            except Exception as exc:  # shown by the assertion below
                outcome["error"] = exc

        thread = threading.Thread(target=run)
        thread.start()
        deadline = time.monotonic() + 120
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert marker.exists(), "the run did not start"
        time.sleep(1.0)
        cluster.remove_node(worker, allow_graceful=False)  # at least one actor was there
        thread.join(timeout=300)
        assert not thread.is_alive()
    finally:
        ray.shutdown()
        cluster.shutdown()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["records"] == local["records"]
    assert outcome["report"].status == "ok" and outcome["report"].failed == 0
    err = capsys.readouterr().err
    assert "died" in err
    assert "lost with its node: sent again (not counted as a crash)" in err
