"""The writer interface: where JSON Lines go, written atomically."""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path
from typing import ClassVar


class Writer:
    """Base class of output writers (register them with ``register_writers``).

    The runner serialises each record to one JSON line (``bytes`` ending in ``\\n``) and
    hands batches of lines to :meth:`write`. A writer to a file must write to a temporary
    name and only move it into place in :meth:`commit`, so that a crashed run never leaves
    a half-written file that looks finished; :meth:`abort` throws the temporary away.
    ``path`` is ``None`` for standard output.
    """

    format: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def write(self, lines: list[bytes]) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        """Make the output final (flush, fsync, rename into place)."""

    def abort(self) -> None:
        """Drop what was written (the final path is left untouched)."""


def umask() -> int:
    """The process's file-creation mask."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def fsync_replace(tmp: Path, final: Path) -> None:
    """Flush ``tmp`` to disk and rename it over ``final``."""
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, final)


def temporary_name(path: Path, tag: str) -> Path:
    """The temporary file beside ``path`` a writer fills before renaming it over ``path``:
    ``.<name>.<tag>.tmp``, which :func:`remove_temporaries` recognises."""
    return path.with_name(f".{path.name}.{tag}.tmp")


def remove_temporaries(path: Path) -> None:
    """Remove the temporary files of ``path`` left by a writer that was killed (SIGKILL,
    power loss): only call it while no one else may be writing ``path``."""
    mine = re.compile(rf"\.{re.escape(path.name)}\.\w+\.tmp")
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        if mine.fullmatch(stale.name):
            stale.unlink(missing_ok=True)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: a temporary file beside it, fsynced and
    renamed; the temporary file is removed whatever happens (Ctrl-C, a full disk)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path, str(os.getpid()))
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
