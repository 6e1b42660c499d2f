"""One table as a CSV or XLSX file, for the list exports of any app.

CSV: UTF-8 with a BOM (spreadsheet programs then read the accents right); text a spreadsheet
could read as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading apostrophe.
XLSX: one sheet, every cell through ``xlsx.put`` (strings as text, never a formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from crosscluster.core.documents.xlsx import FORMULA_STARTS, CellValue, put


def csv_cell(value: CellValue) -> object:
    """A cell for ``csv.writer``: formula-like text made inert, nothing for None."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def table_bytes(
    file_format: str, *, title: str, header: Sequence[str], rows: Iterable[Sequence[CellValue]]
) -> bytes:
    """The table as ``csv`` or ``xlsx`` bytes (``title`` names the XLSX sheet)."""
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([csv_cell(value) for value in row] for row in rows)
        return ("\ufeff" + buffer.getvalue()).encode()
    if file_format != "xlsx":
        raise ValueError(f"a table is written as csv or xlsx, not {file_format!r}")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for column, name in enumerate(header, start=1):
        put(sheet, row=1, column=column, value=name)
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put(sheet, row=index, column=column, value=value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
