"""The business plan as DOCX (python-docx, with the shared building blocks of
``core.documents.docx``) and PDF (WeasyPrint), with its two charts drawn once
(``documents.charts``): SVG in the PDF, PNG in the DOCX, and every figure in a table."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from crosscluster.businessplan.documents import charts
from crosscluster.businessplan.documents.common import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    identity_line,
    line_summary,
    lists_every_line,
    title_of,
    workbook_pointer,
)
from crosscluster.businessplan.documents.condensed import (
    budget_matrix,
    budget_note,
    report_checks,
)
from crosscluster.core.dates import format_iso_date
from crosscluster.core.documents.docx import (
    add_chart,
    add_paragraphs,
    add_table,
    finish_with_funding,
)
from crosscluster.core.documents.pdf import render_pdf
from crosscluster.core.templatetags.crosscluster import amount_text, at_utc, percent
from crosscluster.engines.financing import checks


def _eur(value: Decimal | None) -> str:
    """An amount as the PDF writes it (``amount`` filter): "1 234 567,00" in French, the
    currency named by the sentence above the tables ("Amounts in EUR")."""
    return "" if value is None else amount_text(value)


def _percent(value: Decimal | float | None) -> str:
    """A percentage as the PDF writes it (``percent`` filter): "45%", "33,3 %" in German."""
    return "—" if value is None else percent(value)


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
        "shares_svg": mark_safe(charts.draw_shares(shares).svg()),  # escaped inside
        "cash_flow_svg": mark_safe(charts.draw_cash_flow(flows).svg()),
        "severity_labels": SEVERITY_LABELS,
        "status_labels": STATUS_LABELS,
        "checks": (results := report_checks(snapshot)),
        "grouped_checks": [result for result in results if result["groups"]],
        "any_illustrative": any(call["is_illustrative"] for call in snapshot["calls"]),
        **_lines_context(snapshot),
    }


def _lines_context(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """A plan of up to ``LINE_TABLE_LIMIT`` lines: every line, and the budget one row per action
    and year. Above: "Lines of the plan" summarises each action's lines with the sentence
    naming the workbook, and the budget is a matrix of actions x years."""
    if lists_every_line(snapshot):
        return {"lines_listed": True}
    return {
        "lines_listed": False,
        "workbook_pointer": workbook_pointer(snapshot),
        "line_summary": line_summary(snapshot),
        "budget_note": budget_note(snapshot),
        "budget_matrix": budget_matrix(snapshot),
    }


def render_pdf_html(snapshot: Mapping[str, Any], *, generated_at: datetime) -> str:
    return render_to_string(
        "businessplan/export_pdf.html", export_context(snapshot, generated_at=generated_at)
    )


def export_pdf(snapshot: Mapping[str, Any], *, generated_at: datetime) -> bytes:
    return render_pdf(render_pdf_html(snapshot, generated_at=generated_at))


def export_docx(snapshot: Mapping[str, Any], *, generated_at: datetime) -> bytes:
    identity = snapshot["partnership"]
    document = Document()
    properties = document.core_properties
    properties.title = f"{identity['acronym'] or identity['name']}: {title_of(snapshot)}"
    properties.author = identity["name"]
    properties.subject = _("Business plan of the Joint Internationalisation Strategy")
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{identity['acronym'] or identity['name']} · {title_of(snapshot)}"

    document.add_heading(title_of(snapshot), level=0)
    document.add_paragraph(identity_line(snapshot)).runs[0].bold = True
    document.add_paragraph(
        _(
            "Budget of the roadmap of “%(strategy)s”. Figures on %(today)s; exported on "
            "%(exported)s UTC. Amounts in EUR; rejected financing is not counted."
        )
        % {
            "strategy": snapshot["strategy_title"],
            "today": format_iso_date(snapshot["today"], "DATE_FORMAT"),
            "exported": at_utc(generated_at),
        }
    )
    if snapshot["notes"]:
        document.add_heading(_("Assumptions"), level=1)
        add_paragraphs(document, snapshot["notes"])

    document.add_heading(_("Summary"), level=1)
    add_table(
        document,
        [_("Total cost"), _("Total financing"), _("of which granted"), _("Financing - cost")],
        [[_eur(snapshot["total_cost"]), _eur(snapshot["total_financing"]),
          _eur(snapshot["granted"]),
          _eur(snapshot["total_financing"] - snapshot["total_cost"])]],
    )  # fmt: skip

    document.add_heading(_("Checks"), level=1)
    results = report_checks(snapshot)
    add_table(
        document,
        [_("Check"), _("Result"), _("Explanation")],
        [
            [result["title"], str(SEVERITY_LABELS[result["severity"]]), result["explanation"]]
            for result in results
        ],
    )
    for result in results:
        if result["shows_findings"]:
            document.add_paragraph(result["title"], style="Heading 3")
            if result["groups"]:
                document.add_paragraph(result["pointer"])
                add_table(document, _group_header(), _group_rows(result))
            else:
                for finding in result["findings"]:
                    document.add_paragraph(finding, style="List Bullet")

    if lists_every_line(snapshot):
        document.add_heading(_("Budget per action and year"), level=1)
        _add_budget_rows(document, snapshot)
    else:
        _add_budget_matrix(document, snapshot)

    shares, flows = _chart_data(snapshot)
    document.add_heading(_("Financing by level"), level=1)
    add_chart(document, charts.shares_png(shares))
    add_table(
        document,
        [_("Level"), _("Amount"), _("Share")],
        [[share["label"], _eur(share["amount"]), _percent(share["percent"])]
         for share in snapshot["shares"]],
    )  # fmt: skip

    document.add_heading(_("Cash-flow per year"), level=1)
    add_chart(document, charts.cash_flow_png(flows))
    add_table(
        document,
        [_("Year"), _("Costs"), _("Financing"), _("Balance"), _("Cumulative balance")],
        [[str(flow["year"]), _eur(flow["cost"]), _eur(flow["financing"]), _eur(flow["balance"]),
          _eur(flow["cumulative"])] for flow in snapshot["flows"]],
    )  # fmt: skip

    document.add_heading(_("Lines of the plan"), level=1)
    if lists_every_line(snapshot):
        _add_every_line(document, snapshot)
    else:
        document.add_paragraph(workbook_pointer(snapshot))
        _add_line_summary(document, snapshot)

    document.add_heading(_("Funding calls"), level=1)
    if snapshot["calls"]:
        add_table(
            document,
            [_("Call"), _("Programme"), _("Deadline"), _("Status"), _("Actions")],
            [[call["title"] + (_(" (illustrative)") if call["is_illustrative"] else ""),
              call["programme"], format_iso_date(call["deadline"]) or "—", call["status"], call["actions"]]
             for call in snapshot["calls"]],
        )  # fmt: skip
        if any(call["is_illustrative"] for call in snapshot["calls"]):
            document.add_paragraph(
                _("Calls marked illustrative are demo content, not real calls.")
            ).runs[0].italic = True
    else:
        document.add_paragraph(_("None followed yet."))

    document.add_heading(_("Instruments and sources"), level=1)
    if snapshot["instruments"]:
        add_table(
            document,
            [_("Instrument"), _("Programme"), _("Level"), _("Co-financing cap"), _("Source")],
            [[item["name"], item["programme"], item["level"],
              _percent(item["cap"]),
              " ".join(part for part in (item["url"], item["source"]) if part)]
             for item in snapshot["instruments"]],
        )  # fmt: skip
    else:
        document.add_paragraph(_("No instrument used yet."))

    return finish_with_funding(document, identity)


def _add_budget_rows(document: Any, snapshot: Mapping[str, Any]) -> None:
    add_table(
        document,
        [_("Action"), _("Year"), _("Staff"), _("Other costs"), _("Total cost"), _("Financing"), _("Financed - cost")],
        [
            [f"{cell['action']} {cell['title']}", str(cell["year"]), _eur(cell["staff"]),
             _eur(cell["other_costs"]), _eur(cell["cost"]), _eur(cell["financing"]),
             _eur(cell["balance"])]
            for cell in snapshot["cells"]
        ]
        + [[_("Total"), "", "", "", _eur(snapshot["total_cost"]),
            _eur(snapshot["total_financing"]),
            _eur(snapshot["total_financing"] - snapshot["total_cost"])]],
    )  # fmt: skip


def _add_budget_matrix(document: Any, snapshot: Mapping[str, Any]) -> None:
    """The budget as actions x years on landscape pages (amounts at 8 pt), then back to the
    document's portrait pages."""
    _turn_pages(document, landscape=True)
    document.add_heading(_("Budget per action and year"), level=1)
    document.add_paragraph(budget_note(snapshot))
    for block in budget_matrix(snapshot):
        table = add_table(
            document,
            [_("Action"), *(_("Total") if year is None else str(year) for year in block["years"])],
            [
                [f"{row['action']} {row['title']}" if row["action"] else _("Total"),
                 *("" for _cell in row["cells"])]
                for row in block["rows"]
            ],
        )  # fmt: skip
        for row, cells in zip(table.rows[1:], block["rows"], strict=True):
            for cell, figures in zip(row.cells[1:], cells["cells"], strict=True):
                _put_amounts(cell, figures)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
    _turn_pages(document, landscape=False)


#: the PDF's colour of a gap (``.gap``)
GAP_COLOUR = RGBColor(0xA4, 0x00, 0x00)


def _put_amounts(cell: Any, figures: Mapping[str, Decimal]) -> None:
    """A cell of the matrix: costs, financing and the balance one under the other, right
    aligned; a gap in red, bold."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for figure in ("cost", "financing", "balance"):
        run = paragraph.add_run(_eur(figures[figure]))
        if figure != "balance":
            run.add_break()
        elif figures[figure] < 0:
            run.bold = True
            run.font.color.rgb = GAP_COLOUR


def _turn_pages(document: Any, *, landscape: bool) -> None:
    """A new section on a new page, landscape or portrait (its header and footer as before)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if (width > height) != landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _group_header() -> list[str]:
    return [_("Finding"), _("Number"), _("Amount"), _("Actions and years concerned")]


def _group_rows(result: Mapping[str, Any]) -> list[list[str]]:
    return [
        [group["label"], group["count"], group["amount"], group["concerns"]]
        for group in result["groups"]
    ]


def _add_every_line(document: Any, snapshot: Mapping[str, Any]) -> None:
    document.add_heading(_("Person-months"), level=2)
    if snapshot["efforts"]:
        add_table(
            document,
            [_("Action"), _("Year"), _("Partner"), _("Person-months"), _("Monthly rate"), _("Staff cost")],
            [[effort["action"], str(effort["year"]), effort["partner"],
              _months(effort["person_months"]),
              _eur(effort["monthly_rate"]) or _("no rate"), _eur(effort["cost"])]
             for effort in snapshot["efforts"]],
        )  # fmt: skip
    else:
        document.add_paragraph(_("None yet."))
    document.add_heading(_("Costs"), level=2)
    if snapshot["costs"]:
        add_table(
            document,
            [_("Action"), _("Year"), _("Category"), _("Description"), _("Amount")],
            [[cost["action"], str(cost["year"]), cost["category_label"], cost["description"],
              _eur(cost["amount"])] for cost in snapshot["costs"]],
        )  # fmt: skip
    else:
        document.add_paragraph(_("None yet."))
    document.add_heading(_("Financing"), level=2)
    if snapshot["financing"]:
        add_table(
            document,
            [_("Action"), _("Year"), _("Level"), _("Source"), _("Status"), _("Amount")],
            [[line["action"], str(line["year"]), line["level_label"], line["source"]
              + (_(" (call: %(call)s)") % {"call": line["call"]} if line["call"] else ""),
              str(STATUS_LABELS.get(line["status"], line["status"])), _eur(line["amount"])]
             for line in snapshot["financing"]],
        )  # fmt: skip
    else:
        document.add_paragraph(_("None yet."))


def _add_line_summary(document: Any, snapshot: Mapping[str, Any]) -> None:
    add_table(
        document,
        [_("Action"), _("Person-month lines"), _("Person-months"), _("Staff cost"),
         _("Cost lines"), _("Other costs"), _("Financing lines"), _("Financing")],
        [[f"{row['action']} {row['title']}" if row["action"] else _("Total"),
          _count(row["efforts"]), _months(row["person_months"]), _eur(row["staff"]),
          _count(row["costs"]), _eur(row["other_costs"]), _count(row["financing_lines"]),
          _eur(row["financing"])]
         for row in line_summary(snapshot)],
    )  # fmt: skip


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


def _months(value: Decimal) -> str:
    """Person-months with two decimals, as the PDF writes them: "1,50" in German."""
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
