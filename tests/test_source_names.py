"""Records name their input files relative to the working directory, normalised; the
absolute root is in the manifest only (docs/output-format.md, "Where a record came from")."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson

from presse.config import load_config
from presse.reading import source_name
from presse.runner import Run

from example_stages import read_jsonl

CONFIG = "input: {paths: ['../corpus']}\npipeline: [{stage: upper}]\n"


def corpus_clone(root: Path) -> Path:
    """A project: configs/pipe.yaml reading ../corpus, with one good and one bad text."""
    (root / "configs").mkdir(parents=True)
    (root / "configs" / "pipe.yaml").write_text(CONFIG)
    (root / "corpus" / "fr").mkdir(parents=True)
    (root / "corpus" / "fr" / "a.txt").write_text("date 2024-11-30 Titre\nUn texte.\n")
    (root / "corpus" / "b.txt").write_bytes("Médias".encode("latin-1"))
    return root


def run(registry, config: Path, inputs: list[str] | None, output: Path) -> list[dict]:
    Run(
        load_config(config, registry=registry),
        inputs,
        str(output),
        registry=registry,
        progress=False,
    ).execute()
    return read_jsonl(output)


def test_the_rules_are_those_of_normpath_and_relpath(tmp_path):
    cwd = tmp_path / "project"
    assert source_name(cwd / "configs" / ".." / "corpus" / "a.txt", cwd, False) == os.path.join(
        "corpus", "a.txt"
    )
    assert source_name(cwd / "./corpus//b.txt", cwd, False) == os.path.join("corpus", "b.txt")
    assert source_name(tmp_path / "elsewhere" / "c.txt", cwd, False) == os.path.join(
        "..", "elsewhere", "c.txt"
    )
    absolute = tmp_path / "x" / ".." / "d.txt"
    assert source_name(absolute, cwd, True) == str(tmp_path / "d.txt")


def test_config_paths_are_recorded_from_the_working_directory(registry, tmp_path, monkeypatch):
    root = corpus_clone(tmp_path / "clone")
    monkeypatch.chdir(root)
    records = run(registry, Path("configs/pipe.yaml"), None, root / "out.jsonl")
    assert [r["meta"]["source"] for r in records] == [os.path.join("corpus", "fr", "a.txt")]
    (error,) = read_jsonl(root / "out.errors.jsonl")
    assert error["source"] == os.path.join("corpus", "b.txt")
    manifest = orjson.loads((root / "out.jsonl.manifest.json").read_bytes())
    assert manifest["input_root"] == str(root)
    assert manifest["inputs"] == ["../corpus"]
    assert str(root) not in (root / "out.jsonl").read_text()


def test_two_clones_of_a_corpus_give_the_same_records(registry, tmp_path, monkeypatch):
    outputs = []
    for name in ("first", "second/deeper"):
        root = corpus_clone(tmp_path / name)
        monkeypatch.chdir(root)
        run(registry, Path("configs/pipe.yaml"), None, root / "out.jsonl")
        outputs.append((root / "out.jsonl").read_bytes())
        outputs.append((root / "out.errors.jsonl").read_bytes())
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]


def test_command_line_inputs_relative_and_absolute(registry, tmp_path, monkeypatch):
    root = corpus_clone(tmp_path / "clone")
    monkeypatch.chdir(root / "configs")
    records = run(registry, Path("pipe.yaml"), ["../corpus/./fr"], root / "out.jsonl")
    assert records[0]["meta"]["source"] == os.path.join("..", "corpus", "fr", "a.txt")
    unnormalised = f"{root}/configs/../corpus/fr/a.txt"
    records = run(registry, Path("pipe.yaml"), [unnormalised], root / "out.jsonl")
    assert records[0]["meta"]["source"] == str(root / "corpus" / "fr" / "a.txt")


def test_replay_rereads_a_fixed_source_by_its_recorded_name(registry, tmp_path, monkeypatch):
    root = corpus_clone(tmp_path / "clone")
    monkeypatch.chdir(root)
    run(registry, Path("configs/pipe.yaml"), None, root / "out.jsonl")
    (root / "corpus" / "b.txt").write_text("Médias, réparé.")
    shutil.copy(root / "out.errors.jsonl", root / "dead.jsonl")
    replay = root / "configs" / "replay.yaml"
    replay.write_text("input: {format: presse-errors}\npipeline: [{stage: upper}]\n")
    (record,) = run(registry, replay, ["dead.jsonl"], root / "replayed.jsonl")
    assert record["text"] == "Médias, réparé."
    assert record["meta"]["source"] == os.path.join("corpus", "b.txt")
