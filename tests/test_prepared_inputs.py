"""A reader can hand heavy work to a stage (Reader.prepare), and pass over records that hold
no document (NotADocument): what presse-web does with web pages and archives."""

from __future__ import annotations

import orjson
import pytest

from presse import Document, NotADocument, Origin, PresseError, Reader, ReadFailure, Stage
from presse.config import parse_config
from presse.hookspecs import hookimpl
from presse.runner import Run

from example_stages import read_jsonl


class Notes(Reader):
    """``.notes`` files: a line ``# comment`` holds no document; other lines are raw text
    that the ``unfold`` stage turns into the document's text."""

    format = "notes"
    suffixes = (".notes",)
    prepare = "unfold"

    def read(self, source):
        with source.open_binary() as handle:
            for number, line in enumerate(handle, start=1):
                origin = Origin(source.name, number)
                text = line.decode().strip()
                if text.startswith("#"):
                    yield NotADocument(origin, "comment line")
                elif not text:
                    yield ReadFailure(origin, "missing_text", "empty line")
                else:
                    doc = Document.of(f"n{number}", "", {"source": source.name})
                    doc.origin, doc.original = origin, {"id": f"n{number}", "text": ""}
                    doc["raw"] = text
                    yield doc


class Unfold(Stage):
    """Raw text ``a|b`` becomes ``a b`` (the work the reading process leaves to stages)."""

    name = "unfold"

    def process(self, docs):
        for doc in docs:
            raw = doc.pop("raw", None)
            if raw is not None:
                doc["text"] = raw.replace("|", " ")
        return docs


class Shout(Stage):
    name = "shout"
    provides = ("shout",)

    def process(self, docs):
        for doc in docs:
            doc["shout"] = doc.text.upper()
        return docs


class NotesPlugin:
    @staticmethod
    @hookimpl
    def register_readers(register):
        register(Notes)

    @staticmethod
    @hookimpl
    def register_stages(register):
        register(Unfold)
        register(Shout)


@pytest.fixture
def notes(registry, tmp_path):
    registry.add_plugin(NotesPlugin, "notes")
    path = tmp_path / "week.notes"
    path.write_text("# lundi\nAlep|reprise\n\n# mardi\nMarseille|port\n")
    return path


@pytest.mark.parametrize("workers", [1, 2])
def test_the_prepare_stage_runs_first_wherever_stages_run(registry, notes, tmp_path, workers):
    config = parse_config(
        f"run: {{workers: {workers}}}\npipeline: [{{stage: shout}}]", registry=registry
    )
    report = Run(
        config, [str(notes)], str(tmp_path / "o.jsonl"), registry=registry, progress=False
    ).execute()
    records = read_jsonl(tmp_path / "o.jsonl")
    assert [(r["text"], r["shout"]) for r in records] == [
        ("Alep reprise", "ALEP REPRISE"),
        ("Marseille port", "MARSEILLE PORT"),
    ]
    assert all("raw" not in r for r in records)
    assert list(report.stages) == ["unfold", "shout"]
    assert dict(report.not_documents) == {"comment line": 2}
    assert (report.read, report.written, report.failed) == (3, 2, 1) and report.balanced
    saved = orjson.loads((tmp_path / "o.jsonl.manifest.json").read_bytes())
    assert [s["stage"] for s in saved["stages"]] == ["unfold", "shout"]


def test_an_empty_pipeline_reads_and_writes(registry, notes, tmp_path):
    config = parse_config("pipeline: []", registry=registry)
    Run(
        config, [str(notes)], str(tmp_path / "o.jsonl"), registry=registry, progress=False
    ).execute()
    assert [r["text"] for r in read_jsonl(tmp_path / "o.jsonl")] == [
        "Alep reprise",
        "Marseille port",
    ]


def test_a_missing_prepare_stage_is_refused_before_any_work(registry, tmp_path):
    class Orphan(Notes):
        format = "orphan"
        suffixes = (".orphan",)
        prepare = "nowhere"

    class OrphanPlugin:
        @staticmethod
        @hookimpl
        def register_readers(register):
            register(Orphan)

    registry.add_plugin(OrphanPlugin, "orphan")
    path = tmp_path / "a.orphan"
    path.write_text("x\n")
    config = parse_config("pipeline: []", registry=registry)
    run = Run(config, [str(path)], str(tmp_path / "o.jsonl"), registry=registry, progress=False)
    with pytest.raises(PresseError, match="need stage 'nowhere'"):
        run.execute()
    assert not (tmp_path / "o.jsonl").exists()
