"""The writer interface: where JSON Lines go, written atomically."""

from __future__ import annotations

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
