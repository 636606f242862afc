"""``python ray_driver.py ADDRESS CONFIG OUT INPUT... [--resume]``: a presse run on the Ray
instance at ADDRESS in a process of its own, for tests that kill the driver; the report is
written to ``OUT.report.json``."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import ray
import ray_stages

from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run


def main(address: str, config: str, output: str, *rest: str) -> None:
    ray.init(address=address, logging_level="WARNING")
    ray.cloudpickle.register_pickle_by_value(ray_stages)  # the workers cannot import it
    registry = build_registry()
    registry.add_plugin(ray_stages.StagesPlugin, "ray-test-stages")
    text = Path(config).read_text()
    inputs = [arg for arg in rest if arg != "--resume"]
    run = Run(
        parse_config(text, config, registry=registry),
        inputs,
        output,
        registry=registry,
        progress=False,
        resume="--resume" in rest,
    )
    report = run.execute()
    Path(f"{output}.report.json").write_bytes(orjson.dumps(report.to_dict()))
    sys.exit(0 if report.status == "ok" else 1)


if __name__ == "__main__":
    main(*sys.argv[1:])
