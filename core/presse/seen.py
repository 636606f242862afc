"""A compact set of id hashes: how the runner notices a document id it has met before."""

from __future__ import annotations

from array import array

_MASK = (1 << 64) - 1


class SeenIds:
    """The 64-bit hashes of the ids met so far, in one open-addressing table of ``uint64``:
    16 to 32 bytes an id, where a ``set`` of Python ints takes 50 to 100 (each hash is a
    32-byte int object, plus the set's slots).

    Linear probing, at most half full; 0 marks an empty slot, so a hash of 0 is stored as 1
    (one more collision in 2**64, the odds every 64-bit hash already takes).
    """

    def __init__(self) -> None:
        self._table = array("Q", bytes(8 * 1024))
        self._mask = len(self._table) - 1
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, key: int) -> bool:
        """Remember ``key`` (an ``int`` such as ``hash(id)``); whether it was new."""
        key = (key & _MASK) or 1
        table, mask = self._table, self._mask
        i = key & mask
        while found := table[i]:
            if found == key:
                return False
            i = (i + 1) & mask
        table[i] = key
        self._size += 1
        if 2 * self._size > mask:
            self._grow()
        return True

    def _grow(self) -> None:
        table = array("Q", bytes(16 * len(self._table)))
        mask = len(table) - 1
        for key in self._table:
            if key:
                i = key & mask
                while table[i]:
                    i = (i + 1) & mask
                table[i] = key
        self._table, self._mask = table, mask
