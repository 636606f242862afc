"""The persistent index: one pickle file, written atomically, tagged with its parameters.

A later run loads it in ``setup()`` and refuses it when a parameter that changes hashes or
signatures differs (thresholds may change freely: they only affect verification). The file
is a Python pickle: load only indexes you wrote yourself.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from presse import PresseError
from presse.writing import AtomicFile

FORMAT = 3  # 2: flat sentence names and plain-word flags; 3: informative-word flags


def save(path: Path, params: dict[str, Any], state: dict[str, Any]) -> None:
    """Write ``state`` to ``path`` atomically (temporary file, then rename)."""
    with AtomicFile(path) as handle:
        pickle.dump(
            {"format": FORMAT, "params": params, "state": state},
            handle,
            protocol=pickle.HIGHEST_PROTOCOL,
        )


def load(path: Path, params: dict[str, Any]) -> dict[str, Any] | None:
    """The saved state, ``None`` when there is no index yet; raise if it is incompatible."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            saved = pickle.load(handle)
    except Exception as exc:
        raise PresseError(
            f"dedup index {path} cannot be read ({type(exc).__name__}: {exc}); "
            "delete it to start a new index"
        ) from exc
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        raise PresseError(f"dedup index {path} has an unknown format; delete it to start anew")
    differ = {
        k: (saved["params"].get(k), v) for k, v in params.items() if saved["params"].get(k) != v
    }
    if differ:
        details = ", ".join(
            f"{k}: index has {old!r}, config has {new!r}"
            for k, (old, new) in sorted(differ.items())
        )
        raise PresseError(
            f"dedup index {path} was built with other parameters ({details}); "
            "use the same values or another index path"
        )
    return saved["state"]
