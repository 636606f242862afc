"""``-o out.parquet``: typed columns from the record schema, the same records as JSON Lines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import orjson
import pyarrow.parquet as pq
from table_samples import REPO, SEED_RUN, read_jsonl

from presse import Stage
from presse.config import parse_config
from presse.runner import Run
from presse_tables.arrow import read_records

from example_stages import plugin_for

SCHEMA = orjson.loads((REPO / "docs" / "document.schema.json").read_bytes())
ANALYSES = ("language", "entities", "sentences", "stances", "dedup")
SEEDS = {record["id"]: record for record in read_jsonl(SEED_RUN)}


class Seeded(Stage):
    """The seed run's analyses, by document id, under the schema the real stages declare."""

    name = "seeded"
    provides = ANALYSES
    output_schema: ClassVar[dict] = {key: SCHEMA["properties"][key] for key in ANALYSES}

    def process(self, docs):
        for doc in docs:
            for key in ANALYSES:
                doc[key] = SEEDS[doc.id][key]
        return docs


class Words(Stage):
    """Each word of the text with its offsets, and one key no schema declares."""

    name = "words"
    provides = ("words",)
    output_schema: ClassVar[dict] = {
        "words": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"word": {"type": "string"}, "span": {"$ref": "#/$defs/span"}},
            },
        }
    }

    def process(self, docs):
        for doc in docs:
            doc["words"] = [
                {"word": m.group(), "span": [m.start(), m.end()]}
                for m in re.finditer(r"\w+", doc.text)
            ]
            doc["undeclared"] = {"n": len(doc["words"])}
        return docs


def run_both(registry, tmp_path, stage: type[Stage], records: list[dict]) -> Path:
    """Run ``stage`` over ``records`` to out.jsonl and to out.parquet."""
    registry.add_plugin(plugin_for(stage), stage.name)
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    config = parse_config(f"pipeline: [{{stage: {stage.name}}}]", registry=registry)
    for name in ("out.jsonl", "out.parquet"):
        Run(
            config, [str(source)], str(tmp_path / name), registry=registry, progress=False
        ).execute()
    return tmp_path / "out.parquet"


def test_the_seed_run_written_to_parquet_reads_back_as_its_json_lines(registry, tmp_path):
    inputs = [{k: r[k] for k in ("id", "text", "meta")} for r in SEEDS.values()]
    parquet = run_both(registry, tmp_path, Seeded, inputs)
    assert list(read_records(parquet)) == read_jsonl(tmp_path / "out.jsonl") == list(SEEDS.values())
    columns = pq.read_schema(parquet)
    assert str(columns.field("dedup").type).startswith("struct<duplicate_of: string, cluster")
    assert str(columns.field("stances").type.value_type.field("label").type) == "string"
    assert str(columns.field("entities").type) == "string"  # ner declares no schema: JSON text
    assert pq.read_table(parquet, columns=["extra"]).column(0).null_count == len(SEEDS)


def test_parquet_columns_are_queried_in_sql_like_any_table(registry, tmp_path):
    import duckdb

    inputs = [{k: r[k] for k in ("id", "text", "meta")} for r in SEEDS.values()]
    parquet = run_both(registry, tmp_path, Seeded, inputs)
    against = duckdb.sql(
        f"SELECT s.holder.canonical, s.target.canonical, s.evidence.start "
        f"FROM '{parquet}', unnest(stances) AS t(s) WHERE s.label = 'AGAINST' ORDER BY ALL"
    ).fetchall()
    expected = sorted(
        (s["holder"]["canonical"], s["target"]["canonical"], s["evidence"]["start"])
        for r in SEEDS.values()
        for s in r["stances"]
        if s["label"] == "AGAINST"
    )
    assert against == expected and len(against) > 5


def test_nested_values_are_typed_and_undeclared_keys_kept_as_json(registry, tmp_path):
    records = [
        {"id": "a", "text": "Alep reprise", "meta": {"date": "2016-12-13"}, "desk": "monde"},
        {"id": "b", "text": "Le port"},
    ]
    parquet = run_both(registry, tmp_path, Words, records)
    table = pq.read_table(parquet)
    assert str(table.schema.field("words").type) == (
        "list<element: struct<word: string, span: list<element: int64>>>"
    )
    rows = table.to_pylist()
    assert rows[0]["words"] == [
        {"word": "Alep", "span": [0, 4]},
        {"word": "reprise", "span": [5, 12]},
    ]
    assert orjson.loads(rows[0]["meta"]) == {"date": "2016-12-13", "desk": "monde"}
    assert orjson.loads(rows[0]["extra"]) == {"undeclared": {"n": 2}}
    assert list(read_records(parquet)) == read_jsonl(tmp_path / "out.jsonl")
    assert not list(tmp_path.glob(".out.parquet*"))  # no temporary file or work folder left


class Sloppy(Stage):
    """Declares an integer ``score`` but writes text for some documents."""

    name = "sloppy"
    provides = ("score",)
    output_schema: ClassVar[dict] = {"score": {"type": "integer"}}

    def process(self, docs):
        for doc in docs:
            doc["score"] = len(doc.text) if doc.id != "b" else "high"
        return docs


def test_a_value_that_does_not_fit_its_column_is_kept_in_extra(registry, tmp_path):
    records = [{"id": "a", "text": "Alep"}, {"id": "b", "text": "Damas"}]
    parquet = run_both(registry, tmp_path, Sloppy, records)
    rows = pq.read_table(parquet, columns=["score", "extra"]).to_pylist()
    assert rows == [{"score": 4, "extra": None}, {"score": None, "extra": '{"score":"high"}'}]
    assert list(read_records(parquet)) == read_jsonl(tmp_path / "out.jsonl")
