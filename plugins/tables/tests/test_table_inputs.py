"""CSV and Parquet files as inputs: a document per row, the other columns in meta."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

COLUMNS = "input: {id_field: article_id, text_field: body}\n"


def write_csv(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_rows_are_documents_and_a_row_without_text_an_error(run, tmp_path):
    path = write_csv(
        tmp_path / "articles.csv",
        "article_id,body,published,section\n"
        "a1,Alep reprise par l'armée.,2016-12-13,monde\n"
        "a2,,2016-12-14,monde\n"
        'a3,"Le port de Marseille.\n\nIl se modernise.",2024-11-30,france\n'
        "a4,   ,2024-12-01,\n",
    )
    out = run([path], COLUMNS)
    assert [(r["id"], r["text"]) for r in out["records"]] == [
        ("a1", "Alep reprise par l'armée."),
        ("a3", "Le port de Marseille.\n\nIl se modernise."),
    ]
    assert out["records"][0]["meta"] == {"published": "2016-12-13", "section": "monde"}
    empty, blank = out["errors"]
    assert (empty["reason"], empty["source"], empty["line"]) == ("missing_text", str(path), 3)
    assert empty["message"] == "column 'body' is empty"
    assert blank["line"] == 7  # the row after a three-line quoted text
    assert out["report"].balanced


def test_a_csv_cell_longer_than_128_kib_is_read(run, tmp_path):
    long = "Alep. " * 30_000
    path = write_csv(tmp_path / "long.csv", f"article_id,body\nlong,{long}\nnext,Suite.\n")
    out = run([path], COLUMNS)
    assert [len(r["text"]) for r in out["records"]] == [len(long), len("Suite.")]


def test_a_table_without_the_text_column_is_one_error_naming_its_columns(run, tmp_path):
    path = write_csv(tmp_path / "articles.csv", "article_id,contenu\na1,Alep.\na2,Damas.\n")
    pq.write_table(pa.table({"article_id": ["a1"], "contenu": ["Alep."]}), tmp_path / "t.parquet")
    out = run([path, tmp_path / "t.parquet"], COLUMNS)
    assert out["records"] == []
    assert [e["reason"] for e in out["errors"]] == ["missing_column", "missing_column"]
    assert "no column 'body'" in out["errors"][0]["message"]
    assert "its columns: article_id, contenu" in out["errors"][0]["message"]


def test_parquet_rows_keep_their_other_columns_in_meta_as_json(run, tmp_path):
    table = pa.table(
        {
            "article_id": ["a1", "a2", "a3", "a4"],
            "body": ["Alep reprise.", None, "Le port de Marseille.", ""],
            "published": pa.array(
                [dt.datetime(2016, 12, 13, 9, 30, tzinfo=dt.UTC)] * 4, pa.timestamp("s", "UTC")
            ),
            "words": [2, 0, 4, 0],
            "tags": [["syrie", "alep"], [], ["france"], None],
        }
    )
    path = tmp_path / "articles.parquet"
    pq.write_table(table, path, row_group_size=2)
    out = run([path], COLUMNS)
    first, third = out["records"]
    assert (first["id"], third["id"]) == ("a1", "a3")
    assert first["meta"] == {
        "published": "2016-12-13T09:30:00+00:00",
        "words": 2,
        "tags": ["syrie", "alep"],
    }
    assert [(e["line"], e["message"]) for e in out["errors"]] == [
        (2, "column 'body' has no value"),
        (4, "column 'body' is empty"),
    ]
    assert out["report"].balanced
