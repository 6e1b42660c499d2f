"""One table as a CSV or XLSX file, for the list exports of any app.

CSV: UTF-8 with a BOM (spreadsheet programs then read the accents right); text a spreadsheet
could read as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading apostrophe.
XLSX: one sheet, every cell through ``xlsx.put`` (strings as text, never a formula).

Headings (``heading_row``) and yes/no cells (``yes``): a CSV keeps its data keys and ``yes`` in
every language (the scripts that read it), an XLSX, read by people, is headed and filled in the
requester's language (the worker renders in it), as the monitoring lists are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import pgettext
from openpyxl import Workbook

from crosscluster.core.documents.xlsx import FORMULA_STARTS, CellValue, put


def heading_row(file_format: str, keys: Sequence[str], headings: Mapping[str, object]) -> list[str]:
    """The heading row: the data keys in a CSV, their names (``headings``, lazy translations
    with the context "list export column") in an XLSX."""
    if file_format == "csv":
        return list(keys)
    return [str(headings.get(key, key)) for key in keys]


def yes(file_format: str) -> str:
    """A yes cell: ``yes`` in a CSV, the word in the requester's language in an XLSX."""
    return "yes" if file_format == "csv" else pgettext("list export value", "yes")


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
