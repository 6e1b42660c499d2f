"""The DOCX writes amounts, percentages and dates in the reader's language as the PDF does
(``amount`` and ``percent`` filters, ``core.dates``: one helper for both); the XLSX keeps its
numbers and dates as numbers and dates. Figures of ``helpers.build_plan`` (test_exports)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from crosscluster.businessplan import documents, services
from crosscluster.businessplan.tests.helpers import NOW, build_plan
from crosscluster.businessplan.tests.test_exports import snapshot_of
from crosscluster.strategy.tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def _with_call(cast) -> None:  # type: ignore[no-untyped-def]
    built = build_plan(cast)
    services.save_call(
        user=cast.coordinator,
        plan=built.plan,
        data=services.CallInput(
            title="Matchmaking call", programme="Test", deadline_date=dt.date(2027, 1, 31)
        ),
        now=NOW,
    )


def _tables(content: bytes) -> list[list[list[str]]]:
    """The DOCX's tables, each as rows of cell texts."""
    return [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in Document(io.BytesIO(content)).tables
    ]


def _docx(cast, language: str) -> tuple[list[list[list[str]]], str, str]:  # type: ignore[no-untyped-def]
    with translation.override(language):
        snapshot = snapshot_of(cast)
        docx = documents.export_docx(snapshot, generated_at=NOW)
        pdf = re.sub(r"\s+", " ", pdf_text(documents.export_pdf(snapshot, generated_at=NOW)))
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(docx)).paragraphs)
    return _tables(docx), text, pdf


@pytest.mark.parametrize(
    ("language", "summary", "shares", "cap", "figures_on", "deadline", "granted", "country"),
    [
        (
            "fr",
            [f"32{NBSP}000,00", f"30{NBSP}000,00", f"9{NBSP}000,00", f"-2{NBSP}000,00"],
            ["Régional", "0,00", f"0{NBSP}%"],
            f"50{NBSP}%",
            "1 mars 2026",
            "31/01/2027",
            "Accordé",
            "(France)",
        ),
        (
            "de",
            ["32.000,00", "30.000,00", "9.000,00", "-2.000,00"],
            ["Regional", "0,00", f"0{NBSP}%"],
            f"50{NBSP}%",
            "1. März 2026",
            "31.01.2027",
            "Bewilligt",
            "(Frankreich)",  # the coordinator's country, in the identity line
        ),
    ],
)
def test_the_docx_writes_amounts_percentages_and_dates_the_readers_way(
    cast, language, summary, shares, cap, figures_on, deadline, granted, country
) -> None:
    _with_call(cast)
    rows, text, pdf = _docx(cast, language)
    summary_table = next(table for table in rows if len(table[0]) == 4 and len(table) == 2)
    assert summary_table[1] == summary
    assert shares in next(table for table in rows if len(table[0]) == 3 and len(table) == 5)
    instruments = next(table for table in rows if table[1][0] == "Test EU grant")
    assert cap in instruments[1]
    calls = next(table for table in rows if table[1][0] == "Matchmaking call")
    assert calls[1][2] == deadline
    assert figures_on in text
    assert country in text
    assert country in pdf
    assert "2026-03-01" not in text
    assert "EUR " not in text + "".join(cell for table in rows for row in table for cell in row)
    # the PDF writes the same amounts and percentages (WeasyPrint's text, spaces made plain)
    for figure in (*summary, cap):
        assert re.sub(r"\s", " ", figure) in pdf, figure
    assert granted in pdf  # a financing line's status, as the DOCX words it
    assert "Granted" not in pdf


def test_in_english_the_docx_amounts_read_as_before_without_the_currency_code(cast) -> None:
    build_plan(cast)
    tables, text, _pdf = _docx(cast, "en")
    efforts = next(table for table in tables if table[0][3:4] == ["Person-months"])
    assert efforts[1:] == [
        ["A1", "2026", "Baltic Test Cluster", "1.50", "no rate", "0.00"],
        ["A1", "2026", "Pole Test Cluster", "2.00", "5,000.00", "10,000.00"],
    ]
    assert "Amounts in EUR" in text
    assert "1 March 2026" in text


def test_the_workbook_keeps_dates_as_dates_and_words_its_summary_date(cast) -> None:
    _with_call(cast)
    with translation.override("de"):
        workbook = load_workbook(io.BytesIO(documents.export_xlsx(snapshot_of(cast))))
    actions = workbook["Aktionen"] if "Aktionen" in workbook.sheetnames else workbook.worksheets[1]
    assert isinstance(actions["D2"].value, dt.datetime)
    assert actions["D2"].number_format == "mm-dd-yy"  # Excel's format 14: the reader's own
    calls = workbook.worksheets[-1]
    assert calls["C2"].value == dt.datetime(2027, 1, 31)
    summary = workbook.worksheets[0]
    assert "1. März 2026" in summary["A3"].value
    assert "2026-03-01" not in summary["A3"].value
