"""The ``parquet`` reader: one document per row of a Parquet file, read in batches."""

from __future__ import annotations

from collections.abc import Iterator

from presse import Document, Origin, Reader, ReadFailure, Source
from presse_tables.rows import missing_column, row_document

BATCH_ROWS = 4096


class ParquetReader(Reader):
    """A Parquet file, read a batch of rows at a time (memory stays flat on big files): the
    ``input.text_field`` column is the text, ``input.id_field`` the id (else
    ``<file stem>:<row>``), the other columns go to ``meta`` (dates as ISO text, binary as
    base64). A row is numbered from 1 as its ``line``; a row without text is an error
    record naming it."""

    format = "parquet"
    suffixes = (".parquet",)

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        name, number = source.name, 0
        try:
            with source.open_binary() as handle:
                table = pq.ParquetFile(handle)
                columns = table.schema_arrow.names
                if self.options.text_field not in columns:
                    yield missing_column(Origin(name), self.options.text_field, columns)
                    return
                for batch in table.iter_batches(batch_size=BATCH_ROWS):
                    for row in batch.to_pylist():
                        number += 1
                        yield row_document(row, self.options, Origin(name, number), source.stem)
        except (OSError, pa.ArrowException) as exc:
            where = f"after row {number}" if number else "at its start"
            yield ReadFailure(
                Origin(name, number + 1),
                "invalid_parquet",
                f"{name} cannot be read as Parquet {where}: {exc}",
            )
