"""A file presse writes appears whole or not at all (presse.writing.AtomicFile)."""

from __future__ import annotations

import os

import pytest

from presse.writing import AtomicFile, atomic_write


def test_a_committed_file_replaces_the_old_one_with_the_umask_permissions(tmp_path):
    path = tmp_path / "out.html"
    path.write_text("old")
    with AtomicFile(path, encoding="utf-8") as out:
        out.write("<p>Alep, été 2016</p>")
        assert path.read_text() == "old"  # nothing visible before the commit
    assert path.read_text(encoding="utf-8") == "<p>Alep, été 2016</p>"
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
    assert os.listdir(tmp_path) == ["out.html"]


def test_an_exception_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "index.pickle"
    atomic_write(path, b"v1")
    with pytest.raises(KeyboardInterrupt), AtomicFile(path) as handle:
        handle.write(b"half of v2")
        raise KeyboardInterrupt
    assert path.read_bytes() == b"v1"
    assert os.listdir(tmp_path) == ["index.pickle"]


def test_a_failed_commit_removes_the_temporary(tmp_path):
    (tmp_path / "out.jsonl").mkdir()  # a directory cannot be replaced by a file
    file = AtomicFile(tmp_path / "out.jsonl")
    file.handle.write(b"{}\n")
    with pytest.raises(IsADirectoryError):
        file.commit()
    assert os.listdir(tmp_path) == ["out.jsonl"]
