"""``presse new-plugin``: a ready-to-install plugin package with a stage and passing tests."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from presse.errors import PresseError

PYPROJECT = """\
[project]
name = "presse-{name}"
version = "0.1.0"
description = "presse plugin: the {name} stage"
readme = "README.md"
requires-python = ">=3.12"
dependencies = ["presse-core>={core_version}"]

[project.entry-points.presse]
{name} = "presse_{module}"

[dependency-groups]
dev = ["pytest>=8"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["presse_{module}"]
{sources}"""

MODULE = '''\
"""presse plugin: the `{name}` stage."""

from __future__ import annotations

from presse import Document, Stage, hookimpl


class {cls}(Stage):
    """Count the words of each document (replace this with what your stage does)."""

    name = "{name}"
    requires = ()
    provides = ("{name}",)

    class Params(Stage.Params):
        min_length: int = 1
        """Only words at least this long are counted."""

    def setup(self) -> None:
        """Load models or other heavy resources here (once per process), not at import."""

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            words = [w for w in doc.text.split() if len(w) >= self.params.min_length]
            doc["{name}"] = {{"words": len(words)}}
        return docs


@hookimpl
def register_stages(register):
    register({cls})
'''

TESTS = '''\
"""Tests for the `{name}` stage; run them with `uv run pytest`."""

import presse_{module}
from presse.testing import check_stage, run_stage
from presse_{module} import {cls}


def test_it_counts_words():
    doc, = run_stage({cls}, ["La Russie et l'Iran"], min_length=3)
    assert doc["{name}"] == {{"words": 2}}  # "Russie", "l'Iran"


def test_it_keeps_the_presse_stage_contract():
    check_stage({cls}, plugin=presse_{module})
'''

README = """\
# presse-{name}

A [presse](https://github.com/presse) plugin providing the `{name}` stage.

```bash
uv pip install -e .           # next to presse: the stage is usable at once
presse stages {name}           # its parameters
uv run pytest                  # its tests, including presse's conformance suite
```

```yaml
pipeline:
  - stage: {name}
    min_length: 3
```
"""


def _core_source() -> str:
    """Point the new plugin at this presse-core when it is installed from a local path."""
    try:
        direct = metadata.distribution("presse-core").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return ""
    if not direct:
        return ""
    url = json.loads(direct).get("url", "")
    if not url.startswith("file://"):
        return ""
    path = unquote(urlparse(url).path)
    return f'\n[tool.uv.sources]\npresse-core = {{ path = "{path}", editable = true }}\n'


def new_plugin(name: str, directory: Path) -> Path:
    """Write ``presse-<name>/`` under ``directory``; returns its path."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise PresseError(f"plugin name {name!r}: use lower-case letters, digits and _")
    root = directory / f"presse-{name.replace('_', '-')}"
    if root.exists():
        raise PresseError(f"{root} already exists")
    module = name
    cls = "".join(part.capitalize() for part in name.split("_"))
    try:
        core_version = metadata.version("presse-core")
    except metadata.PackageNotFoundError:  # pragma: no cover - source checkout
        core_version = "0.1.0"
    values = {
        "name": name,
        "module": module,
        "cls": cls,
        "core_version": core_version,
        "sources": _core_source(),
    }
    files = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"presse_{module}/__init__.py": MODULE,
        f"tests/test_{module}.py": TESTS,
    }
    for relative, template in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
    return root
