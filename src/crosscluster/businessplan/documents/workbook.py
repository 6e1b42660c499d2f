"""The business plan as XLSX (openpyxl), with formulas a finance officer can audit.

The workbook's layout is documented in docs/businessplan.md: input sheets hold the lines as
values; every total, share, cash-flow figure and "financed - cost" check on the Summary sheet is
a formula over the input sheets.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from crosscluster.businessplan.documents.common import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    identity_line,
    title_of,
)
from crosscluster.core.documents.xlsx import put, put_formula

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EUR_FORMAT = '"EUR" #,##0.00;[Red]-"EUR" #,##0.00'
PERCENT_FORMAT = "0.0%"
MONTHS_FORMAT = "0.00"
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


def _range(sheet: str, column: str, last_row: int) -> str:
    """An absolute range of an input sheet's data rows (at least row 2, so it is never empty)."""
    return f"{sheet}!${column}$2:${column}${max(last_row, 2)}"


def _input_sheets(workbook: Workbook, snapshot: Mapping[str, Any]) -> dict[str, int]:
    """The input sheets (values only, one line per row); returns each sheet's last data row."""
    actions = workbook.create_sheet("Actions")
    _header(actions, 1, ["Action", "Title", "Owner", "Start", "End"], [10, 48, 32, 12, 12])
    for row, action in enumerate(snapshot["actions"], start=2):
        for column, value in enumerate(
            [action["code"], action["title"], action["owner"], action["start_date"],
             action["end_date"]], start=1
        ):  # fmt: skip
            put(actions, row=row, column=column, value=value)
    actions.freeze_panes = "A2"

    staff = workbook.create_sheet("Staff")
    _header(
        staff,
        1,
        ["Action", "Year", "Partner", "Person-months", "Monthly rate (EUR)", "Staff cost (EUR)",
         "Note"],
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

    costs = workbook.create_sheet("Costs")
    _header(
        costs, 1, ["Action", "Year", "Category", "Description", "Amount (EUR)"], [10, 8, 24, 48, 18]
    )
    for row, cost in enumerate(snapshot["costs"], start=2):
        put(costs, row=row, column=1, value=cost["action"])
        put(costs, row=row, column=2, value=cost["year"])
        put(costs, row=row, column=3, value=cost["category_label"])
        put(costs, row=row, column=4, value=cost["description"])
        put(costs, row=row, column=5, value=float(cost["amount"])).number_format = EUR_FORMAT
    costs.freeze_panes = "A2"

    financing = workbook.create_sheet("Financing")
    _header(
        financing,
        1,
        ["Action", "Year", "Level", "Source", "Programme", "Call", "Status", "Amount (EUR)",
         "Counted (EUR)", "Note"],
        [10, 8, 18, 36, 32, 32, 12, 18, 18, 30],
    )  # fmt: skip
    for row, line in enumerate(snapshot["financing"], start=2):
        for column, value in enumerate(
            [line["action"], line["year"], line["level_label"], line["source"], line["programme"],
             line["call"], STATUS_LABELS.get(line["status"], line["status"])], start=1
        ):  # fmt: skip
            put(financing, row=row, column=column, value=value)
        put(financing, row=row, column=8, value=float(line["amount"])).number_format = EUR_FORMAT
        put_formula(
            financing, row=row, column=9, formula=f'=IF(G{row}="Rejected",0,H{row})'
        ).number_format = EUR_FORMAT
        put(financing, row=row, column=10, value=line["note"])
    financing.freeze_panes = "A2"

    instruments = workbook.create_sheet("Instruments")
    _header(
        instruments,
        1,
        ["Instrument", "Programme", "Level", "Managing body", "Co-financing cap", "Address",
         "Source"],
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


def _summary_sheet(sheet: Worksheet, snapshot: Mapping[str, Any], last: Mapping[str, int]) -> None:
    staff_cost = _range("Staff", "F", last["Staff"])
    staff_action = _range("Staff", "A", last["Staff"])
    staff_year = _range("Staff", "B", last["Staff"])
    cost_amount = _range("Costs", "E", last["Costs"])
    cost_action = _range("Costs", "A", last["Costs"])
    cost_year = _range("Costs", "B", last["Costs"])
    cost_category = _range("Costs", "C", last["Costs"])
    counted = _range("Financing", "I", last["Financing"])
    fin_action = _range("Financing", "A", last["Financing"])
    fin_year = _range("Financing", "B", last["Financing"])
    fin_level = _range("Financing", "C", last["Financing"])

    put(
        sheet, row=1, column=1, value=f"{title_of(snapshot)}: {snapshot['partnership']['name']}"
    ).font = Font(bold=True, size=14)
    put(sheet, row=2, column=1, value=identity_line(snapshot))
    put(
        sheet,
        row=3,
        column=1,
        value=(
            f"Strategy: {snapshot['strategy_title']}. Figures on {snapshot['today']}. All amounts in "
            "EUR; every figure on this sheet is a formula over the sheets Staff, Costs and Financing "
            "(rejected financing is not counted)."
        ),
    )
    for column, width in enumerate([12, 44, 10, 18, 18, 18, 18, 18, 12], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width

    row = 5
    put(sheet, row=row, column=1, value="Per action and year").font = Font(bold=True, size=12)
    row += 1
    _header(
        sheet,
        row,
        ["Action", "Title", "Year", "Staff", "Other costs", "Total cost", "Financing",
         "Financed - cost", "Check"],
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
            sheet, row=row, column=9, formula=f'=IF(H{row}<0,"Gap",IF(H{row}>0,"Surplus","OK"))'
        )
    last_cell = max(row, first)
    row += 1
    total_row = row
    put(sheet, row=row, column=2, value="Total").font = BOLD
    for letter in "DEFGH":
        put_formula(
            sheet,
            row=row,
            column=ord(letter) - ord("A") + 1,
            formula=f"=SUM({letter}{first}:{letter}{last_cell})",
        ).font = BOLD
    put_formula(
        sheet, row=row, column=9, formula=f'=IF(MIN(H{first}:H{last_cell})<0,"Gaps","OK")'
    ).font = BOLD
    for number in range(first, row + 1):
        for letter in "DEFGH":
            sheet[f"{letter}{number}"].number_format = EUR_FORMAT

    row += 2
    put(sheet, row=row, column=1, value="Financing by level").font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, ["Level", "", "", "Amount", "Share"])
    level_first = row + 1
    for _key, label in snapshot["levels"]:
        row += 1
        put(sheet, row=row, column=1, value=label)
        put_formula(sheet, row=row, column=4, formula=f"=SUMIFS({counted},{fin_level},$A{row})")
        sheet[f"D{row}"].number_format = EUR_FORMAT
    level_last = row
    row += 1
    level_total = row
    put(sheet, row=row, column=1, value="Total").font = BOLD
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
    put(sheet, row=row, column=1, value="Cash-flow per year").font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, ["Year", "", "", "Costs", "Financing", "Balance", "Cumulative"])
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
    put(sheet, row=row, column=1, value="Costs by category").font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, ["Category", "", "", "Amount"])
    category_first = row + 1
    for key, label in snapshot["categories"]:
        row += 1
        put(sheet, row=row, column=1, value=label)
        formula = f"=SUMIFS({cost_amount},{cost_category},$A{row})"
        if key == "staff":  # person-months x rates, plus staff costs entered as cost lines
            formula = f"=SUM({staff_cost})+SUMIFS({cost_amount},{cost_category},$A{row})"
        put_formula(sheet, row=row, column=4, formula=formula).number_format = EUR_FORMAT
    row += 1
    put(sheet, row=row, column=1, value="Total").font = BOLD
    put_formula(sheet, row=row, column=4, formula=f"=SUM(D{category_first}:D{row - 1})").font = BOLD
    sheet[f"D{row}"].number_format = EUR_FORMAT

    row += 2
    put(sheet, row=row, column=1, value="Checks").font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, ["Check", "", "", "Value", "Result"])
    row += 1
    put(sheet, row=row, column=1, value="Total financed - total cost")
    put_formula(
        sheet, row=row, column=4, formula=f"=G{total_row}-F{total_row}"
    ).number_format = EUR_FORMAT
    put_formula(
        sheet, row=row, column=5, formula=f'=IF(D{row}<0,"Gap",IF(D{row}>0,"Surplus","OK"))'
    )
    row += 1
    put(sheet, row=row, column=1, value="Largest gap of an action-year")
    put_formula(
        sheet, row=row, column=4, formula=f"=MIN(H{first}:H{last_cell})"
    ).number_format = EUR_FORMAT
    put_formula(sheet, row=row, column=5, formula=f'=IF(D{row}<0,"Gap","OK")')
    row += 1
    put(sheet, row=row, column=1, value="Shares add up to the financing")
    put_formula(
        sheet, row=row, column=4, formula=f"=D{level_total}-G{total_row}"
    ).number_format = EUR_FORMAT
    put_formula(sheet, row=row, column=5, formula=f'=IF(D{row}=0,"OK","Mismatch")')


def _checks_sheet(workbook: Workbook, snapshot: Mapping[str, Any]) -> None:
    sheet = workbook.create_sheet("Checks")
    _header(sheet, 1, ["Check", "Result", "Explanation", "Findings"], [28, 10, 80, 100])
    for row, result in enumerate(snapshot["checks"], start=2):
        put(sheet, row=row, column=1, value=result["title"])
        put(sheet, row=row, column=2, value=SEVERITY_LABELS[result["severity"]])
        put(sheet, row=row, column=3, value=result["explanation"])
        put(sheet, row=row, column=4, value="\n".join(result["findings"]))
        for column in (3, 4):
            sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    calls = workbook.create_sheet("Calls")
    _header(
        calls,
        1,
        ["Call", "Programme", "Deadline", "Status", "Actions", "Address", "Illustrative"],
        [48, 36, 12, 12, 16, 48, 12],
    )
    for row, call in enumerate(snapshot["calls"], start=2):
        for column, value in enumerate(
            [call["title"], call["programme"], call["deadline"], call["status"], call["actions"],
             call["url"], "yes (demo)" if call["is_illustrative"] else ""], start=1
        ):  # fmt: skip
            put(calls, row=row, column=column, value=value)
    calls.freeze_panes = "A2"


def export_xlsx(snapshot: Mapping[str, Any]) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Summary"
    last = _input_sheets(workbook, snapshot)
    _summary_sheet(summary, snapshot, last)
    _checks_sheet(workbook, snapshot)
    identity = snapshot["partnership"]
    workbook.properties.title = f"{identity['acronym'] or identity['name']}: {title_of(snapshot)}"
    workbook.properties.creator = identity["name"]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
