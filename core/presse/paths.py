"""Path safety: the files a run will write are checked before it does any work.

Every file presse writes must be a regular file or not exist yet. A directory, a device, a
fifo or a socket is refused, and so is a symbolic link: presse publishes by renaming a
finished file over the path, which would replace the link itself, not what it points to.
No two outputs may share a path, no output may be an input, and no output may lie where
the inputs are read from (the next run would read it back).
"""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from pathlib import Path

from presse.errors import PresseError


def real(path: Path) -> Path:
    """``path`` with its directories resolved, its last component left as it is."""
    return Path(os.path.realpath(path.parent)) / path.name


def check_writable(label: str, path: Path) -> None:
    """Refuse a path that is not a regular file (or absent)."""
    folder = next((p for p in path.parents if os.path.lexists(p)), None)
    if folder is not None and folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise PresseError(f"{label} {path}: cannot write in {folder} (permission denied)")
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise PresseError(f"{label} {path}: {exc.strerror}") from None
    if stat.S_ISLNK(mode):
        raise PresseError(
            f"{label} {path} is a symbolic link: presse would replace the link, not its "
            f"target; give the target's path ({os.path.realpath(path)})"
        )
    if stat.S_ISDIR(mode):
        raise PresseError(f"{label} {path} is a directory; give a file name")
    if not stat.S_ISREG(mode):
        raise PresseError(
            f"{label} {path} is a device or special file, not a regular file; "
            "to discard a stream, write to a file and delete it"
        )


def check_paths(
    outputs: dict[str, Path | None], inputs: list[Path], input_specs: list[Path]
) -> None:
    """Refuse unsafe ``outputs`` (label → path) given the input files and the specs
    (files, folders, patterns) they came from; raises :class:`PresseError`."""
    seen: dict[Path, str] = {}
    for label, path in outputs.items():
        if path is None:
            continue
        check_writable(label, path)
        where = real(path)
        if where in seen:
            raise PresseError(f"{seen[where]} and {label} are the same file: {path}")
        seen[where] = label
    read = {Path(os.path.realpath(p)) for p in inputs}  # inputs are read through links
    files = {_identity(p) for p in inputs} - {None}  # and hard links
    for where, label in seen.items():
        if where in read or _identity(where) in files:
            raise PresseError(f"{label} {where} is also an input: it would be overwritten")
        for spec in input_specs:
            if _reads(spec, where):
                raise PresseError(
                    f"{label} {where} is inside the inputs ({spec}): the next run would read "
                    "it back; write it elsewhere"
                )


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _reads(spec: Path, where: Path) -> bool:
    """Whether reading ``spec`` (a folder or a pattern) would pick up the file ``where``."""
    if where.name.startswith("."):  # folders are walked without hidden files
        return False
    if glob.has_magic(str(spec)):
        return fnmatch.fnmatchcase(str(where), os.path.abspath(spec))
    if spec.is_dir():
        return where.is_relative_to(Path(os.path.realpath(spec)))
    return False
