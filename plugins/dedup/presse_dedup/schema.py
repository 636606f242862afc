"""JSON Schema of the ``dedup`` key (``presse schema``, ``presse run --check-output``)."""

_OFFSET = {"type": "integer", "minimum": 0}
_ID = {"type": "string"}

PASSAGE = {
    "type": "object",
    "required": ["start", "end", "other_id", "other_start", "other_end", "similarity", "kind"],
    "properties": {
        "start": {**_OFFSET, "description": "Start of the passage in `text`."},
        "end": {**_OFFSET, "description": "End of the passage in `text` (exclusive)."},
        "other_id": {**_ID, "description": "The earlier document (possibly this one)."},
        "other_start": {**_OFFSET, "description": "Start of the matching passage there."},
        "other_end": {**_OFFSET, "description": "End of the matching passage there."},
        "similarity": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "verbatim/near: share of content-word pairs in common; "
            "paraphrase: the semantic score.",
        },
        "kind": {"enum": ["verbatim", "near", "paraphrase"]},
    },
}

DEDUP = {
    "type": "object",
    "description": "Written by the `dedup` stage: near-duplicate documents and shared passages.",
    "required": ["duplicate_of", "cluster", "similarity", "passages"],
    "properties": {
        "duplicate_of": {
            "type": ["string", "null"],
            "description": "Earliest earlier representative this document duplicates, or null.",
        },
        "cluster": {
            **_ID,
            "description": "Id of the cluster's representative (its first "
            "document): duplicate_of, or this document's id.",
        },
        "similarity": {
            "type": ["number", "null"],
            "minimum": 0,
            "maximum": 1,
            "description": "Verified similarity to duplicate_of (Jaccard, or "
            "containment), null when not a duplicate.",
        },
        "passages": {
            "type": "array",
            "items": PASSAGE,
            "description": "Links from spans of this document to spans of earlier "
            "documents, at most max_links per sentence.",
        },
    },
}
