"""``presse export RUN.jsonl``: a run as flat tables in DuckDB or Parquet files."""

from __future__ import annotations

import re
import subprocess
import sys

import duckdb
import orjson
import pyarrow.parquet as pq
import pytest
from table_samples import REPO, SEED_RUN, read_jsonl

SEEDS = read_jsonl(SEED_RUN)


def export(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "presse", "export", *args]
    return subprocess.run(command, capture_output=True, text=True)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    """The seed run exported to DuckDB, opened read-only."""
    target = tmp_path_factory.mktemp("export") / "seeds.duckdb"
    done = export(str(SEED_RUN), "-o", str(target))
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(target), read_only=True)
    yield con
    con.close()


def test_each_table_has_a_row_per_document_mention_stance_and_link(seeds_db):
    counts = {
        "documents": len(SEEDS),
        "entities": sum(len(r["entities"]) for r in SEEDS),
        "stances": sum(len(r["stances"]) for r in SEEDS),
        "passages": sum(len(r["dedup"]["passages"]) for r in SEEDS),
    }
    for table, expected in counts.items():
        assert seeds_db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected > 0


@pytest.mark.parametrize(
    ("table", "text", "start", "end"),
    [
        ("entities", "text", "start", '"end"'),
        ("stances", "holder_text", "holder_start", "holder_end"),
        ("stances", "target_text", "target_start", "target_end"),
        ("stances", "evidence", "evidence_start", "evidence_end"),
    ],
)
def test_offsets_point_into_the_documents_text(seeds_db, table, text, start, end):
    rows = seeds_db.execute(
        f"SELECT t.{text}, substr(d.text, t.{start} + 1, t.{end} - t.{start}) "
        f"FROM {table} t JOIN documents d USING (doc_id) WHERE t.{start} IS NOT NULL"
    ).fetchall()
    assert rows and all(quoted == cut for quoted, cut in rows)


def test_stance_rows_carry_every_field_of_the_record(seeds_db):
    first = SEEDS[0]["stances"][0]
    row = seeds_db.execute(
        "SELECT holder, holder_entity_id, target, target_start, label, kind, negated, "
        "evidence, speaker, attribution, method, scope, sentence_start, date "
        "FROM stances WHERE doc_id = ? ORDER BY evidence_start LIMIT 1",
        [SEEDS[0]["id"]],
    ).fetchone()
    assert row == (
        first["holder"]["canonical"],
        first["holder"]["entity_id"],
        first["target"]["canonical"],
        first["target"]["span"][0],
        first["label"],
        first["kind"],
        first["negated"],
        first["evidence"]["text"],
        first["attribution"]["speaker"],
        first["attribution"]["mode"],
        first["method"],
        first["scope"],
        first["sentence_span"][0],
        SEEDS[0]["meta"]["date"],
    )


def documented(page: str) -> list[tuple[str, list[tuple[str, ...]]]]:
    """Each ```sql block of a docs page, with the result table shown under it."""
    found = []
    text = (REPO / "docs" / page).read_text(encoding="utf-8")
    for match in re.finditer(r"```sql\n(.*?)```\n\n((?:\|[^\n]*\n)+|\(no rows\))", text, re.S):
        lines = match.group(2).strip().splitlines()[2:]  # the header and its rule
        rows = [tuple(c.strip() for c in line.strip("|").split("|")) for line in lines]
        found.append((match.group(1), rows))
    return found


def shown(value) -> str:
    """A value as a Markdown table shows it."""
    return "NULL" if value is None else str(value).strip()


def test_the_sql_in_the_docs_gives_the_rows_the_docs_show(seeds_db):
    queries = documented("tables.md")
    assert len(queries) >= 3
    for sql, rows in queries:
        got = [tuple(shown(v) for v in row) for row in seeds_db.execute(sql).fetchall()]
        assert got == rows, sql
    (tutorial,) = re.findall(
        r"```sql\n(.*?)```", (REPO / "docs" / "crawl-to-sql.md").read_text(), re.S
    )
    for sql in filter(str.strip, tutorial.split(";")):  # the tutorial's queries run too
        seeds_db.execute(sql).fetchall()


def small_run(tmp_path):
    """Two documents: the second a copy of the first, linked by one passage."""
    record = {
        "id": "d1",
        "text": "La Russie soutient Assad.",
        "meta": {"date": "2016-12-13"},
        "entities": [{"start": 3, "end": 9, "text": "Russie", "label": "LOC"}],
        "dedup": {"duplicate_of": None, "cluster": "d1", "similarity": None, "passages": []},
    }
    link = {"start": 0, "end": 25, "other_id": "d1", "other_start": 0, "other_end": 25}
    copy = record | {
        "id": "d2",
        "dedup": {"duplicate_of": "d1", "cluster": "d1", "similarity": 1.0, "passages": [link]},
    }
    path = tmp_path / "run.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in (record, copy)) + b"{oops\n")
    return path


def test_export_counts_its_rows_and_skips_unreadable_lines(tmp_path):
    done = export(str(small_run(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith(
        "run.duckdb: 2 documents, 2 entities, 0 stances, 1 passages; "
        "1 unreadable lines skipped (first: 3)\n"
    )
    con = duckdb.connect(str(tmp_path / "run.duckdb"), read_only=True)
    assert con.execute("SELECT first_published, copies FROM republished").fetchall() == [("d1", 1)]
    assert con.execute("SELECT passage FROM shared_passages").fetchall() == [
        ("La Russie soutient Assad.",)
    ]


def test_an_existing_output_is_replaced_only_with_force(tmp_path):
    run = small_run(tmp_path)
    (tmp_path / "run.duckdb").write_text("mine")
    refused = export(str(run))
    assert refused.returncode == 1
    assert refused.stderr == (
        f"error: {tmp_path / 'run.duckdb'} exists: give another -o, or --force to replace it\n"
    )
    assert (tmp_path / "run.duckdb").read_text() == "mine"
    assert export(str(run), "--force").returncode == 0
    assert (tmp_path / "run.duckdb").read_bytes()[8:12] == b"DUCK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.duckdb", "run.jsonl"]


def test_export_to_parquet_writes_a_folder_with_a_file_per_table(tmp_path):
    done = export(str(small_run(tmp_path)), "--to", "parquet", "-o", str(tmp_path / "tables"))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "documents.parquet",
        "entities.parquet",
        "passages.parquet",
        "stances.parquet",
    ]
    passages = pq.read_table(tmp_path / "tables" / "passages.parquet").to_pylist()
    assert [(p["doc_id"], p["other_id"], p["end"]) for p in passages] == [("d2", "d1", 25)]


def test_a_missing_run_is_one_error_line(tmp_path):
    done = export(str(tmp_path / "nothing.jsonl"))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")


def test_a_parquet_output_exports_to_the_same_tables_as_its_json_lines(tmp_path):
    from presse_tables.parquet_writer import ParquetWriter

    schema = orjson.loads((REPO / "docs" / "document.schema.json").read_bytes())
    writer = type("SeedWriter", (ParquetWriter,), {"record_schema": schema})
    parquet = tmp_path / "seeds.parquet"
    out = writer(parquet)
    out.write([SEED_RUN.read_bytes()])
    out.commit()
    for run in (SEED_RUN, parquet):
        done = export(str(run), "--to", "parquet", "-o", str(tmp_path / f"{run.suffix[1:]}-tables"))
        assert done.returncode == 0, done.stderr
    for table in ("documents", "entities", "stances", "passages"):
        from_jsonl = pq.read_table(tmp_path / "jsonl-tables" / f"{table}.parquet")
        assert pq.read_table(tmp_path / "parquet-tables" / f"{table}.parquet").equals(from_jsonl)
