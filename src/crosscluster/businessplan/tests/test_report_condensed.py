"""What the DOCX and PDF condense for a large plan, read back from the files: a check's many
findings grouped (one row per kind and subject, every finding still in the workbook's Checks
sheet, one a row) and, past ``LINE_TABLE_LIMIT`` lines, the budget as a matrix of actions x
years. Small plans keep their full tables.

``many_findings`` is a plan of 12 actions over 2026-2027 with, in each of its 24 action-years,
a cost of 1,000 + 100 x n (n = 0..23) and 1.5 person-months of the cluster without a rate, and
no financing: 24 gaps (51,600 in all) and 24 person-month lines without a rate (36 PM).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from crosscluster.businessplan import documents, services
from crosscluster.businessplan.documents import condensed, report
from crosscluster.businessplan.tests.helpers import NOW, build_plan, build_roadmap
from crosscluster.businessplan.tests.test_exports import snapshot_of
from crosscluster.businessplan.tests.test_report_lines import docx_tables, large
from crosscluster.strategy.tests.helpers import pdf_text
from tests.cast import Cast

pytestmark = pytest.mark.django_db

GROUP_HEADER = "Finding|Number|Amount|Actions and years concerned"
BUDGET_ROWS_HEADER = "Action|Year|Staff|Other costs|Total cost|Financing|Financed - cost"
ALL_YEARS = "; ".join(f"A{n}: 2026, 2027" for n in range(1, 13))


def many_findings(cast: Cast) -> dict[str, Any]:
    actions = build_roadmap(cast, actions=12)
    user = cast.coordinator
    plan = services.save_plan(
        user=user,
        partnership=cast.partnership,
        data=services.PlanInput(first_year=2026, last_year=2027),
        now=NOW,
    )
    for number, (action, year) in enumerate((a, y) for a in actions for y in (2026, 2027)):
        services.save_cost(
            user=user,
            plan=plan,
            data=services.CostInput(action.pk, year, "travel", "Trip", 1000 + 100 * number),
        )
        services.save_effort(
            user=user, plan=plan, data=services.EffortInput(action.pk, year, cast.cluster.pk, "1.5")
        )
    return snapshot_of(cast)


def text_of(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", pdf_text(pdf))


def test_a_small_plan_lists_its_findings_and_its_budget_row_by_row(cast) -> None:
    build_plan(cast)
    snapshot = snapshot_of(cast)
    gap = "A2 Matchmaking, 2027: costs €12,000.00, financing €10,000.00, gap of €2,000.00."

    content = documents.export_docx(snapshot, generated_at=NOW)
    document = Document(io.BytesIO(content))
    assert gap in [paragraph.text for paragraph in document.paragraphs]
    tables = docx_tables(content)
    assert GROUP_HEADER not in tables
    assert tables[BUDGET_ROWS_HEADER][4] == [
        "A2 Matchmaking", "2027", "0.00", "12,000.00", "12,000.00",
        "10,000.00", "-2,000.00",
    ]  # fmt: skip
    assert all(section.orientation == WD_ORIENT.PORTRAIT for section in document.sections)

    text = text_of(documents.export_pdf(snapshot, generated_at=NOW))
    assert gap in text
    assert "grouped below" not in text
    assert "A2 Matchmaking 2027 0.00 12,000.00 12,000.00 10,000.00 -2,000.00" in text


def test_a_check_with_many_findings_groups_them_and_the_workbook_lists_each(cast) -> None:
    snapshot = many_findings(cast)
    pointer = (
        "24 findings, grouped below; each one is listed in the workbook "
        "TDA-business-plan-2026-2027.xlsx (sheet “Checks”)."
    )
    gaps = ["Action-years with a gap", "24", "€51,600.00", ALL_YEARS]
    rates = ["Pole Test Cluster", "24", "36 PM", ALL_YEARS]

    content = documents.export_docx(snapshot, generated_at=NOW)
    paragraphs = [paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs]
    assert paragraphs.count(pointer) == 2  # the gaps and the person-months without a rate
    assert not any(text.startswith("A1 Study visits, 2026: costs") for text in paragraphs)
    grouped = [
        rows for rows in (table for table in _docx_tables_all(content)) if rows[0] == GROUP_HEADER
    ]
    assert [rows[1:] for rows in grouped] == [[gaps], [rates]]
    assert BUDGET_ROWS_HEADER in docx_tables(content)  # 48 lines: the budget row by row

    text = text_of(documents.export_pdf(snapshot, generated_at=NOW))
    assert text.count(pointer) == 2
    assert "Action-years with a gap 24 €51,600.00 A1: 2026, 2027; A2: 2026, 2027;" in text
    assert "Pole Test Cluster 24 36 PM A1: 2026, 2027;" in text
    assert "costs €1,000.00, financing €0.00" not in text  # no finding one by one

    workbook = load_workbook(io.BytesIO(documents.export_xlsx(snapshot)))
    sheet = workbook["Checks"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    financed = [row for row in rows if row[0] == "Every cost is financed"]
    assert len(financed) == 24  # one finding a row, the check named on each
    assert financed[0][3] == (
        "A1 Study visits, 2026: costs €1,000.00, financing €0.00, gap of €1,000.00."
    )
    assert financed[0][2].startswith("24 action-years lack financing")  # once, on its first row
    assert {row[2] for row in financed[1:]} == {None}
    assert len([row for row in rows if row[0] == "Person-months have a rate"]) == 24
    assert sheet.auto_filter.ref == f"A1:D{sheet.max_row}"


def _docx_tables_all(content: bytes) -> list[list[str]]:
    """Every table (several may share a header): its rows, the header joined with "|"."""
    tables = []
    for table in Document(io.BytesIO(content)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        tables.append(["|".join(rows[0]), *rows[1:]])
    return tables


def test_grouped_findings_in_german_name_the_german_workbook_and_write_german_amounts(
    cast,
) -> None:
    """The amounts, the count and the file name are the reader's (the sentences' words come
    from the catalogues)."""
    snapshot = many_findings(cast)
    with translation.override("de"):
        text = text_of(documents.export_pdf(snapshot, generated_at=NOW))
        content = documents.export_docx(snapshot, generated_at=NOW)
    assert "TDA-geschäftsplan-2026-2027.xlsx" in text
    assert " 24 51.600,00 € A1: 2026, 2027;" in text
    assert " 24 36 PM A1: 2026, 2027;" in text
    rows = [rows for rows in _docx_tables_all(content) if len(rows[0].split("|")) == 4]
    assert ["Pole Test Cluster", "24", "36 PM", ALL_YEARS] in rows[-1]

    with translation.override("de"):
        workbook = load_workbook(io.BytesIO(documents.export_xlsx(snapshot)))
        sheet = workbook[pgettext("workbook sheet", "Checks")]
        financed = gettext("Every cost is financed")
    assert sheet.title == "Prüfungen"
    findings = [row[3].value for row in sheet.iter_rows(min_row=2) if row[0].value == financed]
    assert len(findings) == 24
    assert "1.000,00\u00a0€" in findings[0]  # each finding worded the reader's way


def test_a_plan_over_the_limit_gives_its_budget_as_a_matrix_of_actions_and_years(cast) -> None:
    build_plan(cast)
    snapshot = large(snapshot_of(cast))  # 307 lines
    # each cell: costs, financing, financing - costs (docs of test_exports)
    expected = [
        "Action|2026|2027|Total",
        ["A1 Study visits", "12,000.00\n12,000.00\n0.00", "8,000.00\n8,000.00\n0.00",
         "20,000.00\n20,000.00\n0.00"],
        ["A2 Matchmaking", "0.00\n0.00\n0.00", "12,000.00\n10,000.00\n-2,000.00",
         "12,000.00\n10,000.00\n-2,000.00"],
        ["Total", "12,000.00\n12,000.00\n0.00", "20,000.00\n18,000.00\n-2,000.00",
         "32,000.00\n30,000.00\n-2,000.00"],
    ]  # fmt: skip

    content = documents.export_docx(snapshot, generated_at=NOW)
    tables = _docx_tables_all(content)
    assert expected in tables
    assert not any(rows[0] == BUDGET_ROWS_HEADER for rows in tables)
    document = Document(io.BytesIO(content))
    orientations = [section.orientation for section in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = document.sections[1]
    assert landscape.page_width > landscape.page_height
    matrix = next(table for table in document.tables if table.rows[0].cells[1].text == "2026")
    gap = matrix.rows[2].cells[2].paragraphs[0].runs[-1]  # A2 in 2027: financing - costs
    assert (gap.text, gap.bold, gap.font.color.rgb) == ("-2,000.00", True, report.GAP_COLOUR)
    assert matrix.rows[1].cells[2].paragraphs[0].runs[-1].bold is None  # no gap: as the rest
    assert "Each cell: costs, financing, and financing \u2212 costs below them" in "".join(
        paragraph.text for paragraph in document.paragraphs
    )

    text = text_of(documents.export_pdf(snapshot, generated_at=NOW))
    assert "Each cell: costs, financing, and financing \u2212 costs below them" in text
    assert (
        "A2 Matchmaking 0.00 0.00 0.00 12,000.00 10,000.00 -2,000.00 12,000.00 10,000.00 "
        "-2,000.00 Total 12,000.00 12,000.00 0.00 20,000.00 18,000.00 -2,000.00 32,000.00 "
        "30,000.00 -2,000.00"
    ) in text
    assert "A2 Matchmaking 2027 0.00 12,000.00" not in text  # no row per action and year

    with translation.override("fr"):
        french = text_of(documents.export_pdf(snapshot, generated_at=NOW))
    assert "Total 12 000,00 12 000,00 0,00 20 000,00 18 000,00" in french  # spaces: text_of


def test_a_plan_of_many_years_gets_its_matrix_in_tables_of_seven_years() -> None:
    years = list(range(2026, 2036))  # ten years
    cell = {"cost": Decimal(2), "financing": Decimal(1), "balance": Decimal(-1)}
    snapshot = {
        "years": years,
        "cells": [{"action": "A1", "title": "One", "year": year, **cell} for year in years],
    }
    blocks = condensed.budget_matrix(snapshot)
    assert [block["years"] for block in blocks] == [years[:7], [*years[7:], None]]
    assert blocks[1]["rows"][0]["cells"][-1] == {
        "cost": Decimal(20), "financing": Decimal(10), "balance": Decimal(-10),
    }  # fmt: skip
    assert [row["action"] for row in blocks[0]["rows"]] == ["A1", ""]  # and the totals


def test_years_of_a_group_read_as_ranges() -> None:
    parts = [
        {"action": "A1", "year": year} for year in (2031, 2026, 2027, 2028, 2029, 2033, 2034)
    ] + [{"action": "A2", "year": 2030}, {"action": "A1", "year": 2026}]
    assert condensed._concerns(parts) == "A1: 2026\u20132029, 2031, 2033, 2034; A2: 2030"
