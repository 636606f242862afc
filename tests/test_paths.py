"""Path safety: an unsafe output path is refused before any work, and nothing is touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from presse.config import parse_config
from presse.errors import PresseError
from presse.locking import lock_path
from presse.runner import Run, workdir_for

from example_stages import write_jsonl


def corpus(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    return write_jsonl(folder / "in.jsonl", [{"id": f"d{i}", "text": f"t {i}"} for i in range(5)])


def fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    return {"output": str(tmp_path / "pipe")}


def symlink(tmp_path):
    (tmp_path / "target.jsonl").write_bytes(b"precious\n")
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "target.jsonl")
    return {"output": str(tmp_path / "link.jsonl")}


CASES = {
    "directory": (lambda t: (t / "d").mkdir() or {"output": str(t / "d")}, "is a directory"),
    "device or fifo": (fifo, "is a device or special file"),
    "symlink": (symlink, "is a symbolic link"),
    "the input": (lambda t: {"output": str(t / "inputs" / "in.jsonl")}, "is also an input"),
    "a link to the input": (
        lambda t: (
            (t / "link.jsonl").symlink_to(t / "inputs" / "in.jsonl")
            or {"output": str(t / "inputs" / "in.jsonl"), "inputs": [str(t / "link.jsonl")]}
        ),
        "is also an input",
    ),
    "a hard link to the input": (
        lambda t: (
            os.link(t / "inputs" / "in.jsonl", t / "hard.jsonl")
            or {"output": str(t / "hard.jsonl")}
        ),
        "is also an input",
    ),
    "errors = output": (
        lambda t: {"output": str(t / "o.jsonl"), "errors": str(t / "o.jsonl")},
        "output and errors output are the same file",
    ),
    "report = output": (
        lambda t: {"output": str(t / "o.jsonl"), "report": str(t / "o.jsonl")},
        "output and report are the same file",
    ),
    "inside an input folder": (
        lambda t: {"output": str(t / "inputs" / "out.jsonl"), "inputs": [str(t / "inputs")]},
        "is inside the inputs",
    ),
    "errors inside the inputs": (
        lambda t: {
            "output": str(t / "o.jsonl"),
            "errors": str(t / "inputs" / "e.jsonl"),
            "inputs": [str(t / "inputs")],
        },
        "errors output .* is inside the inputs",
    ),
    "matched by an input pattern": (
        lambda t: {"output": str(t / "inputs" / "o.jsonl"), "inputs": [str(t / "inputs/*.jsonl")]},
        "is inside the inputs",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_unsafe_paths_are_refused_before_any_work(registry, tmp_path, case):
    make, message = CASES[case]
    path = corpus(tmp_path)
    options = {"inputs": [str(path)], **make(tmp_path)}
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()}
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    with pytest.raises(PresseError, match=message):
        Run(config, registry=registry, progress=False, **options).execute()
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()}
    assert after == before
    output = Path(options["output"])
    assert not workdir_for(output).exists() and not lock_path(output).exists()


def test_an_unsafe_output_is_one_error_line_and_exit_1(presse_cli, tmp_path):
    path = corpus(tmp_path)
    (tmp_path / "p.yaml").write_text("pipeline: [{stage: shout}]\n")
    done = presse_cli("run", "p.yaml", str(path), "-o", str(path), "-q")
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        f"error: output {path} is also an input: it would be overwritten"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write in any folder")
def test_an_output_in_a_folder_that_cannot_be_written_is_refused(registry, tmp_path):
    path = corpus(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    try:
        with pytest.raises(PresseError, match=r"cannot write in .*locked"):
            Run(config, [str(path)], str(locked / "o.jsonl"), registry=registry).execute()
    finally:
        locked.chmod(0o700)
