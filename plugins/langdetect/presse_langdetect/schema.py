"""JSON Schema of the ``language`` key (published by ``presse schema``)."""

_CODE = {
    "type": "string",
    "description": 'ISO 639-1 code where one exists (else ISO 639-3), or "und".',
}
_CONFIDENCE = {"type": "number", "minimum": 0, "maximum": 1}

LANGUAGE = {
    "type": "object",
    "description": "Written by the `langdetect` stage: the document's language.",
    "required": ["code", "confidence", "candidates"],
    "properties": {
        "code": _CODE,
        "confidence": {**_CONFIDENCE, "description": "Confidence of the best candidate."},
        "script": {
            "type": "string",
            "description": 'Writing system of most letters ("Latin", "Arabic").',
        },
        "candidates": {
            "type": "array",
            "maxItems": 3,
            "description": "Up to three languages, best first.",
            "items": {
                "type": "object",
                "required": ["code", "confidence"],
                "properties": {"code": _CODE, "confidence": _CONFIDENCE},
            },
        },
        "spans": {
            "type": "array",
            "description": "mode: spans only. Runs of sentences in one language, in order; "
            "[start, end) are character offsets into `text`.",
            "items": {
                "type": "object",
                "required": ["start", "end", "code", "confidence"],
                "properties": {
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                    "code": _CODE,
                    "confidence": _CONFIDENCE,
                },
            },
        },
    },
}
