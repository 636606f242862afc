"""The JSON Schema of output records, composed from the core keys and each stage's outputs."""

from __future__ import annotations

from typing import Any

from presse.stage import Stage

SPAN = {
    "type": "array",
    "items": {"type": "integer", "minimum": 0},
    "minItems": 2,
    "maxItems": 2,
    "description": "[start, end) character offsets into `text` (Python str indices).",
}

CORE_PROPERTIES: dict[str, Any] = {
    "id": {
        "type": "string",
        "description": "Document id (from the input, or `<file stem>:<line>`).",
    },
    "text": {"type": "string", "description": "The text every offset points into."},
    "meta": {
        "type": "object",
        "description": "Input fields other than id and text; for .txt articles `source`, and "
        "`date`/`title` from a `date YYYY-MM[-DD] Title` first line.",
    },
    "skipped": {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": "Stage name → why that stage passed the document through unanalysed.",
    },
    "filtered": {
        "type": "object",
        "properties": {"stage": {"type": "string"}, "reason": {"type": "string"}},
        "description": "Only in the filtered output: which stage filtered the document, and why.",
    },
}


def document_schema(stages: list[type[Stage]]) -> dict[str, Any]:
    """The schema of the records a pipeline of ``stages`` writes."""
    properties = dict(CORE_PROPERTIES)
    for stage in stages:
        declared = getattr(stage, "output_schema", None) or {}
        for key in stage.provides:
            schema = dict(declared.get(key, {}))
            schema.setdefault("description", f"Written by the `{stage.name}` stage.")
            properties[key] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "presse document",
        "type": "object",
        "required": ["id", "text", "meta"],
        "properties": properties,
        "$defs": {"span": SPAN},
    }
