"""Export of a full JIS to DOCX and PDF: time and size (the figure issue 5 asks for).

"Full" here: 3 technology domains, 8 joint products and services (2 contributors each), 6 + 6
initiatives, 4 priority markets with their ranking (chart of score contributions), 8 support
mechanisms, 30 roadmap actions with 2 KPIs each, identity and EU disclaimer. The timed call is
what the download view does after reading the snapshot: the chart (PNG through matplotlib for the
DOCX, inline SVG for the PDF) and the document. Reading the snapshot from the database is timed
separately.
"""

from __future__ import annotations

import io

import pytest
from docx import Document

from crosscluster.strategy import documents, queries
from crosscluster.strategy.documents import charts
from crosscluster.strategy.tests.helpers import NOW, build_jis, pdf_page_count

pytestmark = pytest.mark.django_db

LIMIT_SECONDS = 10.0


@pytest.fixture
def snapshot(cast) -> dict:  # type: ignore[no-untyped-def]
    build_jis(cast, offerings=8, initiatives=6, mechanisms=8, actions=30, markets=4)
    strategy = queries.get_strategy(partnership=cast.partnership)
    return queries.build_snapshot(partnership=cast.partnership, strategy=strategy)


def docx_export(snapshot: dict) -> bytes:
    chart = charts.chart_from_markets(snapshot["sections"]["markets"])
    png = charts.draw_contributions(chart).png() if chart else None
    return documents.export_docx(snapshot, generated_at=NOW, chart_png=png)


def test_export_a_full_jis_to_docx(benchmark, snapshot: dict) -> None:  # type: ignore[no-untyped-def]
    content = benchmark.pedantic(docx_export, args=(snapshot,), rounds=5, iterations=1)
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 1
    benchmark.extra_info["bytes"] = len(content)
    benchmark.extra_info["tables"] = len(document.tables)
    print(f"\nDOCX: {len(content):,} bytes, {len(document.tables)} tables")
    assert benchmark.stats.stats.min < LIMIT_SECONDS


def test_export_a_full_jis_to_pdf(benchmark, snapshot: dict) -> None:  # type: ignore[no-untyped-def]
    content = benchmark.pedantic(
        documents.export_pdf, args=(snapshot,), kwargs={"generated_at": NOW}, rounds=5, iterations=1
    )
    pages = pdf_page_count(content)
    benchmark.extra_info["bytes"] = len(content)
    benchmark.extra_info["pages"] = pages
    print(f"\nPDF: {len(content):,} bytes, {pages} pages")
    assert content.startswith(b"%PDF-")
    assert benchmark.stats.stats.min < LIMIT_SECONDS


def test_read_the_snapshot(benchmark, cast, snapshot: dict) -> None:  # type: ignore[no-untyped-def]
    strategy = queries.get_strategy(partnership=cast.partnership)
    result = benchmark.pedantic(
        queries.build_snapshot,
        kwargs={"partnership": cast.partnership, "strategy": strategy},
        rounds=5,
        iterations=1,
    )
    assert len(result["sections"]["roadmap"]) == 30
