"""A run's records as rows of flat tables: one row per document, entity mention, stance
and shared passage, each with its document's id and its offsets into the document's text."""

from __future__ import annotations

from typing import Any

import orjson

TABLES: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "VARCHAR",
        "source": "VARCHAR",
        "date": "VARCHAR",
        "title": "VARCHAR",
        "url": "VARCHAR",
        "language": "VARCHAR",
        "language_confidence": "DOUBLE",
        "script": "VARCHAR",
        "chars": "BIGINT",
        "entities": "BIGINT",
        "stances": "BIGINT",
        "duplicate_of": "VARCHAR",
        "cluster": "VARCHAR",
        "similarity": "DOUBLE",
        "skipped": "VARCHAR",
        "meta": "VARCHAR",
        "text": "VARCHAR",
    },
    "entities": {
        "doc_id": "VARCHAR",
        "start": "BIGINT",
        "end": "BIGINT",
        "text": "VARCHAR",
        "label": "VARCHAR",
        "entity_id": "VARCHAR",
        "canonical": "VARCHAR",
        "source": "VARCHAR",
    },
    "stances": {
        "doc_id": "VARCHAR",
        "date": "VARCHAR",
        "holder": "VARCHAR",
        "holder_entity_id": "VARCHAR",
        "holder_kind": "VARCHAR",
        "holder_text": "VARCHAR",
        "holder_start": "BIGINT",
        "holder_end": "BIGINT",
        "holder_principal": "VARCHAR",
        "target": "VARCHAR",
        "target_entity_id": "VARCHAR",
        "target_kind": "VARCHAR",
        "target_text": "VARCHAR",
        "target_start": "BIGINT",
        "target_end": "BIGINT",
        "target_principal": "VARCHAR",
        "label": "VARCHAR",
        "confidence": "DOUBLE",
        "kind": "VARCHAR",
        "negated": "BOOLEAN",
        "evidence": "VARCHAR",
        "evidence_start": "BIGINT",
        "evidence_end": "BIGINT",
        "sentence_start": "BIGINT",
        "sentence_end": "BIGINT",
        "speaker": "VARCHAR",
        "attribution": "VARCHAR",
        "method": "VARCHAR",
        "scope": "VARCHAR",
    },
    "passages": {
        "doc_id": "VARCHAR",
        "start": "BIGINT",
        "end": "BIGINT",
        "other_id": "VARCHAR",
        "other_start": "BIGINT",
        "other_end": "BIGINT",
        "similarity": "DOUBLE",
        "kind": "VARCHAR",
    },
}
"""Each table's columns and their SQL types (DuckDB's names; Arrow types follow)."""


def _span(value: Any) -> tuple[Any, Any]:
    return (value[0], value[1]) if isinstance(value, list) and len(value) == 2 else (None, None)


def _actor(side: dict[str, Any] | None, prefix: str) -> dict[str, Any]:
    side = side or {}
    start, end = _span(side.get("span"))
    return {
        prefix: side.get("canonical") or side.get("text"),
        f"{prefix}_entity_id": side.get("entity_id"),
        f"{prefix}_kind": side.get("kind"),
        f"{prefix}_text": side.get("text"),
        f"{prefix}_start": start,
        f"{prefix}_end": end,
        f"{prefix}_principal": side.get("principal"),
    }


def rows_of(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows each table gets from one output record."""
    doc_id = str(record.get("id"))
    meta = record.get("meta") or {}
    language = record.get("language") or {}
    dedup = record.get("dedup") or {}
    entities = record.get("entities") or []
    stances = record.get("stances") or []
    date = meta.get("date")
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    out["documents"].append(
        {
            "doc_id": doc_id,
            "source": meta.get("source"),
            "date": str(date) if date is not None else None,
            "title": meta.get("title"),
            "url": meta.get("url"),
            "language": language.get("code"),
            "language_confidence": language.get("confidence"),
            "script": language.get("script"),
            "chars": len(record.get("text") or ""),
            "entities": len(entities),
            "stances": len(stances),
            "duplicate_of": dedup.get("duplicate_of"),
            "cluster": dedup.get("cluster"),
            "similarity": dedup.get("similarity"),
            "skipped": orjson.dumps(record["skipped"]).decode() if record.get("skipped") else None,
            "meta": orjson.dumps(meta, default=str).decode(),
            "text": record.get("text"),
        }
    )
    for mention in entities:
        out["entities"].append(
            {"doc_id": doc_id} | {k: mention.get(k) for k in TABLES["entities"] if k != "doc_id"}
        )
    for stance in stances:
        evidence = stance.get("evidence") or {}
        attribution = stance.get("attribution") or {}
        start, end = _span(stance.get("sentence_span") or stance.get("sentence"))
        out["stances"].append(
            {"doc_id": doc_id, "date": str(date) if date is not None else None}
            | _actor(stance.get("holder"), "holder")
            | _actor(stance.get("target"), "target")
            | {
                "label": stance.get("label"),
                "confidence": stance.get("confidence"),
                "kind": stance.get("kind"),
                "negated": stance.get("negated"),
                "evidence": evidence.get("text"),
                "evidence_start": evidence.get("start"),
                "evidence_end": evidence.get("end"),
                "sentence_start": start,
                "sentence_end": end,
                "speaker": attribution.get("speaker"),
                "attribution": attribution.get("mode"),
                "method": stance.get("method"),
                "scope": stance.get("scope"),
            }
        )
    for link in dedup.get("passages") or []:
        out["passages"].append(
            {"doc_id": doc_id} | {k: link.get(k) for k in TABLES["passages"] if k != "doc_id"}
        )
    return out
