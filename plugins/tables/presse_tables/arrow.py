"""JSON Schema to Arrow: the column types of a Parquet output, and each record's values.

A typed node becomes its Arrow type (strings, integers, numbers, booleans, lists, structs
of declared properties); a node whose shape the schema leaves open (``meta``, an object
without declared properties, ``anyOf``, no type at all) is kept as its JSON text, so that
nothing of a record is lost.
"""

from __future__ import annotations

from typing import Any

import orjson

SCALARS = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool_"}


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {})
    return node


def _kind(node: dict[str, Any]) -> str | None:
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    return kind if isinstance(kind, str) else None


def arrow_type(node: dict[str, Any], root: dict[str, Any]):
    """The Arrow type of a schema node; None: the value is kept as JSON text."""
    import pyarrow as pa

    node = _resolve(node, root)
    kind = _kind(node)
    if kind in SCALARS:
        return getattr(pa, SCALARS[kind])()
    if kind == "array":
        items = arrow_type(node.get("items") or {}, root)
        return pa.list_(items if items is not None else pa.string())
    if kind == "object" and node.get("properties"):
        fields = []
        for name, child in node["properties"].items():
            child_type = arrow_type(child, root)
            fields.append(pa.field(name, child_type if child_type is not None else pa.string()))
        return pa.struct(fields)
    return None


def arrow_schema(record_schema: dict[str, Any]):
    """The Arrow schema of the records ``record_schema`` describes (JSON text for what it
    leaves open, and one ``extra`` column for keys it does not name)."""
    import pyarrow as pa

    fields = []
    for name, node in record_schema.get("properties", {}).items():
        kind = arrow_type(node, record_schema)
        fields.append(pa.field(name, kind if kind is not None else pa.string()))
    fields.append(pa.field("extra", pa.string()))
    return pa.schema(fields)


def arrow_value(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    """``value`` shaped for its column: JSON text where the schema leaves the shape open."""
    if value is None:
        return None
    node = _resolve(node, root)
    kind = _kind(node)
    if kind in SCALARS:
        return value if not isinstance(value, dict | list) else orjson.dumps(value).decode()
    if kind == "array" and isinstance(value, list):
        items = node.get("items") or {}
        if arrow_type(items, root) is None:
            return [orjson.dumps(v).decode() for v in value]
        return [arrow_value(v, items, root) for v in value]
    if kind == "object" and node.get("properties") and isinstance(value, dict):
        return {
            k: arrow_value(value.get(k), child, root) for k, child in node["properties"].items()
        }
    return orjson.dumps(value).decode()


def arrow_row(record: dict[str, Any], record_schema: dict[str, Any]) -> dict[str, Any]:
    """One record as a row of :func:`arrow_schema`."""
    properties = record_schema.get("properties", {})
    row = {
        name: arrow_value(record.get(name), node, record_schema)
        for name, node in properties.items()
    }
    extra = {k: v for k, v in record.items() if k not in properties}
    row["extra"] = orjson.dumps(extra).decode() if extra else None
    return row


def json_value(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    """The inverse of :func:`arrow_value`: a column's value back as JSON (a struct's fields
    absent from the record come back as None)."""
    if value is None:
        return None
    node = _resolve(node, root)
    kind = _kind(node)
    if kind in SCALARS:
        return value
    if kind == "array":
        items = node.get("items") or {}
        if arrow_type(items, root) is None:
            return [orjson.loads(v) for v in value]
        return [json_value(v, items, root) for v in value]
    if kind == "object" and node.get("properties"):
        return {k: json_value(value.get(k), child, root) for k, child in node["properties"].items()}
    return orjson.loads(value)


def record_from_row(row: dict[str, Any], record_schema: dict[str, Any]) -> dict[str, Any]:
    """A Parquet output row (``pyarrow`` ``to_pylist``) back as the record it was written
    from; keys the record did not have are left out."""
    record = {}
    for name, node in record_schema.get("properties", {}).items():
        if row.get(name) is not None:
            record[name] = json_value(row[name], node, record_schema)
    if row.get("extra"):
        record.update(orjson.loads(row["extra"]))
    return record
