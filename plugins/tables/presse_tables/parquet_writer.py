"""The ``parquet`` writer: ``-o out.parquet`` writes the records as a typed Parquet table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from presse import PresseError, Writer
from presse.writing import AtomicFile
from presse_tables.arrow import arrow_row, arrow_schema

ROWS_PER_GROUP = 10_000
BYTES_PER_GROUP = 64 << 20
"""A row group is written at this many records or this much JSON, whichever comes first
(memory stays bounded however long the texts are)."""


class ParquetWriter(Writer):
    """Records as Parquet rows, with the Arrow schema derived from the pipeline's record
    schema (``presse schema``): typed columns, lists and structs where the schema declares
    them, JSON text where it leaves the shape open (``meta``, ``entities``), and ``extra``
    for keys it does not name. Written to a temporary file renamed on commit; the errors
    and filtered outputs stay JSON Lines, like the manifest."""

    format = "parquet"
    suffixes = (".parquet",)

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        if path is None:
            raise PresseError("Parquet output needs a file: give -o OUT.parquet")
        import pyarrow.parquet as pq

        self.schema_json: dict[str, Any] = self.record_schema or {"properties": {}}
        self.arrow_schema = arrow_schema(self.schema_json)
        self._file = AtomicFile(path)
        self._parquet = pq.ParquetWriter(self._file.handle, self.arrow_schema)
        self._rest = b""
        self._rows: list[dict[str, Any]] = []
        self._bytes = 0

    def write(self, lines: list[bytes]) -> None:
        data = self._rest + b"".join(lines)  # chunks may cut a line: keep its start
        *complete, self._rest = data.split(b"\n")
        for line in complete:
            if line.strip():
                self._rows.append(arrow_row(orjson.loads(line), self.schema_json))
                self._bytes += len(line)
            if len(self._rows) >= ROWS_PER_GROUP or self._bytes >= BYTES_PER_GROUP:
                self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            table = pa.Table.from_pylist(self._rows, schema=self.arrow_schema)
            self._parquet.write_table(table, row_group_size=len(self._rows))
            self._rows, self._bytes = [], 0

    def commit(self) -> None:
        self.write([b"\n"] if self._rest.strip() else [])
        self._flush()
        self._file.commit(self._close)

    def abort(self) -> None:
        self._file.abort(self._close)

    def _close(self) -> None:
        try:
            self._parquet.close()  # the footer
        finally:
            self._file.handle.close()
