"""How records name their input file (``meta.source``, ``source`` of error records).

Two clones of the same corpus, run the same way, must give the same records, so a file named
by a relative path is recorded relative to the working directory, and every name is
normalised. The rules are those of ``os.path`` and are documented in docs/output-format.md.
"""

from __future__ import annotations

import os
from pathlib import Path


def given_as_absolute(spec: str) -> bool:
    """An input argument the user wrote as an absolute path (``~`` counts as absolute)."""
    return Path(spec).expanduser().is_absolute()


def source_name(path: Path, cwd: Path, absolute: bool) -> str:
    """The recorded name of ``path``: ``normpath(relpath(path, cwd))``, or ``normpath(path)``
    when its argument was absolute. Purely lexical: ``..`` stays when the file is outside
    ``cwd``, symbolic links are not resolved."""
    if not absolute:
        try:
            return os.path.normpath(os.path.relpath(path, cwd))
        except ValueError:  # another drive (Windows): no relative path exists
            pass
    return os.path.normpath(path)
