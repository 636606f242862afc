"""Merging sentence-level records: duplicates, and the document-level author stance."""

from __future__ import annotations

from typing import Any

from presse_stance.actors import AUTHOR, Target

AUTHOR_WEIGHT = 1.0
OTHER_WEIGHT = 0.5
THRESHOLD = 0.3
EVALUATION_WEIGHT = 0.3


def dedupe(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per (holder, target, label, sentence): the most confident cue wins."""
    best: dict[tuple, dict[str, Any]] = {}
    for r in records:
        key = (
            r["holder"].get("entity_id") or r["holder"]["text"],
            r["target"].get("entity_id") or r["target"]["text"],
            r["label"],
            tuple(r["sentence"]),
        )
        if key not in best or r["confidence"] > best[key]["confidence"]:
            best[key] = r
    return sorted(best.values(), key=lambda r: (r["sentence"][0], r["evidence"]["start"]))


def document_record(
    records: list[dict[str, Any]], target: Target, evaluation: tuple[int, int] = (0, 0)
) -> dict[str, Any]:
    """The author's stance toward ``target`` over the whole document.

    Each sentence-level record toward the target votes with its confidence, the author's own
    records fully and third parties' at half weight; each evaluative word of the author about
    the target (``evaluation``: positive, negative) weighs 0.3. A balance under 0.3 is NONE.
    """
    positive, negative = evaluation
    score = EVALUATION_WEIGHT * (positive - negative)
    total = EVALUATION_WEIGHT * (positive + negative)
    support = positive + negative
    for r in records:
        if (
            r.get("scope") == "document"
            or r["target"].get("entity_id") != target.id
            or r["label"] == "NONE"
        ):
            continue
        weight = AUTHOR_WEIGHT if r["holder"].get("entity_id") == AUTHOR else OTHER_WEIGHT
        sign = 1.0 if r["label"] == "FAVOR" else -1.0
        score += sign * weight * r["confidence"]
        total += weight * r["confidence"]
        support += 1
    label = "NONE" if abs(score) < THRESHOLD else ("FAVOR" if score > 0 else "AGAINST")
    confidence = round(min(1.0, abs(score) / total) if total and label != "NONE" else 0.0, 3)
    return {
        "holder": {"text": AUTHOR, "entity_id": AUTHOR, "canonical": AUTHOR, "span": None},
        "target": {
            "text": target.name,
            "entity_id": target.id,
            "canonical": target.name,
            "span": None,
        },
        "label": label,
        "confidence": confidence,
        "sentence": None,
        "sentence_span": None,
        "evidence": None,
        "attribution": {"speaker": AUTHOR, "mode": "author"},
        "kind": None,
        "negated": False,
        "method": "aggregate",
        "scope": "document",
        "support": support,
    }
