"""Stance graph data: one compact row per position, with the sentence it was read in."""

from __future__ import annotations

from typing import Any

from presse_report.document import party, stance_label
from presse_report.records import as_dict, as_float, as_list, as_str, span, text_of

# A row: [doc, holder key, target key, label, kind, confidence, sentence,
#         evidence start, evidence end (in the sentence), speaker, mode, negated]
Row = list[Any]

MAX_SENTENCE = 600


def evidence_sentence(record: dict[str, Any], stance: dict[str, Any]) -> tuple[str, int, int]:
    """The sentence holding the evidence, and the evidence's offsets inside it.

    Falls back to the evidence text alone when the sentence span is missing or invalid;
    long sentences are cut around the evidence.
    """
    text = text_of(record)
    evidence = as_dict(stance.get("evidence"))
    ev_span = span(evidence, len(text))
    sentence = span(stance.get("sentence"), len(text)) or span(
        stance.get("sentence_span"), len(text)
    )
    if sentence and ev_span and sentence[0] <= ev_span[0] and ev_span[1] <= sentence[1]:
        start, end = sentence
        if end - start > MAX_SENTENCE:
            start = max(start, ev_span[0] - MAX_SENTENCE // 2)
            end = min(end, max(ev_span[1], start + MAX_SENTENCE))
        return text[start:end], ev_span[0] - start, ev_span[1] - start
    if sentence and not ev_span:
        return text[sentence[0] : sentence[1]][:MAX_SENTENCE], 0, 0
    quoted = text[ev_span[0] : ev_span[1]] if ev_span else as_str(evidence.get("text"))
    return quoted[:MAX_SENTENCE], 0, len(quoted[:MAX_SENTENCE])


def stance_rows(doc: int, record: dict[str, Any], names: dict[str, str]) -> list[Row]:
    """The graph rows of one document; fills ``names`` (node key → display name)."""
    rows = []
    for stance in as_list(record.get("stances")):
        stance = as_dict(stance)
        if not stance:
            continue
        holder, holder_name = party(stance.get("holder"))
        target, target_name = party(stance.get("target"))
        names.setdefault(holder, holder_name)
        names.setdefault(target, target_name)
        sentence, ev_start, ev_end = evidence_sentence(record, stance)
        attribution = stance.get("attribution")
        attribution = (
            as_dict(attribution) if not isinstance(attribution, str) else {"speaker": attribution}
        )
        confidence = as_float(stance.get("confidence"))
        rows.append(
            [
                doc,
                holder,
                target,
                stance_label(stance),
                as_str(stance.get("kind")),
                round(confidence, 3) if confidence is not None else None,
                sentence,
                ev_start,
                ev_end,
                as_str(attribution.get("speaker")),
                as_str(attribution.get("mode")),
                stance.get("negated") is True,
            ]
        )
    return rows


def edge_weights(rows: list[Row]) -> dict[tuple[str, str, str], int]:
    """Mentions per ``(holder, target, label)`` edge: what the graph draws (and the JS
    recomputes after filtering)."""
    weights: dict[tuple[str, str, str], int] = {}
    for row in rows:
        key = (row[1], row[2], row[3])
        weights[key] = weights.get(key, 0) + 1
    return weights
