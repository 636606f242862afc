"""The documentation stays correct: its configs validate, its code runs, it builds strictly."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys

import pytest

from presse.config import parse_config
from presse.testing import check_stage, run_stage

from example_stages import REPO

DOCS = REPO / "docs"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[tuple[str, str]]:
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        for lang, body in FENCE.findall(page.read_text(encoding="utf-8")):
            if lang == language:
                found.append((str(page.relative_to(REPO)), body))
    return found


PLUGIN_PAGE = "docs/writing-a-plugin.md"
CONFIGS = [
    (page, body) for page, body in blocks("yaml") if "pipeline:" in body and page != PLUGIN_PAGE
]


@pytest.mark.parametrize(("page", "config"), CONFIGS, ids=[p for p, _ in CONFIGS])
def test_config_examples_in_the_docs_validate(page, config):
    parse_config(config, page, base_dir=REPO / "configs")


def test_the_plugin_example_in_the_docs_runs(tmp_path, monkeypatch, registry):
    (code,) = [body for page, body in blocks("python") if page == PLUGIN_PAGE]
    (tmp_path / "presse_shout_doc.py").write_text(code)  # a real module: docstrings readable
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("presse_shout_doc")
    (doc,) = run_stage(module.Shout, ["Alep est reprise. Le reste suit."], suffix=" !!")
    assert doc["shout"] == "ALEP EST REPRISE !!"
    check_stage(module.Shout, plugin=module)
    registry.add_plugin(module, "shout")
    (config,) = [body for page, body in blocks("yaml") if page == PLUGIN_PAGE]
    assert parse_config(config, PLUGIN_PAGE, registry=registry).pipeline[0].params == {
        "suffix": " !!"
    }


def test_the_documentation_builds_strictly(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    stages = (tmp_path / "reference" / "stages" / "index.html").read_text()
    assert "min_confidence" in stages or "<code>ner</code>" in stages


def test_the_published_document_schema_is_the_generated_one():
    import orjson

    from presse.config import load_config
    from presse.registry import get_registry
    from presse.schema import document_schema

    config = load_config(REPO / "configs" / "news-fr.yaml")
    classes = [get_registry().stage(entry.stage) for entry in config.pipeline]
    published = orjson.loads((DOCS / "document.schema.json").read_bytes())
    assert published == document_schema(classes), (
        "regenerate it: uv run presse schema configs/news-fr.yaml > docs/document.schema.json"
    )
