"""The "Lines of the plan" section of the DOCX and PDF: every line while the plan is of a
readable size (up to ``LINE_TABLE_LIMIT`` lines), above it a summary per action and the name of
the workbook that holds every line. The files are made and read back.

The figures are those of ``helpers.build_plan`` (docs in test_exports): A1 has 2 person-month
lines (2 PM x 5,000 and 1.5 PM without a rate), 2 cost lines (2,000 and 8,000) and 3 financing
lines (9,000, 3,000 and 8,000); A2 has 1 cost line (12,000) and 2 financing lines (10,000, and
5,000 rejected: counted as a line, not in the amount).
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from crosscluster.businessplan import documents
from crosscluster.businessplan.documents import common
from crosscluster.businessplan.tests.helpers import NOW, build_plan
from crosscluster.businessplan.tests.test_exports import snapshot_of
from crosscluster.strategy.tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

#: found only in the line tables: two cost lines' descriptions and two of the tables' headers
LINE_WORDS = ("Flights", "Venue", "Monthly rate", "Description")
SUMMARY_HEADER = [
    "Action", "Person-month lines", "Person-months", "Staff cost", "Cost lines", "Other costs",
    "Financing lines", "Financing",
]  # fmt: skip


def docx_tables(content: bytes) -> dict[str, list[list[str]]]:
    """Each table by its header row joined with "|"."""
    tables = {}
    for table in Document(io.BytesIO(content)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        tables["|".join(rows[0])] = rows
    return tables


def large(snapshot: dict) -> dict:  # type: ignore[type-arg]
    """The plan with each cost line 100 times: 2 + 300 + 5 = 307 lines, over the limit."""
    return {**snapshot, "costs": snapshot["costs"] * 100}


def test_the_limit_counts_the_lines_of_every_kind() -> None:
    def plan(efforts: int, costs: int, financing: int) -> dict[str, list[dict]]:  # type: ignore[type-arg]
        return {"efforts": [{}] * efforts, "costs": [{}] * costs, "financing": [{}] * financing}

    assert common.LINE_TABLE_LIMIT == 300
    assert common.lists_every_line(plan(100, 100, 100))
    assert not common.lists_every_line(plan(100, 100, 101))
    assert not common.lists_every_line(plan(301, 0, 0))


def test_a_readable_plan_lists_every_line_in_the_pdf_and_the_docx(cast) -> None:
    build_plan(cast)
    snapshot = snapshot_of(cast)
    text = re.sub(r"\s+", " ", pdf_text(documents.export_pdf(snapshot, generated_at=NOW)))
    for word in LINE_WORDS:
        assert word in text, word
    assert "workbook" not in text
    assert "Person-month lines" not in text

    tables = docx_tables(documents.export_docx(snapshot, generated_at=NOW))
    efforts = tables["Action|Year|Partner|Person-months|Monthly rate|Staff cost"]
    assert efforts[1:] == [
        ["A1", "2026", "Baltic Test Cluster", "1.50", "no rate", "0.00"],
        ["A1", "2026", "Pole Test Cluster", "2.00", "5,000.00", "10,000.00"],
    ]
    costs = tables["Action|Year|Category|Description|Amount"]
    assert sorted(row[3] for row in costs[1:]) == ["Flights", "Study", "Venue"]
    financing = tables["Action|Year|Level|Source|Status|Amount"]
    assert len(financing) == 1 + 5
    assert SUMMARY_HEADER[1] not in "".join(tables)


def test_a_plan_over_the_limit_summarises_its_lines_per_action_and_names_the_workbook(
    cast,
) -> None:
    build_plan(cast)
    snapshot = large(snapshot_of(cast))
    pointer = (
        "This plan has 307 lines. To keep this report readable they are summarised per action "
        "below; every line is in the workbook TDA-business-plan-2026-2027.xlsx (the plan's "
        "XLSX download)."
    )
    expected = [
        SUMMARY_HEADER,
        ["A1 Study visits", "2", "3.50", "10,000.00", "200", "1,000,000.00", "3",
         "20,000.00"],
        ["A2 Matchmaking", "0", "0.00", "0.00", "100", "1,200,000.00", "2",
         "10,000.00"],
        ["Total", "2", "3.50", "10,000.00", "300", "2,200,000.00", "5",
         "30,000.00"],
    ]  # fmt: skip

    content = documents.export_docx(snapshot, generated_at=NOW)
    paragraphs = [paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs]
    assert pointer in paragraphs
    assert "Lines of the plan" in paragraphs
    tables = docx_tables(content)
    assert tables["|".join(SUMMARY_HEADER)] == expected
    assert not any(header.startswith("Action|Year|Partner") for header in tables)
    assert not any(header.startswith("Action|Year|Category") for header in tables)
    assert not any(header.startswith("Action|Year|Level|Source") for header in tables)
    assert "Action|2026|2027|Total" in tables  # the budget as a matrix (test_report_condensed)

    text = re.sub(r"\s+", " ", pdf_text(documents.export_pdf(snapshot, generated_at=NOW)))
    assert pointer in text
    assert "A1 Study visits 2 3.50 10,000.00 200 1,000,000.00 3 20,000.00" in text
    assert "Total 2 3.50 10,000.00 300 2,200,000.00 5 30,000.00" in text
    for word in LINE_WORDS:
        assert word not in text, word
    assert "Budget per action and year" in text


def test_the_summary_names_the_workbook_as_the_german_download_is_named(cast) -> None:
    from django.utils import translation

    build_plan(cast)
    with translation.override("de"):
        pointer = common.workbook_pointer(large(snapshot_of(cast)))
        download = common.file_name(snapshot_of(cast), "xlsx")
    assert download == "TDA-geschäftsplan-2026-2027.xlsx"
    assert download in pointer
    assert "307" in pointer
