"""Writing XLSX cells (openpyxl) safely: every XLSX writer puts its cells through ``put``.

openpyxl turns any string that starts with ``=`` into a live formula, and a spreadsheet program
may evaluate text starting with ``+``, ``-``, ``@``, a tab or a carriage return once someone edits
the cell. So ``put`` writes every string as *text* (cell type ``s``) and marks text that starts
with one of those characters with Excel's quote prefix (shown as text, kept as text on edit).
A workbook's own formulas go through ``put_formula``, the only way to write one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

#: first characters a spreadsheet program may read as the start of a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CellValue = str | int | float | Decimal | dt.date | dt.datetime | None


def put(sheet: Worksheet, *, row: int, column: int, value: CellValue) -> Cell | MergedCell:
    """Write ``value``: numbers and dates as they are, every string as text, never a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def put_formula(sheet: Worksheet, *, row: int, column: int, formula: str) -> Cell | MergedCell:
    """Write one of the workbook's own formulas (``=...``), built from cell references only."""
    if not formula.startswith("="):
        raise ValueError(f"a formula starts with '=': {formula!r}")
    cell = sheet.cell(row=row, column=column)
    cell.value = formula
    return cell
