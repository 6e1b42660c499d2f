"""The business plan as XLSX (openpyxl, with formulas a finance officer can audit), DOCX
(python-docx) and PDF (WeasyPrint, with the SVG charts).

``build_export_snapshot`` reads (plain dicts from ``queries.build_snapshot``); the renderers are
pure functions of that snapshot. The workbook's layout is documented in docs/businessplan.md:
input sheets hold the lines as values; every total, share, cash-flow figure and "financed - cost"
check on the Summary sheet is a formula over the input sheets.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from crosscluster.businessplan import charts, permissions, queries
from crosscluster.engines.financing import checks
from crosscluster.exports.registry import ExportKind, ExportRequest, RenderedFile, allowed_if
from crosscluster.partnerships.queries import AnyUser
from crosscluster.strategy.exports import (
    add_chart,
    add_paragraphs,
    add_table,
    finish_with_funding,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
EUR_FORMAT = '"EUR" #,##0.00;[Red]-"EUR" #,##0.00'
PERCENT_FORMAT = "0.0%"
MONTHS_FORMAT = "0.00"
HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")
BOLD = Font(bold=True)
STATUS_LABELS = {"planned": "Planned", "applied": "Applied for", "granted": "Granted",
                 "rejected": "Rejected"}  # fmt: skip
SEVERITY_LABELS = {"ok": "OK", "warning": "Warning", "error": "Error"}


def build_export_snapshot(*, user: AnyUser, slug: str, today: date) -> dict[str, Any]:
    """The plan as the user may see it (raises Http404/PermissionDenied like the pages)."""
    access = permissions.access_plan(user=user, slug=slug)
    view = queries.view_plan(partnership=access.partnership, standing=access.standing, today=today)
    if view.plan is None:
        raise Http404("The partnership has no business plan yet.")
    return queries.build_snapshot(view)


def file_name(snapshot: Mapping[str, Any], extension: str) -> str:
    partnership = snapshot["partnership"]
    stem = (partnership["acronym"] or partnership["slug"]).replace(" ", "-")
    return f"{stem}-business-plan-{snapshot['first_year']}-{snapshot['last_year']}.{extension}"


def title_of(snapshot: Mapping[str, Any]) -> str:
    return f"Business plan {snapshot['first_year']}-{snapshot['last_year']}"


def identity_line(snapshot: Mapping[str, Any]) -> str:
    identity = snapshot["partnership"]
    return (
        f"{identity['name']}" + (f" ({identity['acronym']})" if identity["acronym"] else "")
        + f". {identity['kind']}, coordinated by {identity['coordinator']} "
        f"({identity['coordinator_country']})."
    )  # fmt: skip


# ---------------------------------------------------------------- XLSX


def _header(sheet: Worksheet, row: int, labels: Sequence[str], widths: Sequence[int] = ()) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
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
            actions.cell(row=row, column=column, value=value)
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
        staff.cell(row=row, column=1, value=effort["action"])
        staff.cell(row=row, column=2, value=effort["year"])
        staff.cell(row=row, column=3, value=effort["partner"])
        staff.cell(
            row=row, column=4, value=float(effort["person_months"])
        ).number_format = MONTHS_FORMAT
        rate = effort["monthly_rate"]
        staff.cell(
            row=row, column=5, value=None if rate is None else float(rate)
        ).number_format = EUR_FORMAT
        staff.cell(row=row, column=6, value=f"=D{row}*E{row}").number_format = EUR_FORMAT
        staff.cell(row=row, column=7, value=effort["note"])
    staff.freeze_panes = "A2"

    costs = workbook.create_sheet("Costs")
    _header(
        costs, 1, ["Action", "Year", "Category", "Description", "Amount (EUR)"], [10, 8, 24, 48, 18]
    )
    for row, cost in enumerate(snapshot["costs"], start=2):
        costs.cell(row=row, column=1, value=cost["action"])
        costs.cell(row=row, column=2, value=cost["year"])
        costs.cell(row=row, column=3, value=cost["category_label"])
        costs.cell(row=row, column=4, value=cost["description"])
        costs.cell(row=row, column=5, value=float(cost["amount"])).number_format = EUR_FORMAT
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
            financing.cell(row=row, column=column, value=value)
        financing.cell(row=row, column=8, value=float(line["amount"])).number_format = EUR_FORMAT
        financing.cell(
            row=row, column=9, value=f'=IF(G{row}="Rejected",0,H{row})'
        ).number_format = EUR_FORMAT
        financing.cell(row=row, column=10, value=line["note"])
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
            instruments.cell(row=row, column=column, value=value)
        cap = instrument["cap"]
        instruments.cell(
            row=row, column=5, value=None if cap is None else float(cap) / 100
        ).number_format = PERCENT_FORMAT
        instruments.cell(row=row, column=6, value=instrument["url"])
        instruments.cell(row=row, column=7, value=instrument["source"])
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

    sheet["A1"] = f"{title_of(snapshot)}: {snapshot['partnership']['name']}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = identity_line(snapshot)
    sheet["A3"] = (
        f"Strategy: {snapshot['strategy_title']}. Figures on {snapshot['today']}. All amounts in "
        "EUR; every figure on this sheet is a formula over the sheets Staff, Costs and Financing "
        "(rejected financing is not counted)."
    )
    for column, width in enumerate([12, 44, 10, 18, 18, 18, 18, 18, 12], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width

    row = 5
    sheet.cell(row=row, column=1, value="Per action and year").font = Font(bold=True, size=12)
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
        sheet.cell(row=row, column=1, value=cell["action"])
        sheet.cell(row=row, column=2, value=cell["title"])
        sheet.cell(row=row, column=3, value=cell["year"])
        sheet.cell(
            row=row,
            column=4,
            value=f"=SUMIFS({staff_cost},{staff_action},$A{row},{staff_year},$C{row})",
        )
        sheet.cell(
            row=row,
            column=5,
            value=f"=SUMIFS({cost_amount},{cost_action},$A{row},{cost_year},$C{row})",
        )
        sheet.cell(row=row, column=6, value=f"=D{row}+E{row}")
        sheet.cell(
            row=row, column=7, value=f"=SUMIFS({counted},{fin_action},$A{row},{fin_year},$C{row})"
        )
        sheet.cell(row=row, column=8, value=f"=G{row}-F{row}")
        sheet.cell(row=row, column=9, value=f'=IF(H{row}<0,"Gap",IF(H{row}>0,"Surplus","OK"))')
    last_cell = max(row, first)
    row += 1
    total_row = row
    sheet.cell(row=row, column=2, value="Total").font = BOLD
    for letter in "DEFGH":
        target = sheet[f"{letter}{row}"]
        target.value = f"=SUM({letter}{first}:{letter}{last_cell})"
        target.font = BOLD
    sheet.cell(
        row=row, column=9, value=f'=IF(MIN(H{first}:H{last_cell})<0,"Gaps","OK")'
    ).font = BOLD
    for number in range(first, row + 1):
        for letter in "DEFGH":
            sheet[f"{letter}{number}"].number_format = EUR_FORMAT

    row += 2
    sheet.cell(row=row, column=1, value="Financing by level").font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, ["Level", "", "", "Amount", "Share"])
    level_first = row + 1
    for _key, label in snapshot["levels"]:
        row += 1
        sheet.cell(row=row, column=1, value=label)
        sheet.cell(row=row, column=4, value=f"=SUMIFS({counted},{fin_level},$A{row})")
        sheet[f"D{row}"].number_format = EUR_FORMAT
    level_last = row
    row += 1
    level_total = row
    sheet.cell(row=row, column=1, value="Total").font = BOLD
    sheet.cell(row=row, column=4, value=f"=SUM(D{level_first}:D{level_last})").font = BOLD
    sheet[f"D{row}"].number_format = EUR_FORMAT
    for number in range(level_first, level_total + 1):
        sheet.cell(
            row=number, column=5, value=f"=IF($D${level_total}=0,0,D{number}/$D${level_total})"
        ).number_format = PERCENT_FORMAT

    row += 2
    sheet.cell(row=row, column=1, value="Cash-flow per year").font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, ["Year", "", "", "Costs", "Financing", "Balance", "Cumulative"])
    flow_first = row + 1
    for year in snapshot["years"]:
        row += 1
        sheet.cell(row=row, column=1, value=year)
        sheet.cell(
            row=row,
            column=4,
            value=f"=SUMIFS({staff_cost},{staff_year},$A{row})+SUMIFS({cost_amount},{cost_year},$A{row})",
        )
        sheet.cell(row=row, column=5, value=f"=SUMIFS({counted},{fin_year},$A{row})")
        sheet.cell(row=row, column=6, value=f"=E{row}-D{row}")
        sheet.cell(
            row=row, column=7, value=f"=F{row}" if row == flow_first else f"=G{row - 1}+F{row}"
        )
        for letter in "DEFG":
            sheet[f"{letter}{row}"].number_format = EUR_FORMAT

    row += 2
    sheet.cell(row=row, column=1, value="Costs by category").font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, ["Category", "", "", "Amount"])
    category_first = row + 1
    for key, label in snapshot["categories"]:
        row += 1
        sheet.cell(row=row, column=1, value=label)
        formula = f"=SUMIFS({cost_amount},{cost_category},$A{row})"
        if key == "staff":  # person-months x rates, plus staff costs entered as cost lines
            formula = f"=SUM({staff_cost})+SUMIFS({cost_amount},{cost_category},$A{row})"
        sheet.cell(row=row, column=4, value=formula).number_format = EUR_FORMAT
    row += 1
    sheet.cell(row=row, column=1, value="Total").font = BOLD
    sheet.cell(row=row, column=4, value=f"=SUM(D{category_first}:D{row - 1})").font = BOLD
    sheet[f"D{row}"].number_format = EUR_FORMAT

    row += 2
    sheet.cell(row=row, column=1, value="Checks").font = Font(bold=True, size=12)
    row += 1
    _header(sheet, row, ["Check", "", "", "Value", "Result"])
    row += 1
    sheet.cell(row=row, column=1, value="Total financed - total cost")
    sheet.cell(row=row, column=4, value=f"=G{total_row}-F{total_row}").number_format = EUR_FORMAT
    sheet.cell(row=row, column=5, value=f'=IF(D{row}<0,"Gap",IF(D{row}>0,"Surplus","OK"))')
    row += 1
    sheet.cell(row=row, column=1, value="Largest gap of an action-year")
    sheet.cell(row=row, column=4, value=f"=MIN(H{first}:H{last_cell})").number_format = EUR_FORMAT
    sheet.cell(row=row, column=5, value=f'=IF(D{row}<0,"Gap","OK")')
    row += 1
    sheet.cell(row=row, column=1, value="Shares add up to the financing")
    sheet.cell(row=row, column=4, value=f"=D{level_total}-G{total_row}").number_format = EUR_FORMAT
    sheet.cell(row=row, column=5, value=f'=IF(D{row}=0,"OK","Mismatch")')


def _checks_sheet(workbook: Workbook, snapshot: Mapping[str, Any]) -> None:
    sheet = workbook.create_sheet("Checks")
    _header(sheet, 1, ["Check", "Result", "Explanation", "Findings"], [28, 10, 80, 100])
    for row, result in enumerate(snapshot["checks"], start=2):
        sheet.cell(row=row, column=1, value=result["title"])
        sheet.cell(row=row, column=2, value=SEVERITY_LABELS[result["severity"]])
        sheet.cell(row=row, column=3, value=result["explanation"])
        sheet.cell(row=row, column=4, value="\n".join(result["findings"]))
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
            calls.cell(row=row, column=column, value=value)
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


# ---------------------------------------------------------------- DOCX and PDF


def _eur(value: Decimal | None) -> str:
    return "" if value is None else checks.eur(value)


def _chart_data(
    snapshot: Mapping[str, Any],
) -> tuple[list[checks.LevelShare], list[checks.YearFlow]]:
    shares = [
        checks.LevelShare(
            level=share["level"],
            label=share["label"],
            amount=share["amount"],
            percent=share["percent"],
        )
        for share in snapshot["shares"]
    ]
    flows = [
        checks.YearFlow(
            year=flow["year"],
            cost=flow["cost"],
            financing=flow["financing"],
            cumulative=flow["cumulative"],
        )
        for flow in snapshot["flows"]
    ]
    return shares, flows


def export_context(snapshot: Mapping[str, Any], *, generated_at: datetime) -> dict[str, Any]:
    shares, flows = _chart_data(snapshot)
    return {
        "snapshot": snapshot,
        "identity": snapshot["partnership"],
        "title": title_of(snapshot),
        "identity_line": identity_line(snapshot),
        "generated_at": generated_at,
        "shares_svg": mark_safe(charts.shares_svg(shares)),  # built from escaped text
        "cash_flow_svg": mark_safe(charts.cash_flow_svg(flows)),
        "severity_labels": SEVERITY_LABELS,
        "any_illustrative": any(call["is_illustrative"] for call in snapshot["calls"]),
    }


def render_pdf_html(snapshot: Mapping[str, Any], *, generated_at: datetime) -> str:
    return render_to_string(
        "businessplan/export_pdf.html", export_context(snapshot, generated_at=generated_at)
    )


def export_pdf(snapshot: Mapping[str, Any], *, generated_at: datetime) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_pdf_html(snapshot, generated_at=generated_at)).write_pdf())


def export_docx(snapshot: Mapping[str, Any], *, generated_at: datetime) -> bytes:
    identity = snapshot["partnership"]
    document = Document()
    properties = document.core_properties
    properties.title = f"{identity['acronym'] or identity['name']}: {title_of(snapshot)}"
    properties.author = identity["name"]
    properties.subject = "Business plan of the Joint Internationalisation Strategy"
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{identity['acronym'] or identity['name']} · {title_of(snapshot)}"

    document.add_heading(title_of(snapshot), level=0)
    document.add_paragraph(identity_line(snapshot)).runs[0].bold = True
    document.add_paragraph(
        f"Budget of the roadmap of “{snapshot['strategy_title']}”. Figures on "
        f"{snapshot['today']}; exported on {generated_at:%Y-%m-%d %H:%M} UTC. Amounts in EUR; "
        "rejected financing is not counted."
    )
    if snapshot["notes"]:
        document.add_heading("Assumptions", level=1)
        add_paragraphs(document, snapshot["notes"])

    document.add_heading("Summary", level=1)
    add_table(
        document,
        ["Total cost", "Total financing", "of which granted", "Financing - cost"],
        [[_eur(snapshot["total_cost"]), _eur(snapshot["total_financing"]),
          _eur(snapshot["granted"]),
          _eur(snapshot["total_financing"] - snapshot["total_cost"])]],
    )  # fmt: skip

    document.add_heading("Checks", level=1)
    add_table(
        document,
        ["Check", "Result", "Explanation"],
        [
            [result["title"], SEVERITY_LABELS[result["severity"]], result["explanation"]]
            for result in snapshot["checks"]
        ],
    )
    for result in snapshot["checks"]:
        if result["findings"] and result["severity"] != "ok":
            document.add_paragraph(result["title"], style="Heading 3")
            for finding in result["findings"]:
                document.add_paragraph(finding, style="List Bullet")

    document.add_heading("Budget per action and year", level=1)
    add_table(
        document,
        ["Action", "Year", "Staff", "Other costs", "Total cost", "Financing", "Financed - cost"],
        [
            [f"{cell['action']} {cell['title']}", str(cell["year"]), _eur(cell["staff"]),
             _eur(cell["other_costs"]), _eur(cell["cost"]), _eur(cell["financing"]),
             _eur(cell["balance"])]
            for cell in snapshot["cells"]
        ]
        + [["Total", "", "", "", _eur(snapshot["total_cost"]),
            _eur(snapshot["total_financing"]),
            _eur(snapshot["total_financing"] - snapshot["total_cost"])]],
    )  # fmt: skip

    shares, flows = _chart_data(snapshot)
    document.add_heading("Financing by level", level=1)
    add_chart(document, charts.shares_png(shares))
    add_table(
        document,
        ["Level", "Amount", "Share"],
        [[share["label"], _eur(share["amount"]), f"{share['percent']}%"]
         for share in snapshot["shares"]],
    )  # fmt: skip

    document.add_heading("Cash-flow per year", level=1)
    add_chart(document, charts.cash_flow_png(flows))
    add_table(
        document,
        ["Year", "Costs", "Financing", "Balance", "Cumulative balance"],
        [[str(flow["year"]), _eur(flow["cost"]), _eur(flow["financing"]), _eur(flow["balance"]),
          _eur(flow["cumulative"])] for flow in snapshot["flows"]],
    )  # fmt: skip

    document.add_heading("Lines of the plan", level=1)
    document.add_heading("Person-months", level=2)
    if snapshot["efforts"]:
        add_table(
            document,
            ["Action", "Year", "Partner", "Person-months", "Monthly rate", "Staff cost"],
            [[effort["action"], str(effort["year"]), effort["partner"],
              f"{effort['person_months']:.2f}",
              _eur(effort["monthly_rate"]) or "no rate", _eur(effort["cost"])]
             for effort in snapshot["efforts"]],
        )  # fmt: skip
    else:
        document.add_paragraph("None yet.")
    document.add_heading("Costs", level=2)
    if snapshot["costs"]:
        add_table(
            document,
            ["Action", "Year", "Category", "Description", "Amount"],
            [[cost["action"], str(cost["year"]), cost["category_label"], cost["description"],
              _eur(cost["amount"])] for cost in snapshot["costs"]],
        )  # fmt: skip
    else:
        document.add_paragraph("None yet.")
    document.add_heading("Financing", level=2)
    if snapshot["financing"]:
        add_table(
            document,
            ["Action", "Year", "Level", "Source", "Status", "Amount"],
            [[line["action"], str(line["year"]), line["level_label"], line["source"]
              + (f" (call: {line['call']})" if line["call"] else ""),
              STATUS_LABELS.get(line["status"], line["status"]), _eur(line["amount"])]
             for line in snapshot["financing"]],
        )  # fmt: skip
    else:
        document.add_paragraph("None yet.")

    document.add_heading("Funding calls", level=1)
    if snapshot["calls"]:
        add_table(
            document,
            ["Call", "Programme", "Deadline", "Status", "Actions"],
            [[call["title"] + (" (illustrative)" if call["is_illustrative"] else ""),
              call["programme"], call["deadline"] or "—", call["status"], call["actions"]]
             for call in snapshot["calls"]],
        )  # fmt: skip
        if any(call["is_illustrative"] for call in snapshot["calls"]):
            document.add_paragraph(
                "Calls marked illustrative are demo content, not real calls."
            ).runs[0].italic = True
    else:
        document.add_paragraph("None followed yet.")

    document.add_heading("Instruments and sources", level=1)
    if snapshot["instruments"]:
        add_table(
            document,
            ["Instrument", "Programme", "Level", "Co-financing cap", "Source"],
            [[item["name"], item["programme"], item["level"],
              "—" if item["cap"] is None else f"{item['cap'].normalize():f}%",
              " ".join(part for part in (item["url"], item["source"]) if part)]
             for item in snapshot["instruments"]],
        )  # fmt: skip
    else:
        document.add_paragraph("No instrument used yet.")

    return finish_with_funding(document, identity)


# ---------------------------------------------------------------- the export kind


def render(request: ExportRequest) -> RenderedFile:
    now = timezone.now()
    snapshot = build_export_snapshot(user=request.user, slug=request.subject, today=now.date())
    if request.file_format == "xlsx":
        content = export_xlsx(snapshot)
    elif request.file_format == "docx":
        content = export_docx(snapshot, generated_at=now)
    elif request.file_format == "pdf":
        content = export_pdf(snapshot, generated_at=now)
    else:
        raise ValueError(f"unknown format {request.file_format!r}")
    return RenderedFile(filename=file_name(snapshot, request.file_format), content=content)


BUSINESS_PLAN = ExportKind(
    key="businessplan.plan",
    label="Business plan",
    formats=("pdf", "docx", "xlsx"),
    can_request=allowed_if(lambda user, subject: permissions.access_plan(user=user, slug=subject)),
    render=render,
)
