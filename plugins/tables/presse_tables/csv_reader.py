"""The ``csv`` reader: one document per row of a CSV file with a header line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from presse import Document, Origin, Reader, ReadFailure, Source
from presse_tables.rows import row_document


class CsvReader(Reader):
    """A CSV file (UTF-8, comma-separated, a header line naming the columns): the
    ``input.text_field`` column is the text, ``input.id_field`` the id (else
    ``<file stem>:<line>``), the other columns go to ``meta``. A row without text is an
    error record naming its line; reading goes on."""

    format = "csv"
    suffixes = (".csv",)

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        name = source.name
        try:
            handle = io.TextIOWrapper(source.open_binary(), encoding="utf-8-sig", newline="")
        except OSError as exc:
            yield ReadFailure(Origin(name), "unreadable_input", f"cannot read {name}: {exc}")
            return
        with handle:
            rows = csv.DictReader(handle)
            try:
                for row in rows:
                    origin = Origin(name, rows.line_num)
                    if None in row:  # more cells than the header names
                        yield ReadFailure(
                            origin, "invalid_row", "more cells than columns in the header"
                        )
                        continue
                    yield row_document(row, self.options, origin, source.stem)
            except (csv.Error, UnicodeDecodeError, OSError) as exc:
                yield ReadFailure(
                    Origin(name, rows.line_num + 1),
                    "invalid_csv",
                    f"{name} cannot be read as CSV after line {rows.line_num}: {exc}",
                )
