"""Small example stages and JSONL helpers used across the core tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import orjson

from presse import Document, Stage, hookimpl
from presse.report import RunReport

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "docs" / "examples"


class Upper(Stage):
    """Write the upper-cased first words of the text to `upper`."""

    name = "upper"
    provides = ("upper",)
    output_schema: ClassVar[dict] = {"upper": {"type": "string", "maxLength": 12}}

    class Params(Stage.Params):
        length: int = 20
        """How many characters to keep."""

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc["upper"] = doc.text[: self.params.length].upper()
        return docs


class Explode(Stage):
    """Raise on documents whose text contains `trigger`."""

    name = "explode"
    provides = ("checked",)

    class Params(Stage.Params):
        trigger: str = "BOOM"
        """Raise on documents containing this."""

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            if self.params.trigger in doc.text:
                raise ValueError(f"cannot handle {doc.id}")
            doc["checked"] = True
        return docs


class Tagger(Stage):
    """Provide `entities` (every capitalised word)."""

    name = "tagger"
    provides = ("entities",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc["entities"] = [w for w in doc.text.split() if w[:1].isupper()]
        return docs


class Linker(Stage):
    """Needs `entities` from an earlier stage."""

    name = "linker"
    requires = ("entities",)
    provides = ("links",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc["links"] = len(doc["entities"])
        return docs


class Dropper(Stage):
    """Breaks the contract: returns one document fewer than it got."""

    name = "dropper"
    provides = ("dropped",)

    def process(self, docs: list[Document]) -> list[Document]:
        return docs[:-1]


class Keep(Stage):
    """Filter out documents that do not start with `prefix`; skip empty ones."""

    name = "keep"
    provides = ("kept",)

    class Params(Stage.Params):
        prefix: str = "a"
        """Documents must start with this."""

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            if not doc.text:
                doc.skip("empty text")
            elif not doc.text.startswith(self.params.prefix):
                doc.filter(f"does not start with {self.params.prefix!r}")
            doc["kept"] = True
        return docs


class Weird(Stage):
    """Write a value JSON cannot hold for documents whose text is `weird`."""

    name = "weird"
    provides = ("weird",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc["weird"] = object() if doc.text == "weird" else None
        return docs


class Numbering(Stage):
    """Corpus-level: number the documents in stream order."""

    name = "numbering"
    provides = ("number",)
    corpus_level = True

    def setup(self) -> None:
        self.seen = 0

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc["number"] = self.seen
            self.seen += 1
        return docs

    def save_state(self, directory: Path) -> None:
        (directory / "seen").write_text(str(self.seen))

    def load_state(self, directory: Path) -> None:
        self.seen = int((directory / "seen").read_text())


class Crash(Stage):
    """Kill the worker process on documents whose text is `crash` (as a segfault would)."""

    name = "crash"
    provides = ("survived",)

    def process(self, docs: list[Document]) -> list[Document]:
        import os

        for doc in docs:
            if doc.text == "crash":
                os._exit(13)
            doc["survived"] = os.getpid()
        return docs


def plugin_for(*stages: type[Stage]) -> object:
    """A plugin object registering ``stages``, for ``registry.add_plugin`` in tests."""

    class Plugin:
        @staticmethod
        @hookimpl
        def register_stages(register):
            for stage in stages:
                register(stage)

    return Plugin


class ExamplePlugin:
    @staticmethod
    @hookimpl
    def register_stages(register):
        for stage in (Upper, Explode, Tagger, Linker, Dropper, Keep, Weird, Numbering, Crash):
            register(stage)


@dataclass
class Outcome:
    report: RunReport
    records: list[dict]
    errors: list[dict]
    filtered: list[dict]


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def install_into(site: Path, *packages: Path) -> Path:
    """Build and install plugin packages into ``site`` (put it on PYTHONPATH to use them),
    exactly as pip would, with the uv that runs the tests."""
    import os
    import shutil
    import subprocess
    import sys

    uv = os.environ.get("UV") or shutil.which("uv")
    assert uv, "the tests run under `uv run pytest`, so uv is on PATH"
    command = [uv, "pip", "install", "--quiet", "--no-deps", "--python", sys.executable]
    subprocess.run([*command, "--target", str(site), *map(str, packages)], check=True)
    return site
