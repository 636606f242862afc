"""Helpers for reading `stances` records in the tests."""

from __future__ import annotations

from typing import Any


def triples(records: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    """(holder, target, label) with the canonical names when there are any."""
    return {
        (
            r["holder"].get("canonical") or r["holder"]["text"],
            r["target"].get("canonical") or r["target"]["text"],
            r["label"],
        )
        for r in records
    }


def find(
    records: list[dict[str, Any]], holder: str, target: str, label: str | None = None
) -> dict[str, Any]:
    """The record whose holder and target texts contain ``holder`` and ``target``."""
    for r in records:
        h = f"{r['holder']['text']} {r['holder'].get('canonical') or ''}"
        t = f"{r['target']['text']} {r['target'].get('canonical') or ''}"
        if holder in h and target in t and (label is None or r["label"] == label):
            return r
    raise AssertionError(f"no {holder} → {target} {label or ''} record in {triples(records)}")
