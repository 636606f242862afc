"""Fixtures: a registry with the example stages, and a helper to run a config."""

from __future__ import annotations

from pathlib import Path

import pytest

from presse.config import parse_config
from presse.registry import Registry, build_registry
from presse.runner import Run

from example_stages import ExamplePlugin, Outcome, install_into, read_jsonl


@pytest.fixture
def registry(monkeypatch) -> Registry:
    """The core's built-ins plus the example stages above, and no installed plugin."""
    monkeypatch.setenv("PRESSE_PLUGINS", "")
    reg = build_registry()
    reg.add_plugin(ExamplePlugin, "examples")
    return reg


@pytest.fixture
def run_config(registry, tmp_path):
    """Run YAML config text over inputs; return the report and every output file's records."""

    def run(yaml_text: str, inputs: list[str | Path], **options) -> Outcome:
        config = parse_config(yaml_text, "test.yaml", registry=registry, base_dir=tmp_path)
        out = tmp_path / "out.jsonl"
        report = Run(
            config, [str(i) for i in inputs], str(out), registry=registry, progress=False, **options
        ).execute()
        return Outcome(
            report,
            read_jsonl(out),
            read_jsonl(tmp_path / "out.errors.jsonl"),
            read_jsonl(tmp_path / "out.filtered.jsonl"),
        )

    return run


SHOUT_PLUGIN = '''
"""A third-party presse plugin, as small as STYLE.md promises."""
from presse import Document, Stage, hookimpl


class Shout(Stage):
    """Copy the first sentence of each document, upper-cased, to `shout`."""

    name = "shout"
    provides = ("shout",)

    class Params(Stage.Params):
        suffix: str = "!"
        """Appended to the shout."""

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc["shout"] = doc.text.split(".")[0].upper() + self.params.suffix
        return docs


class Pause(Stage):
    """Sleep a little per batch (to make runs long enough to interrupt)."""

    name = "pause"
    provides = ("paused",)

    class Params(Stage.Params):
        seconds: float = 0.01

    def process(self, docs):
        import time

        time.sleep(self.params.seconds)
        for doc in docs:
            doc["paused"] = True
        return docs


class RunningCount(Stage):
    """Corpus-level: number each document by how many documents with its first word came before."""

    name = "running_count"
    provides = ("seen_before",)
    corpus_level = True

    def setup(self):
        self.counts = {}

    def process(self, docs):
        for doc in docs:
            word = (doc.text.split() or [""])[0]
            doc["seen_before"] = self.counts.get(word, 0)
            self.counts[word] = doc["seen_before"] + 1
        return docs

    def save_state(self, directory):
        import json

        (directory / "counts.json").write_text(json.dumps(self.counts))

    def load_state(self, directory):
        import json

        self.counts = json.loads((directory / "counts.json").read_text())


class Sieve(Stage):
    """Filter documents that contain `skip`; raise on documents that contain `BOOM`."""

    name = "sieve"
    provides = ("sifted",)

    def process(self, docs):
        for doc in docs:
            if "BOOM" in doc.text:
                raise ValueError(f"cannot sift {doc.id}")
            if "skip" in doc.text:
                doc.filter("contains skip")
            doc["sifted"] = True
        return docs


@hookimpl
def register_stages(register):
    register(Shout)
    register(Pause)
    register(RunningCount)
    register(Sieve)
'''

FUTURE_PLUGIN = """
from presse import hookimpl


@hookimpl
def register_widgets(register):  # a hook this presse does not have
    pass
"""

PYPROJECT = """
[project]
name = "presse-{name}"
version = "1.2.3"
dependencies = []

[project.entry-points.presse]
{name} = "presse_{name}"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["presse_{name}"]
"""


def make_package(root, name: str, code: str):
    pkg = root / f"presse-{name}"
    (pkg / f"presse_{name}").mkdir(parents=True)
    (pkg / "pyproject.toml").write_text(PYPROJECT.format(name=name))
    (pkg / f"presse_{name}" / "__init__.py").write_text(code)
    return pkg


@pytest.fixture(scope="session")
def third_party_site(tmp_path_factory):
    """Two throwaway plugin packages, built and installed into a target directory.

    ``shout`` works; ``broken`` fails at import. Put the directory on ``PYTHONPATH`` to make
    both visible to a ``presse`` process, exactly as if they were pip-installed.
    """

    root = tmp_path_factory.mktemp("third_party")
    site = root / "site"
    packages = [
        make_package(root, "shout", SHOUT_PLUGIN),
        make_package(root, "broken", "import presse_dependency_that_does_not_exist\n"),
        make_package(root, "future", FUTURE_PLUGIN),
    ]
    return install_into(site, *packages)


@pytest.fixture
def presse_cli(third_party_site, tmp_path):
    """Run the real `presse` command in a subprocess, with the third-party plugins installed."""
    import os
    import subprocess
    import sys

    def run(*args: str, input: bytes | None = None, plugins: str | None = None, cwd=None):
        env = dict(os.environ, PYTHONPATH=str(third_party_site))
        env.pop("PRESSE_PLUGINS", None)
        if plugins is not None:
            env["PRESSE_PLUGINS"] = plugins
        return subprocess.run(
            [sys.executable, "-m", "presse", *args],
            input=input,
            capture_output=True,
            env=env,
            cwd=cwd or tmp_path,
        )

    return run
