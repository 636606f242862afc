"""JSON Schema of the `stances` key, published in the document schema (`presse schema`)."""

from __future__ import annotations

from typing import Any

_SPAN = {
    "type": ["array", "null"],
    "items": {"type": "integer", "minimum": 0},
    "minItems": 2,
    "maxItems": 2,
    "description": "Character offsets [start, end) into `text`; null for the author.",
}

_ACTOR = {
    "type": "object",
    "required": ["text", "entity_id", "canonical", "span", "kind"],
    "properties": {
        "text": {
            "type": "string",
            "description": "The words in the text (`AUTHOR`: the article's voice).",
        },
        "entity_id": {
            "type": ["string", "null"],
            "description": "The entity or configured target it stands for; null for an issue.",
        },
        "canonical": {
            "type": ["string", "null"],
            "description": "Its normalised name (an issue: head lemma and adjectives).",
        },
        "span": _SPAN,
        "kind": {
            "enum": ["entity", "issue"],
            "description": "`entity`: an actor; `issue`: a measure, policy or cause.",
        },
        "principal": {
            "type": "string",
            "description": "Who the holder speaks for: from `principals:` or a title in the text.",
        },
    },
}

STANCE: dict[str, Any] = {
    "type": "object",
    "required": ["holder", "target", "label", "confidence", "sentence", "evidence", "kind"],
    "properties": {
        "holder": _ACTOR,
        "target": _ACTOR,
        "label": {"enum": ["FAVOR", "AGAINST", "NONE"]},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "sentence": {**_SPAN, "description": "Offsets of the sentence holding the evidence."},
        "sentence_span": {**_SPAN, "description": "The same as `sentence`."},
        "evidence": {
            "type": "object",
            "required": ["text", "start", "end"],
            "properties": {
                "text": {"type": "string"},
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 0},
            },
        },
        "attribution": {
            "type": "object",
            "description": "Who speaks the words: `mode` is author, indirect or direct_quote.",
        },
        "kind": {"type": "string", "description": "The cue's kind: support, criticism, ..."},
        "negated": {"type": "boolean"},
        "method": {"type": "string", "description": "`rules:<pos>:<cue lemma>`."},
        "scope": {"enum": ["sentence", "document"]},
    },
}

STANCES: dict[str, Any] = {
    "type": "array",
    "description": "Written by the `stance` stage: holder → target FAVOR/AGAINST records.",
    "items": STANCE,
}
