"""MinHash signatures and an LSH index behind a small interface (rensa by default).

Another library (datasketch, a GPU sketcher) fits by implementing :class:`MinHashBackend`:
the document index only calls these methods and stores the digests as ``uint32`` rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np


class MinHashBackend(Protocol):
    """Signatures of token sets and a banded LSH index over integer keys."""

    num_perm: int

    def sketch(self, token_sets: Sequence[Sequence[str]]) -> list[Any]:
        """One opaque signature per token set."""

    def digest(self, signature: Any) -> np.ndarray:
        """The signature as ``num_perm`` ``uint32`` values (stored for verification)."""

    def query(self, signature: Any) -> list[int]:
        """Keys whose signature shares at least one band with ``signature``."""

    def insert(self, key: int, signature: Any) -> None:
        """Add ``signature`` under ``key``."""

    def describe(self) -> dict[str, Any]:
        """Library, version and parameters, for the manifest and the persisted index."""

    def empty(self) -> MinHashBackend:
        """A backend with the same parameters and nothing indexed."""


class RensaBackend:
    """rensa's ``RMinHash`` and ``RMinHashLSH`` (Rust; fast signatures and index)."""

    def __init__(self, num_perm: int, num_bands: int, seed: int) -> None:
        import rensa

        if num_perm % num_bands:
            raise ValueError(f"num_perm={num_perm} is not a multiple of bands={num_bands}")
        self._rensa = rensa
        self.num_perm, self.num_bands, self.seed = num_perm, num_bands, seed
        self.lsh = rensa.RMinHashLSH(0.5, num_perm, num_bands)  # threshold unused by query()

    def sketch(self, token_sets: Sequence[Sequence[str]]) -> list[Any]:
        return self._rensa.RMinHash.from_token_sets(
            [list(t) for t in token_sets], self.num_perm, self.seed
        )

    def digest(self, signature: Any) -> np.ndarray:
        return np.asarray(signature.digest(), dtype=np.uint32)

    def query(self, signature: Any) -> list[int]:
        return self.lsh.query(signature)

    def insert(self, key: int, signature: Any) -> None:
        self.lsh.insert(key, signature)

    def empty(self) -> RensaBackend:
        return RensaBackend(self.num_perm, self.num_bands, self.seed)

    def describe(self) -> dict[str, Any]:
        from importlib.metadata import version

        return {
            "library": "rensa",
            "version": version("rensa"),
            "num_perm": self.num_perm,
            "bands": self.num_bands,
            "seed": self.seed,
        }

    def __getstate__(self) -> dict[str, Any]:
        return {
            "num_perm": self.num_perm,
            "num_bands": self.num_bands,
            "seed": self.seed,
            "lsh": self.lsh,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        import rensa

        self._rensa = rensa
        self.num_perm, self.num_bands, self.seed = (
            state["num_perm"],
            state["num_bands"],
            state["seed"],
        )
        self.lsh = state["lsh"]


BACKENDS = {"rensa": RensaBackend}


def make_backend(name: str, num_perm: int, num_bands: int, seed: int) -> MinHashBackend:
    """Instantiate the backend called ``name``."""
    return BACKENDS[name](num_perm, num_bands, seed)
