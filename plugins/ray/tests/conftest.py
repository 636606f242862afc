"""A real local Ray instance (2 CPUs) for the session, and a helper running a config."""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path

import orjson
import pytest

from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run
from presse_ray.session import LOCAL_DEFAULTS

sys.path.append(str(Path(__file__).parent))  # ray_stages.py (appended: shadows nothing)

import ray_stages

S3_BUCKET = "presse-tests"


@pytest.fixture(scope="package")
def ray_instance():
    """Ray with 2 CPUs on 127.0.0.1; the test stages travel to it by value.

    It starts once for this package's tests; package scope shuts it down right after,
    before other packages' tests fork worker processes. An S3 server (moto) runs beside
    it on 127.0.0.1, with bucket ``presse-tests``; the AWS variables pointing at it are set
    before Ray starts, so its workers reach it as a cluster's nodes reach object storage.
    """
    mp = pytest.MonkeyPatch()
    for name, value in LOCAL_DEFAULTS.items():
        mp.setenv(name, value)
    server = s3_server(mp)
    ray = pytest.importorskip("ray")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        logging_level=logging.WARNING,
        _node_ip_address="127.0.0.1",
    )
    ray.cloudpickle.register_pickle_by_value(ray_stages)
    yield ray
    ray.shutdown()
    if server is not None:
        server.stop()
    mp.undo()


@pytest.fixture
def s3_bucket(ray_instance) -> str:
    """The S3 bucket of the server the Ray instance's workers reach."""
    pytest.importorskip("moto")
    return S3_BUCKET


def s3_server(mp: pytest.MonkeyPatch):
    """Start moto's S3 server on a free port of 127.0.0.1 and point the AWS variables at
    it; None when moto is not installed."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        return None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    for name, value in {
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        mp.setenv(name, value)
    import fsspec

    fsspec.filesystem("s3").mkdir(S3_BUCKET)
    return server


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


@pytest.fixture
def run_presse(tmp_path, monkeypatch):
    """Run a pipeline (YAML) with an executor over records; return report and outputs."""
    monkeypatch.setenv("PRESSE_PLUGINS", "ray,dedup,web,ner,stance")  # and the test stages
    registry = build_registry()
    registry.add_plugin(ray_stages.StagesPlugin, "ray-test-stages")

    def run(
        pipeline_yaml: str,
        records: list[dict],
        executor: str,
        workers: int = 1,
        options="",
        files: int = 1,
        resume: bool = False,
        name: str | None = None,
        run_options: str = "",
        inputs: list[Path] | None = None,
    ):
        """``records`` split into ``files`` JSON Lines files (the last one may hold a bad
        line when a record is a string), or else the files ``inputs``; the outputs are named
        after ``name``."""
        name = name or f"{executor}-{workers}"
        sources = [str(i) for i in inputs or ()]
        per_file = -(-len(records) // files)
        for index in range(files if inputs is None else 0):
            source = tmp_path / f"in-{index}.jsonl"
            part = records[index * per_file : (index + 1) * per_file]
            data = b"".join(
                (r.encode() if isinstance(r, str) else orjson.dumps(r)) + b"\n" for r in part
            )
            if not source.exists() or source.read_bytes() != data:  # keep mtimes for resume
                source.write_bytes(data)
            sources.append(str(source))
        text = (
            f"run:\n  executor: {executor}\n  workers: {workers}\n  batch_size: 16\n"
            + (f"  executor_options: {options}\n" if options else "")
            + run_options
            + pipeline_yaml
        )
        config = parse_config(text, "t.yaml", registry=registry, base_dir=tmp_path)
        out = tmp_path / f"{name}.jsonl"
        report = Run(
            config, sources, str(out), registry=registry, progress=False, resume=resume
        ).execute()
        return {
            "report": report,
            "records": read_jsonl(out),
            "errors": read_jsonl(tmp_path / f"{name}.errors.jsonl"),
            "filtered": read_jsonl(tmp_path / f"{name}.filtered.jsonl"),
        }

    return run
