"""The ``csv`` reader: one document per row of a CSV file with a header line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from presse import Document, Origin, Reader, ReadFailure, Source
from presse_tables.rows import missing_column, row_document

FIELD_LIMIT = 2**31 - 1
"""Longest cell read (the csv module stops at 128 KiB by default, shorter than an article
can be; a text longer than ``run.max_document_chars`` is still an error record)."""


class CsvReader(Reader):
    """A CSV file (UTF-8, comma-separated, a header line naming the columns): the
    ``input.text_field`` column is the text, ``input.id_field`` the id (else
    ``<file stem>:<line>``), the other columns go to ``meta``. A row without text is an
    error record naming its first line; reading goes on."""

    format = "csv"
    suffixes = (".csv",)

    def read(self, source: Source) -> Iterator[Document | ReadFailure]:
        name = source.name
        try:
            handle = io.TextIOWrapper(source.open_binary(), encoding="utf-8-sig", newline="")
        except OSError as exc:
            yield ReadFailure(Origin(name), "unreadable_input", f"cannot read {name}: {exc}")
            return
        csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
        with handle:
            cells = csv.reader(handle)
            try:
                header = next(cells, None)
                if header is None:
                    return
                if self.options.text_field not in header:
                    yield missing_column(Origin(name, 1), self.options.text_field, header)
                    return
                first = cells.line_num + 1
                for row in cells:
                    origin, first = Origin(name, first), cells.line_num + 1
                    if not row:  # a blank line
                        continue
                    if len(row) > len(header):
                        yield ReadFailure(
                            origin,
                            "invalid_row",
                            f"{len(row)} cells, more than the header's {len(header)} columns",
                            ",".join(row),
                        )
                        continue
                    cells_of = dict(zip(header, row, strict=False))  # short rows: the rest absent
                    yield row_document(cells_of, self.options, origin, source.stem)
            except (csv.Error, UnicodeDecodeError, OSError) as exc:
                yield ReadFailure(
                    Origin(name, cells.line_num + 1),
                    "invalid_csv",
                    f"{name} cannot be read as CSV after line {cells.line_num}: {exc}",
                )
