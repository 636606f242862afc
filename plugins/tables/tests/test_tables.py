"""CSV and Parquet in, flat tables out."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from presse import Stage
from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run

from example_stages import plugin_for

ROWS = [
    {
        "article_id": "a1",
        "body": "Alep reprise par l'armée.",
        "published": "2016-12-13",
        "section": "monde",
    },
    {"article_id": "a2", "body": "", "published": "2016-12-14", "section": "monde"},
    {
        "article_id": "a3",
        "body": "Le port de Marseille se modernise.",
        "published": "2024-11-30",
        "section": "france",
    },
]
COLUMNS = "input: {id_field: article_id, text_field: body}\n"


def test_csv_rows_are_documents_and_a_row_without_text_an_error(run, tmp_path):
    path = tmp_path / "articles.csv"
    lines = ["article_id,body,published,section"]
    lines += [f'{r["article_id"]},"{r["body"]}",{r["published"]},{r["section"]}' for r in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run([path], COLUMNS)
    assert [(r["id"], r["text"]) for r in out["records"]] == [
        ("a1", "Alep reprise par l'armée."),
        ("a3", "Le port de Marseille se modernise."),
    ]
    assert out["records"][0]["meta"] == {"published": "2016-12-13", "section": "monde"}
    (error,) = out["errors"]
    assert (error["reason"], error["line"]) == ("missing_text", 3)
    assert "'body' is empty" in error["message"]
    assert out["report"].balanced


def test_parquet_rows_keep_their_other_columns_in_meta(run, tmp_path):
    table = pa.table(
        {
            "article_id": ["a1", "a2", "a3"],
            "body": [r["body"] for r in ROWS[:1]] + [None] + [ROWS[2]["body"]],
            "published": [dt.date(2016, 12, 13), dt.date(2016, 12, 14), dt.date(2024, 11, 30)],
            "words": [5, 0, 6],
        }
    )
    path = tmp_path / "articles.parquet"
    pq.write_table(table, path, row_group_size=2)
    out = run([path], COLUMNS)
    first, second = out["records"]
    assert (first["id"], second["id"]) == ("a1", "a3")
    assert first["meta"]["published"] == "2016-12-13" and first["meta"]["words"] == 5
    (error,) = out["errors"]
    assert (error["reason"], error["line"]) == ("missing_text", 2)


def test_export_gives_one_row_per_mention_stance_and_link(tmp_path):
    import duckdb

    record = {
        "id": "d1",
        "text": "La Russie soutient Assad. Paris dénonce Moscou.",
        "meta": {"date": "2016-12-13", "source": "a.txt"},
        "entities": [
            {
                "start": 3,
                "end": 9,
                "text": "Russie",
                "label": "LOC",
                "entity_id": "russie",
                "canonical": "Russie",
                "source": "model",
            },
            {
                "start": 19,
                "end": 24,
                "text": "Assad",
                "label": "PER",
                "entity_id": "assad",
                "canonical": "Bachar al-Assad",
                "source": "model",
            },
        ],
        "stances": [
            {
                "holder": {
                    "text": "Russie",
                    "entity_id": "russie",
                    "canonical": "Russie",
                    "span": [3, 9],
                    "kind": "entity",
                },
                "target": {
                    "text": "Assad",
                    "entity_id": "assad",
                    "canonical": "Bachar al-Assad",
                    "span": [19, 24],
                    "kind": "entity",
                },
                "label": "FAVOR",
                "confidence": 0.8,
                "kind": "support",
                "negated": False,
                "evidence": {"text": "soutient Assad", "start": 10, "end": 24},
                "sentence_span": [0, 25],
                "attribution": {"speaker": "AUTHOR", "mode": "author"},
                "method": "rules:verb:soutenir",
            },
        ],
        "dedup": {"duplicate_of": None, "cluster": "d1", "similarity": None, "passages": []},
    }
    copy = {
        **record,
        "id": "d2",
        "stances": [],
        "dedup": {
            "duplicate_of": "d1",
            "cluster": "d1",
            "similarity": 0.9,
            "passages": [
                {
                    "start": 0,
                    "end": 25,
                    "other_id": "d1",
                    "other_start": 0,
                    "other_end": 25,
                    "similarity": 1.0,
                    "kind": "verbatim",
                }
            ],
        },
    }
    run_file = tmp_path / "run.jsonl"
    run_file.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in (record, copy)) + b"{oops\n")
    command = [sys.executable, "-m", "presse", "export", str(run_file)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "2 documents, 4 entities, 1 stances, 1 passages" in done.stderr
    assert "1 unreadable lines skipped (first: 3)" in done.stderr
    con = duckdb.connect(str(tmp_path / "run.duckdb"), read_only=True)
    stance = con.execute(
        "SELECT holder, target, label, holder_start, holder_end, evidence FROM stances"
    ).fetchall()
    assert stance == [("Russie", "Bachar al-Assad", "FAVOR", 3, 9, "soutient Assad")]
    month = con.execute("SELECT month, holder, target, stances FROM stances_by_month").fetchall()
    assert month == [("2016-12", "Russie", "Bachar al-Assad", 1)]
    assert con.execute("SELECT first_published, copies FROM republished").fetchall() == [("d1", 1)]
    passage = con.execute("SELECT passage FROM shared_passages").fetchone()[0]
    assert passage == "La Russie soutient Assad."
    con.close()
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 1 and "exists" in again.stderr  # never silently overwritten
    parquet = subprocess.run(
        [*command, "--to", "parquet", "-o", str(tmp_path / "tables")],
        capture_output=True,
        text=True,
    )
    assert parquet.returncode == 0, parquet.stderr
    assert pq.read_table(tmp_path / "tables" / "entities.parquet").num_rows == 4


class Spans(Stage):
    """Each word of the text with its offsets (a stage with a declared, nested schema)."""

    name = "spans"
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
        return docs


def test_parquet_output_has_typed_columns_from_the_record_schema(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSE_PLUGINS", "tables")
    registry = build_registry()
    registry.add_plugin(plugin_for(Spans), "spans")
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"id": "a", "text": "Alep reprise", "meta": {"date": "2016-12-13"}, "desk": "monde"}\n'
        b'{"id": "b", "text": "Le port"}\n'
    )
    config = parse_config("pipeline: [{stage: spans}]", registry=registry)
    for name in ("out.jsonl", "out.parquet"):
        Run(
            config, [str(source)], str(tmp_path / name), registry=registry, progress=False
        ).execute()
    table = pq.read_table(tmp_path / "out.parquet")
    assert str(table.schema.field("words").type) == (
        "list<element: struct<word: string, span: list<element: int64>>>"
    )
    rows = table.to_pylist()
    records = [orjson.loads(x) for x in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert [r["words"] for r in rows] == [r["words"] for r in records]
    assert [orjson.loads(r["meta"]) for r in rows] == [r["meta"] for r in records]
    assert rows[0]["id"] == "a" and rows[1]["text"] == "Le port"
    assert not list(tmp_path.glob(".out.parquet*"))  # no temporary file left


def test_the_documented_sql_runs_on_the_export_of_a_seed_run(tmp_path):
    import duckdb

    repo = Path(__file__).resolve().parents[3]
    seed_run = repo / "plugins" / "report" / "tests" / "data" / "seed-run.jsonl"
    target = tmp_path / "seeds.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "presse", "export", str(seed_run), "-o", str(target)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    documented = re.findall(r"```sql\n(.*?)```", (repo / "docs" / "tables.md").read_text(), re.S)
    assert len(documented) == 2
    con = duckdb.connect(str(target), read_only=True)
    for sql in documented:  # what the docs show runs, and finds something
        assert con.execute(sql).fetchall()
    (tutorial,) = re.findall(
        r"```sql\n(.*?)```", (repo / "docs" / "crawl-to-sql.md").read_text(), re.S
    )
    for sql in filter(str.strip, tutorial.split(";")):  # the tutorial's queries run too
        con.execute(sql).fetchall()
    con.close()
