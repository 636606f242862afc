"""Growable numpy columns: compact per-item storage for indexes that only append."""

from __future__ import annotations

import numpy as np


class Column:
    """An append-only array of rows (``width`` values of ``dtype`` each), doubling as it grows."""

    def __init__(self, dtype: str, width: int = 0, capacity: int = 1024) -> None:
        shape = (capacity, width) if width else (capacity,)
        self._data = np.zeros(shape, dtype=dtype)
        self.size = 0

    def append(self, value) -> int:
        if self.size == len(self._data):
            self._grow(self.size + 1)
        self._data[self.size] = value
        self.size += 1
        return self.size - 1

    def extend(self, values: np.ndarray) -> None:
        n = len(values)
        if self.size + n > len(self._data):
            self._grow(self.size + n)
        self._data[self.size : self.size + n] = values
        self.size += n

    def _grow(self, needed: int) -> None:
        shape = (max(needed, 2 * len(self._data)), *self._data.shape[1:])
        try:
            # in place (realloc: for large arrays the kernel remaps the pages instead of
            # copying them, and the old half needs no fresh page faults); new rows are zeros
            self._data.resize(shape, refcheck=True)
        except ValueError:  # a view of the array is alive, or it does not own its memory
            grown = np.zeros(shape, dtype=self._data.dtype)
            grown[: self.size] = self._data[: self.size]
            self._data = grown

    @property
    def values(self) -> np.ndarray:
        return self._data[: self.size]

    def __getitem__(self, index):
        return self._data[: self.size][index]

    def __setitem__(self, index, value) -> None:
        self._data[: self.size][index] = value

    def __len__(self) -> int:
        return self.size

    def nbytes(self) -> int:
        return self._data.nbytes

    def __getstate__(self) -> dict:
        return {"data": self.values.copy(), "size": self.size}

    def __setstate__(self, state: dict) -> None:
        self._data, self.size = state["data"], state["size"]
        if len(self._data) == 0:
            self._data = np.zeros((1, *self._data.shape[1:]), dtype=self._data.dtype)
