"""``python slow_run.py IN OUT [--resume]``: a slow pipeline over a table, for kill tests."""

from __future__ import annotations

import sys
import time
from typing import ClassVar

from presse import Stage, hookimpl
from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run

CONFIG = """
input: {id_field: article_id, text_field: body}
run: {batch_size: 10, checkpoint_every: 40}
pipeline: [{stage: slow}]
"""


class Slow(Stage):
    """Count the characters of each text, slowly."""

    name = "slow"
    provides = ("chars",)
    output_schema: ClassVar[dict] = {"chars": {"type": "integer"}}

    def process(self, docs):
        time.sleep(0.004 * len(docs))
        for doc in docs:
            doc["chars"] = len(doc.text)
        return docs


class SlowPlugin:
    @staticmethod
    @hookimpl
    def register_stages(register):
        register(Slow)


def main(source: str, output: str, *flags: str) -> None:
    registry = build_registry()
    registry.add_plugin(SlowPlugin, "slow")
    config = parse_config(CONFIG, registry=registry)
    run = Run(
        config, [source], output, registry=registry, progress=False, resume="--resume" in flags
    )
    run.execute()


if __name__ == "__main__":
    main(*sys.argv[1:])
