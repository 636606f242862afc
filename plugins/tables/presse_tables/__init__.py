"""presse-tables: tables in and out.

- ``csv`` and ``parquet`` readers: one document per row, ``input.text_field`` and
  ``input.id_field`` naming the columns, every other column in ``meta``;
- the ``parquet`` writer: ``-o out.parquet`` writes typed columns derived from the
  pipeline's record schema;
- ``presse export RUN.jsonl --to duckdb|parquet``: a run's output as flat tables
  (documents, entities, stances, passages) to query in SQL.

Classes are imported on first use: listing the CLI's commands loads every plugin.
"""

from __future__ import annotations

from presse import hookimpl


@hookimpl
def register_readers(register):
    from presse_tables.csv_reader import CsvReader
    from presse_tables.parquet_reader import ParquetReader

    register(CsvReader)
    register(ParquetReader)


@hookimpl
def register_writers(register):
    from presse_tables.parquet_writer import ParquetWriter

    register(ParquetWriter)


@hookimpl
def register_commands(register):
    from presse_tables.command import export

    register(export, name="export")
