"""The business plan as XLSX (openpyxl), with formulas a finance officer can audit.

The workbook's layout is documented in docs/businessplan.md: input sheets hold the lines as
values; every total, share, cash-flow figure and "financed - cost" check on the Summary sheet is
a formula over the input sheets. Sheet names, headings and the words the formulas answer
("Gap", "OK") are in the active language (the requester's: the export worker renders in it),
so the formulas name the sheets as they are called in that language.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from crosscluster.businessplan.documents.common import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    identity_line,
    title_of,
    worded_checks,
)
from crosscluster.core.dates import format_iso_date
from crosscluster.core.documents.xlsx import put, put_formula

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EUR_FORMAT = '"EUR" #,##0.00;[Red]-"EUR" #,##0.00'
PERCENT_FORMAT = "0.0%"
MONTHS_FORMAT = "0.00"
#: Excel's built-in date format 14, which spreadsheet programs show in the reader's own short
#: date format (31/01/2027, 31.01.2027), where a format code would fix one order
SHORT_DATE_FORMAT = "mm-dd-yy"
HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")
BOLD = Font(bold=True)


def _header(sheet: Worksheet, row: int, labels: Sequence[str], widths: Sequence[int] = ()) -> None:
    for column, label in enumerate(labels, start=1):
        cell = put(sheet, row=row, column=column, value=label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _sheet_names() -> dict[str, str]:
    """The sheets' names in the active language (Excel allows 31 characters, no ``[]:*?/\\``)."""
    return {
        "Summary": pgettext("workbook sheet", "Summary"),
        "Actions": pgettext("workbook sheet", "Actions"),
        "Staff": pgettext("workbook sheet", "Staff"),
        "Costs": pgettext("workbook sheet", "Costs"),
        "Financing": pgettext("workbook sheet", "Financing"),
        "Instruments": pgettext("workbook sheet", "Instruments"),
        "Checks": pgettext("workbook sheet", "Checks"),
        "Calls": pgettext("workbook sheet", "Calls"),
    }


def _put_date(sheet: Worksheet, *, row: int, column: int, value: str) -> None:
    """A date the snapshot keeps as ISO text as a real date, shown in the short date format of
    the reader's spreadsheet program (Excel's built-in format 14); an empty one stays empty."""
    put(
        sheet, row=row, column=column, value=date.fromisoformat(value) if value else None
    ).number_format = SHORT_DATE_FORMAT


def _text(value: object) -> str:
    """A text as a formula's string literal (its quotes doubled)."""
    return '"' + str(value).replace('"', '""') + '"'


def _range(sheet: str, column: str, last_row: int) -> str:
    """An absolute range of an input sheet's data rows (at least row 2, so it is never empty);
    a sheet name other than plain letters is quoted, as spreadsheet programs write it."""
    name = sheet if sheet.isascii() and sheet.isalpha() else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!${column}$2:${column}${max(last_row, 2)}"


def _input_sheets(
    workbook: Workbook, snapshot: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, int]:
    """The input sheets (values only, one line per row); returns each sheet's last data row."""
    actions = workbook.create_sheet(names["Actions"])
    _header(actions, 1, [_("Action"), _("Title"), _("Owner"), _("Start"), _("End")],
            [10, 48, 32, 12, 12])  # fmt: skip
    for row, action in enumerate(snapshot["actions"], start=2):
        for column, value in enumerate(
            [action["code"], action["title"], action["owner"], action["start_date"],
             action["end_date"]], start=1
        ):  # fmt: skip
            put(actions, row=row, column=column, value=value)
        for column, key in ((4, "start_date"), (5, "end_date")):
            _put_date(actions, row=row, column=column, value=action[key])
    actions.freeze_panes = "A2"

    staff = workbook.create_sheet(names["Staff"])
    _header(
        staff,
        1,
        [_("Action"), _("Year"), _("Partner"), _("Person-months"), _("Monthly rate (EUR)"),
         _("Staff cost (EUR)"), _("Note")],
        [10, 8, 36, 14, 18, 18, 36],
    )  # fmt: skip
    for row, effort in enumerate(snapshot["efforts"], start=2):
        put(staff, row=row, column=1, value=effort["action"])
        put(staff, row=row, column=2, value=effort["year"])
        put(staff, row=row, column=3, value=effort["partner"])
        put(
            staff, row=row, column=4, value=float(effort["person_months"])
        ).number_format = MONTHS_FORMAT
        rate = effort["monthly_rate"]
        put(
            staff, row=row, column=5, value=None if rate is None else float(rate)
        ).number_format = EUR_FORMAT
        put_formula(staff, row=row, column=6, formula=f"=D{row}*E{row}").number_format = EUR_FORMAT
        put(staff, row=row, column=7, value=effort["note"])
    staff.freeze_panes = "A2"

    costs = workbook.create_sheet(names["Costs"])
    _header(
        costs,
        1,
        [_("Action"), _("Year"), _("Category"), _("Description"), _("Amount (EUR)")],
        [10, 8, 24, 48, 18],
    )
    for row, cost in enumerate(snapshot["costs"], start=2):
        put(costs, row=row, column=1, value=cost["action"])
        put(costs, row=row, column=2, value=cost["year"])
        put(costs, row=row, column=3, value=cost["category_label"])
        put(costs, row=row, column=4, value=cost["description"])
        put(costs, row=row, column=5, value=float(cost["amount"])).number_format = EUR_FORMAT
    costs.freeze_panes = "A2"

    financing = workbook.create_sheet(names["Financing"])
    _header(
        financing,
        1,
        [_("Action"), _("Year"), _("Level"), _("Source"), _("Programme"), _("Call"), _("Status"),
         _("Amount (EUR)"), _("Counted (EUR)"), _("Note")],
        [10, 8, 18, 36, 32, 32, 12, 18, 18, 30],
    )  # fmt: skip
    rejected = _text(STATUS_LABELS["rejected"])
    for row, line in enumerate(snapshot["financing"], start=2):
        for column, value in enumerate(
            [line["action"], line["year"], line["level_label"], line["source"], line["programme"],
             line["call"], str(STATUS_LABELS.get(line["status"], line["status"]))], start=1
        ):  # fmt: skip
            put(financing, row=row, column=column, value=value)
        put(financing, row=row, column=8, value=float(line["amount"])).number_format = EUR_FORMAT
        put_formula(
            financing, row=row, column=9, formula=f"=IF(G{row}={rejected},0,H{row})"
        ).number_format = EUR_FORMAT
        put(financing, row=row, column=10, value=line["note"])
    financing.freeze_panes = "A2"

    instruments = workbook.create_sheet(names["Instruments"])
    _header(
        instruments,
        1,
        [_("Instrument"), _("Programme"), _("Level"), _("Managing body"), _("Co-financing cap"),
         _("Address"), _("Source")],
        [36, 36, 12, 36, 16, 48, 60],
    )  # fmt: skip
    for row, instrument in enumerate(snapshot["instruments"], start=2):
        for column, value in enumerate(
            [instrument["name"], instrument["programme"], instrument["level"],
             instrument["managing_body"]], start=1
        ):  # fmt: skip
            put(instruments, row=row, column=column, value=value)
        cap = instrument["cap"]
        put(
            instruments, row=row, column=5, value=None if cap is None else float(cap) / 100
        ).number_format = PERCENT_FORMAT
        put(instruments, row=row, column=6, value=instrument["url"])
        put(instruments, row=row, column=7, value=instrument["source"])
    instruments.freeze_panes = "A2"
    return {
        "Staff": len(snapshot["efforts"]) + 1,
        "Costs": len(snapshot["costs"]) + 1,
        "Financing": len(snapshot["financing"]) + 1,
    }


def _summary_sheet(
    sheet: Worksheet,
    snapshot: Mapping[str, Any],
    last: Mapping[str, int],
    names: Mapping[str, str],
) -> None:
    staff, costs, financing = names["Staff"], names["Costs"], names["Financing"]
    staff_cost = _range(staff, "F", last["Staff"])
    staff_action = _range(staff, "A", last["Staff"])
    staff_year = _range(staff, "B", last["Staff"])
    cost_amount = _range(costs, "E", last["Costs"])
    cost_action = _range(costs, "A", last["Costs"])
    cost_year = _range(costs, "B", last["Costs"])
    cost_category = _range(costs, "C", last["Costs"])
    counted = _range(financing, "I", last["Financing"])
    fin_action = _range(financing, "A", last["Financing"])
    fin_year = _range(financing, "B", last["Financing"])
    fin_level = _range(financing, "C", last["Financing"])
    gap, surplus, ok = _text(_("Gap")), _text(_("Surplus")), _text(_("OK"))
    gaps, mismatch = _text(_("Gaps")), _text(_("Mismatch"))

    put(
        sheet, row=1, column=1, value=f"{title_of(snapshot)}: {snapshot['partnership']['name']}"
    ).font = Font(bold=True, size=14)
    put(sheet, row=2, column=1, value=identity_line(snapshot))
    put(
        sheet,
        row=3,
        column=1,
        value=_(
            "Strategy: %(strategy)s. Figures on %(today)s. All amounts in EUR; every figure on "
            "this sheet is a formula over the sheets %(staff)s, %(costs)s and %(financing)s "
            "(rejected financing is not counted)."
        )
        % {
            "strategy": snapshot["strategy_title"],
            "today": format_iso_date(snapshot["today"], "DATE_FORMAT"),
            "staff": staff,
            "costs": costs,
            "financing": financing,
        },
    )
    for column, width in enumerate([12, 44, 10, 18, 18, 18, 18, 18, 12], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width

    row = 5
    put(sheet, row=row, column=1, value=_("Per action and year")).font = Font(bold=True, size=12)
    row += 1
    _header(
        sheet,
        row,
        [_("Action"), _("Title"), _("Year"), pgettext("workbook sheet", "Staff"), _("Other costs"),
         _("Total cost"), pgettext("workbook sheet", "Financing"), _("Financed - cost"),
         _("Check")],
    )  # fmt: skip
    sheet.freeze_panes = f"A{row + 1}"
    first = row + 1
    for cell in snapshot["cells"]:
        row += 1
        put(sheet, row=row, column=1, value=cell["action"])
        put(sheet, row=row, column=2, value=cell["title"])
        put(sheet, row=row, column=3, value=cell["year"])
        put_formula(
            sheet,
            row=row,
            column=4,
            formula=f"=SUMIFS({staff_cost},{staff_action},$A{row},{staff_year},$C{row})",
        )
        put_formula(
            sheet,
            row=row,
            column=5,
            formula=f"=SUMIFS({cost_amount},{cost_action},$A{row},{cost_year},$C{row})",
        )
        put_formula(sheet, row=row, column=6, formula=f"=D{row}+E{row}")
        put_formula(
            sheet,
            row=row,
            column=7,
            formula=f"=SUMIFS({counted},{fin_action},$A{row},{fin_year},$C{row})",
        )
        put_formula(sheet, row=row, column=8, formula=f"=G{row}-F{row}")
        put_formula(
            sheet, row=row, column=9, formula=f"=IF(H{row}<0,{gap},IF(H{row}>0,{surplus},{ok}))"
        )
    last_cell = max(row, first)
    row += 1
    total_row = row
    put(sheet, row=row, column=2, value=_("Total")).font = BOLD
    for letter in "DEFGH":
        put_formula(
            sheet,
            row=row,
            column=ord(letter) - ord("A") + 1,
            formula=f"=SUM({letter}{first}:{letter}{last_cell})",
        ).font = BOLD
    put_formula(
        sheet,
        row=row,
        column=9,
        formula=f"=IF(MIN(H{first}:H{last_cell})<0,{gaps},{ok})",
    ).font = BOLD
    for number in range(first, row + 1):
        for letter in "DEFGH":
            sheet[f"{letter}{number}"].number_format = EUR_FORMAT

    row += 2
    put(sheet, row=row, column=1, value=_("Financing by level")).font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, [_("Level"), "", "", _("Amount"), _("Share")])
    level_first = row + 1
    for _key, label in snapshot["levels"]:
        row += 1
        put(sheet, row=row, column=1, value=label)
        put_formula(sheet, row=row, column=4, formula=f"=SUMIFS({counted},{fin_level},$A{row})")
        sheet[f"D{row}"].number_format = EUR_FORMAT
    level_last = row
    row += 1
    level_total = row
    put(sheet, row=row, column=1, value=_("Total")).font = BOLD
    put_formula(sheet, row=row, column=4, formula=f"=SUM(D{level_first}:D{level_last})").font = BOLD
    sheet[f"D{row}"].number_format = EUR_FORMAT
    for number in range(level_first, level_total + 1):
        put_formula(
            sheet,
            row=number,
            column=5,
            formula=f"=IF($D${level_total}=0,0,D{number}/$D${level_total})",
        ).number_format = PERCENT_FORMAT

    row += 2
    put(sheet, row=row, column=1, value=_("Cash-flow per year")).font = Font(bold=True, size=12)
    row += 1
    _header(
        sheet,
        row,
        [_("Year"), "", "", pgettext("workbook sheet", "Costs"),
         pgettext("workbook sheet", "Financing"), _("Balance"), _("Cumulative")],
    )  # fmt: skip
    flow_first = row + 1
    for year in snapshot["years"]:
        row += 1
        put(sheet, row=row, column=1, value=year)
        put_formula(
            sheet,
            row=row,
            column=4,
            formula=f"=SUMIFS({staff_cost},{staff_year},$A{row})+SUMIFS({cost_amount},{cost_year},$A{row})",
        )
        put_formula(sheet, row=row, column=5, formula=f"=SUMIFS({counted},{fin_year},$A{row})")
        put_formula(sheet, row=row, column=6, formula=f"=E{row}-D{row}")
        put_formula(
            sheet,
            row=row,
            column=7,
            formula=f"=F{row}" if row == flow_first else f"=G{row - 1}+F{row}",
        )
        for letter in "DEFG":
            sheet[f"{letter}{row}"].number_format = EUR_FORMAT

    row += 2
    put(sheet, row=row, column=1, value=_("Costs by category")).font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, [_("Category"), "", "", _("Amount")])
    category_first = row + 1
    for key, label in snapshot["categories"]:
        row += 1
        put(sheet, row=row, column=1, value=label)
        formula = f"=SUMIFS({cost_amount},{cost_category},$A{row})"
        if key == "staff":  # person-months x rates, plus staff costs entered as cost lines
            formula = f"=SUM({staff_cost})+SUMIFS({cost_amount},{cost_category},$A{row})"
        put_formula(sheet, row=row, column=4, formula=formula).number_format = EUR_FORMAT
    row += 1
    put(sheet, row=row, column=1, value=_("Total")).font = BOLD
    put_formula(sheet, row=row, column=4, formula=f"=SUM(D{category_first}:D{row - 1})").font = BOLD
    sheet[f"D{row}"].number_format = EUR_FORMAT

    row += 2
    put(sheet, row=row, column=1, value=pgettext("workbook sheet", "Checks")).font = Font(
        bold=True, size=12
    )
    row += 1
    _header(sheet, row, [_("Check"), "", "", _("Value"), _("Result")])
    row += 1
    put(sheet, row=row, column=1, value=_("Total financed - total cost"))
    put_formula(
        sheet, row=row, column=4, formula=f"=G{total_row}-F{total_row}"
    ).number_format = EUR_FORMAT
    put_formula(
        sheet, row=row, column=5, formula=f"=IF(D{row}<0,{gap},IF(D{row}>0,{surplus},{ok}))"
    )
    row += 1
    put(sheet, row=row, column=1, value=_("Largest gap of an action-year"))
    put_formula(
        sheet, row=row, column=4, formula=f"=MIN(H{first}:H{last_cell})"
    ).number_format = EUR_FORMAT
    put_formula(sheet, row=row, column=5, formula=f"=IF(D{row}<0,{gap},{ok})")
    row += 1
    put(sheet, row=row, column=1, value=_("Shares add up to the financing"))
    put_formula(
        sheet, row=row, column=4, formula=f"=D{level_total}-G{total_row}"
    ).number_format = EUR_FORMAT
    put_formula(sheet, row=row, column=5, formula=f"=IF(D{row}=0,{ok},{mismatch})")


def _checks_sheet(
    workbook: Workbook, snapshot: Mapping[str, Any], names: Mapping[str, str]
) -> None:
    sheet = workbook.create_sheet(names["Checks"])
    _header(sheet, 1, [_("Check"), _("Result"), _("Explanation"), _("Findings")], [28, 10, 80, 100])
    row = 2
    # one finding a row (a filter on the check's column lists one check's): every finding is
    # here, where the DOCX and PDF group a check's many findings; and no cell comes near a
    # spreadsheet cell's 32,767 characters (280 findings of a large plan joined are about 25,000)
    for result in worded_checks(snapshot):
        for number, finding in enumerate(result["findings"] or [""]):
            put(sheet, row=row, column=1, value=result["title"])
            put(sheet, row=row, column=2, value=str(SEVERITY_LABELS[result["severity"]]))
            if number == 0:
                put(sheet, row=row, column=3, value=result["explanation"])
            if finding:
                put(sheet, row=row, column=4, value=finding)
            for column in (3, 4):
                sheet.cell(row=row, column=column).alignment = Alignment(
                    wrap_text=True, vertical="top"
                )
            row += 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:D{row - 1}"
    calls = workbook.create_sheet(names["Calls"])
    _header(
        calls,
        1,
        [
            _("Call"),
            _("Programme"),
            _("Deadline"),
            _("Status"),
            pgettext("workbook sheet", "Actions"),
            _("Address"),
            _("Illustrative"),
        ],
        [48, 36, 12, 12, 16, 48, 12],
    )
    for row, call in enumerate(snapshot["calls"], start=2):
        for column, value in enumerate(
            [call["title"], call["programme"], call["deadline"], call["status"], call["actions"],
             call["url"], _("yes (demo)") if call["is_illustrative"] else ""], start=1
        ):  # fmt: skip
            put(calls, row=row, column=column, value=value)
        _put_date(calls, row=row, column=3, value=call["deadline"])
    calls.freeze_panes = "A2"


def export_xlsx(snapshot: Mapping[str, Any]) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    names = _sheet_names()
    summary.title = names["Summary"]
    last = _input_sheets(workbook, snapshot, names)
    _summary_sheet(summary, snapshot, last, names)
    _checks_sheet(workbook, snapshot, names)
    identity = snapshot["partnership"]
    workbook.properties.title = f"{identity['acronym'] or identity['name']}: {title_of(snapshot)}"
    workbook.properties.creator = identity["name"]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
