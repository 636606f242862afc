"""What dedup found in this run: documents seen, copies per cluster, passage links by kind
(for the run report's summary and the checkpoint)."""

from __future__ import annotations

from collections import Counter
from typing import Any


class RunCounters:
    """Counts kept across batches; the stage and its distributed plan both add to them."""

    def __init__(self) -> None:
        self.seen = 0
        self.copies: Counter[str] = Counter()  # representative -> copies seen in this run
        self.links: Counter[str] = Counter()  # passage links by kind, this run

    def count(self, cluster: str | None, passages: list[dict[str, Any]]) -> None:
        """One document: a copy of ``cluster`` (None: no duplicate), with its passage links."""
        self.seen += 1
        if cluster is not None:
            self.copies[cluster] += 1
        self.links.update(p["kind"] for p in passages)

    def state(self) -> dict[str, Any]:
        return {"seen": self.seen, "copies": self.copies, "links": self.links}

    def restore(self, state: dict[str, Any]) -> None:
        self.seen, self.copies, self.links = state["seen"], state["copies"], state["links"]

    def summary(self, top: int = 10) -> dict[str, Any]:
        """This run's clusters and passage links, for the run report."""
        if not self.seen:
            return {}
        return {
            "documents": self.seen,
            "duplicates": sum(self.copies.values()),
            "clusters_with_copies": len(self.copies),
            "passage_links": sum(self.links.values()),
            "passage_links_by_kind": dict(sorted(self.links.items())),
            "largest_clusters": [
                {"cluster": rep, "copies": n} for rep, n in self.copies.most_common(top)
            ],
        }
