"""An append-only inverted index of anchor hashes, stored as sorted numpy chunks.

Each indexed anchor takes 30 bytes (hash, sentence, position, offsets, gap hash); a batch is
added as one sorted chunk and chunks are merged like a binary counter, so a query is a few
``searchsorted`` calls. Anchors seen in more than ``max_df`` sentences are formulaic
("ministère des Affaires étrangères"): they become stop anchors, never matched nor stored.
"""

from __future__ import annotations

import numpy as np

ANCHOR = np.dtype(
    [
        ("hash", "<u8"),
        ("sid", "<u4"),
        ("pos", "<u2"),
        ("start", "<u4"),
        ("end", "<u4"),
        ("gap", "<u8"),
    ]
)


class AnchorIndex:
    """Sorted chunks of anchors; :meth:`match` then :meth:`add` for each batch."""

    def __init__(self, max_df: int) -> None:
        self.max_df = max_df
        self.chunks: list[np.ndarray] = []
        self.stop: set[int] = set()

    def __len__(self) -> int:
        return sum(len(c) for c in self.chunks)

    def nbytes(self) -> int:
        return sum(c.nbytes for c in self.chunks)

    def match(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (query row, matching anchor record) against the index and earlier rows.

        Rows of ``query`` must be in sentence order: a row only matches rows of earlier
        sentences. Returns the query row indices and the matched records.
        """
        if len(query) == 0:
            return np.zeros(0, np.int64), np.zeros(0, ANCHOR)
        if self.stop:
            live = ~np.isin(query["hash"], np.fromiter(self.stop, np.uint64, len(self.stop)))
        else:
            live = np.ones(len(query), bool)
        df = np.zeros(len(query), np.int64)
        ranges = []
        for chunk in self.chunks:
            lo, hi = _bounds(chunk["hash"], query["hash"])
            df += hi - lo
            ranges.append((chunk, lo, hi))
        rows, records = [], []
        inner_rows, inner_other, inner_df = self._inner(query)
        df += inner_df
        frequent = df > self.max_df
        self.stop.update(int(h) for h in np.unique(query["hash"][frequent & live]))
        live &= ~frequent
        for chunk, lo, hi in ranges:
            counts = np.where(live, hi - lo, 0)
            total = int(counts.sum())
            if not total:
                continue
            row = np.repeat(np.arange(len(query)), counts)
            first = np.repeat(lo - (np.cumsum(counts) - counts), counts)
            rows.append(row)
            records.append(chunk[first + np.arange(total)])
        keep = live[inner_rows]
        rows.append(inner_rows[keep])
        records.append(query[inner_other[keep]])
        return np.concatenate(rows), np.concatenate(records)

    def _inner(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs of rows of the same batch with equal hashes, later row → earlier sentence,
        and per row the number of earlier rows with its hash (its frequency so far).

        Counting only earlier rows makes the result independent of how the stream is cut
        into batches: a sentence is matched as if every earlier one had been indexed alone.
        """
        order = np.argsort(query["hash"], kind="stable")  # rows of a hash stay in order
        hashes = query["hash"][order]
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
        sizes = np.diff(np.r_[starts, len(hashes)])
        df = np.zeros(len(query), np.int64)
        df[order] = np.arange(len(order)) - np.repeat(starts, sizes)
        # every ordered pair among the first max_df + 1 rows of each hash (later ones are
        # too frequent to match), vectorised
        group_sizes = np.minimum(sizes, self.max_df + 1)
        keep = group_sizes >= 2
        group_starts, group_sizes = starts[keep], group_sizes[keep]
        squares = group_sizes * group_sizes
        group = np.repeat(np.arange(len(group_sizes)), squares)
        local = np.arange(int(squares.sum())) - np.repeat(np.cumsum(squares) - squares, squares)
        later, earlier = local // group_sizes[group], local % group_sizes[group]
        ordered = earlier < later
        first = group_starts[group[ordered]]
        i = order[first + later[ordered]]
        j = order[first + earlier[ordered]]
        return i.astype(np.int64), j.astype(np.int64), df

    def add(self, records: np.ndarray) -> None:
        """Index a batch's anchors (stop anchors left out)."""
        if self.stop and len(records):
            stop = np.fromiter(self.stop, np.uint64, len(self.stop))
            records = records[~np.isin(records["hash"], stop)]
        if not len(records):
            return
        self.chunks.append(records[np.argsort(records["hash"], kind="stable")])
        while len(self.chunks) > 1 and len(self.chunks[-2]) <= 2 * len(self.chunks[-1]):
            last = self.chunks.pop()
            self.chunks.append(_merge(self.chunks.pop(), last))


def _bounds(hashes: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per query hash, the range of rows of sorted ``hashes`` equal to it (empty if none);
    the upper bound is searched only for the hashes that are present."""
    lo = np.searchsorted(hashes, query, "left")
    hit = hashes[np.minimum(lo, len(hashes) - 1)] == query
    hi = lo.copy()
    hi[hit] = np.searchsorted(hashes, query[hit], "right")
    return lo, hi


def _merge(first: np.ndarray, then: np.ndarray) -> np.ndarray:
    """Two chunks sorted by hash as one; for equal hashes, ``first``'s records come first."""
    at = np.searchsorted(first["hash"], then["hash"], "right") + np.arange(len(then))
    merged = np.empty(len(first) + len(then), first.dtype)
    from_first = np.ones(len(merged), bool)
    from_first[at] = False
    merged[at] = then
    merged[np.flatnonzero(from_first)] = first  # integer indices: 3x a boolean mask here
    return merged
