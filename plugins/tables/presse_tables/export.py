"""Writing a run's output as flat tables: a DuckDB database, or a folder of Parquet files.

Both are written under a temporary name beside the target and renamed into place at the
end, so a failed or interrupted export leaves nothing half-written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from presse.outputs import read_output
from presse_tables.flatten import TABLES, rows_of

FLUSH_ROWS = 50_000
ARROW = {"VARCHAR": "string", "BIGINT": "int64", "DOUBLE": "float64", "BOOLEAN": "bool_"}

VIEWS = {
    "stances_by_month": """
        SELECT substr(date, 1, 7) AS month, holder, target, label,
               count(*) AS stances, count(DISTINCT doc_id) AS documents
        FROM stances GROUP BY ALL ORDER BY month, stances DESC""",
    "republished": """
        SELECT cluster AS first_published, count(*) - 1 AS copies,
               list(doc_id ORDER BY doc_id) FILTER (WHERE duplicate_of IS NOT NULL) AS copy_ids
        FROM documents GROUP BY cluster HAVING count(*) > 1 ORDER BY copies DESC""",
    "shared_passages": """
        SELECT p.doc_id, p.other_id, p.kind, p.similarity,
               substr(d.text, p.start + 1, p."end" - p.start) AS passage
        FROM passages p JOIN documents d USING (doc_id)""",
    "republished_passages": """
        SELECT other_id AS dispatch, count(DISTINCT doc_id) AS reused_by,
               count(*) AS passages, sum("end" - start) AS chars
        FROM passages WHERE other_id <> doc_id
        GROUP BY other_id ORDER BY reused_by DESC, passages DESC, dispatch""",
}
"""Views of the DuckDB export (the SQL works on the Parquet tables too)."""


def records(path: Path, bad: list[int]) -> Iterator[dict[str, Any]]:
    """The records of a run output (``.jsonl``, ``.jsonl.gz`` or ``.parquet``); unreadable
    lines are counted in ``bad`` by line number and skipped."""
    if path.name.endswith(".parquet"):
        from presse_tables.arrow import read_records

        yield from read_records(path)
        return
    for number, record in read_output(path):
        if record is None:
            bad.append(number)
        else:
            yield record


def arrow_schema(table: str):
    import pyarrow as pa

    return pa.schema([(name, getattr(pa, ARROW[kind])()) for name, kind in TABLES[table].items()])


def batches(source: Path, bad: list[int]) -> Iterator[tuple[str, Any]]:
    """Arrow tables of at most :data:`FLUSH_ROWS` rows, each with its table name."""
    import pyarrow as pa

    buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def flush(name: str):
        rows, buffers[name] = buffers[name], []
        return name, pa.Table.from_pylist(rows, schema=arrow_schema(name))

    for record in records(source, bad):
        for name, rows in rows_of(record).items():
            buffers[name].extend(rows)
            if len(buffers[name]) >= FLUSH_ROWS:
                yield flush(name)
    for name in TABLES:
        yield flush(name)


def to_duckdb(source: Path, target: Path, bad: list[int]) -> dict[str, int]:
    import duckdb

    counts = dict.fromkeys(TABLES, 0)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)  # duckdb creates the file itself
    try:
        con = duckdb.connect(tmp)
        try:
            for name, columns in TABLES.items():
                cols = ", ".join(f'"{c}" {kind}' for c, kind in columns.items())
                con.execute(f'CREATE TABLE "{name}" ({cols})')
            for name, table in batches(source, bad):
                con.register("batch", table)
                con.execute(f'INSERT INTO "{name}" SELECT * FROM batch')
                con.unregister("batch")
                counts[name] += table.num_rows
            for view, sql in VIEWS.items():
                con.execute(f'CREATE VIEW "{view}" AS {sql}')
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            Path(leftover).unlink(missing_ok=True)
    return counts


def to_parquet(source: Path, target: Path, bad: list[int]) -> dict[str, int]:
    import pyarrow.parquet as pq

    counts = dict.fromkeys(TABLES, 0)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        writers = {
            name: pq.ParquetWriter(tmp / f"{name}.parquet", arrow_schema(name)) for name in TABLES
        }
        try:
            for name, table in batches(source, bad):
                writers[name].write_table(table)
                counts[name] += table.num_rows
        finally:
            for writer in writers.values():
                writer.close()
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return counts


def replace_aside(target: Path) -> Path | None:
    """Move an existing ``target`` out of the way (``--force``); returns where it went."""
    if not os.path.lexists(target):
        return None
    aside = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, aside)
    return aside


def discard(path: Path | None) -> None:
    if path is None:
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


__all__ = ["VIEWS", "discard", "replace_aside", "to_duckdb", "to_parquet"]
