"""JSON Schema to Arrow: the column types of a Parquet output, and each record's values.

A typed node becomes its Arrow type (strings and string enums, integers, numbers,
booleans, lists, structs of declared properties); a node whose shape the schema leaves open
(``meta``, an object without declared properties, ``anyOf``, no type at all) is kept as its
JSON text. Reading a row back (:func:`record_from_row`) gives the record it was written
from, exactly: a top-level field whose value does not fit its column (a type the schema
does not declare, a key a struct does not name, a null where the column cannot tell null
from absent) is written to the ``extra`` column as JSON instead, with the keys the schema
does not name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

EXTRA = "extra"
"""The column holding, as a JSON object, the fields that have no typed column."""

SCHEMA_KEY = b"presse.record_schema"
"""The Parquet file's metadata key holding the record schema its columns were made from."""

SCALARS = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool_"}
INT64 = range(-(1 << 63), 1 << 63)


class Unfit(ValueError):
    """A value its column cannot hold exactly."""


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
    return node


def _kind(node: dict[str, Any]) -> str | None:
    """The node's one JSON type besides null; None: the shape is left open."""
    kind = node.get("type")
    if kind is None and node.get("enum"):
        kinds = {type(v) for v in node["enum"] if v is not None}
        kind = "string" if kinds == {str} else None
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if kind == "object" and not node.get("properties"):
        return None
    return kind if kind in SCALARS or kind in ("array", "object") else None


def _nullable(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    return (isinstance(kind, list) and "null" in kind) or None in node.get("enum", ())


def arrow_type(node: dict[str, Any], root: dict[str, Any]):
    """The Arrow type of a schema node (``string`` for JSON text)."""
    import pyarrow as pa

    node = _resolve(node, root)
    kind = _kind(node)
    if kind in SCALARS:
        return getattr(pa, SCALARS[kind])()
    if kind == "array":
        return pa.list_(arrow_type(node.get("items") or {}, root))
    if kind == "object":
        return pa.struct(
            [pa.field(name, arrow_type(child, root)) for name, child in node["properties"].items()]
        )
    return pa.string()


def arrow_schema(record_schema: dict[str, Any]):
    """The Arrow schema of the records ``record_schema`` describes, with ``extra``; the
    record schema itself is kept in its metadata (``presse.record_schema``)."""
    import pyarrow as pa

    properties = record_schema.get("properties", {})
    fields = [pa.field(name, arrow_type(node, record_schema)) for name, node in properties.items()]
    metadata = {SCHEMA_KEY: orjson.dumps(record_schema)}
    return pa.schema([*fields, pa.field(EXTRA, pa.string())], metadata=metadata)


def arrow_value(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    """``value`` shaped for its column; :class:`Unfit` when the column cannot hold it."""
    node = _resolve(node, root)
    kind = _kind(node)
    if kind is None:
        return orjson.dumps(value).decode()  # an explicit null is the text "null"
    if value is None:
        if _nullable(node):
            return None
        raise Unfit("null where the schema wants a value")
    if kind == "string" and isinstance(value, str):
        if node.get("enum") and value not in node["enum"]:
            raise Unfit(f"{value!r} is not one of the schema's values")
        return value
    if kind == "integer" and type(value) is int and value in INT64:
        return value
    if kind == "number" and type(value) in (int, float):
        return float(value)
    if kind == "boolean" and type(value) is bool:
        return value
    if kind == "array" and isinstance(value, list):
        items = node.get("items") or {}
        return [arrow_value(item, items, root) for item in value]
    if kind == "object" and isinstance(value, dict):
        return _struct(value, node["properties"], root)
    raise Unfit(f"a {type(value).__name__} where the schema wants {kind}")


def _struct(value: dict[str, Any], properties: dict[str, Any], root: dict[str, Any]) -> dict:
    if not value.keys() <= properties.keys():
        raise Unfit(f"keys the schema does not name: {sorted(value.keys() - properties.keys())}")
    out = {}
    for name, child in properties.items():
        if name in value:
            out[name] = arrow_value(value[name], child, root)
        elif _kind(_resolve(child, root)) is not None and _nullable(_resolve(child, root)):
            raise Unfit(f"{name!r} is absent, and its column would read back as null")
        else:
            out[name] = None
    return out


def arrow_row(record: dict[str, Any], record_schema: dict[str, Any]) -> dict[str, Any]:
    """One record as a row of :func:`arrow_schema` (a null column: the field is absent)."""
    properties = record_schema.get("properties", {})
    row: dict[str, Any] = dict.fromkeys(properties)
    extra = {}
    for name, value in record.items():
        node = _resolve(properties.get(name, {}), record_schema)
        if name not in properties or (value is None and _kind(node) is not None):
            extra[name] = value
            continue
        try:
            row[name] = arrow_value(value, node, record_schema)
        except Unfit:
            extra[name] = value
    row[EXTRA] = orjson.dumps(extra).decode() if extra else None
    return row


def json_value(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    """The inverse of :func:`arrow_value`."""
    node = _resolve(node, root)
    kind = _kind(node)
    if kind is None:
        return None if value is None else orjson.loads(value)
    if value is None or kind in SCALARS:
        return value
    if kind == "array":
        items = node.get("items") or {}
        return [json_value(item, items, root) for item in value]
    return _fields(value, node["properties"], root)


def _fields(value: dict[str, Any], properties: dict[str, Any], root: dict[str, Any]) -> dict:
    """A struct's fields back as JSON: a null is absent unless the field may be null."""
    out = {}
    for name, child in properties.items():
        if value.get(name) is not None:
            out[name] = json_value(value[name], child, root)
        elif _kind(_resolve(child, root)) is not None and _nullable(_resolve(child, root)):
            out[name] = None
    return out


def record_from_row(row: dict[str, Any], record_schema: dict[str, Any]) -> dict[str, Any]:
    """A Parquet output row (``pyarrow`` ``to_pylist``) back as the record it was written
    from."""
    record = {
        name: json_value(row[name], node, record_schema)
        for name, node in record_schema.get("properties", {}).items()
        if row.get(name) is not None
    }
    if row.get(EXTRA):
        record.update(orjson.loads(row[EXTRA]))
    return record


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a Parquet output, in order, as its JSON Lines would have them."""
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path)
    metadata = table.schema_arrow.metadata or {}
    if SCHEMA_KEY not in metadata:
        raise ValueError(f"{path} is not a presse output (no record schema in its metadata)")
    record_schema = orjson.loads(metadata[SCHEMA_KEY])
    for batch in table.iter_batches():
        for row in batch.to_pylist():
            yield record_from_row(row, record_schema)
