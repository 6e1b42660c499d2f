"""The S3 guidelines of the demo partnership as PDF and DOCX: time, pages and size.

The demo's stages that the guidelines read are loaded as ``seed_demo`` loads them (fixed data,
no randomness): reference data (NUTS 2024, the EDIH taxonomy), the directory's ~6,000
organisations with the 343 EDIH hubs, the DIA partnership, its 5 illustrative technology
domains and the S3 stage (4 partner regions, 20 derived priorities, 21 recommendations): a
20-column alignment matrix and 11 landscape pages. The timed call is what the export job does
after reading the snapshot (the chart and the document); reading the snapshot is timed apart.
Figures: docs/benchmarks.md.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from docx import Document

from crosscluster.demo.organisations import load_organisations
from crosscluster.demo.partnership import get_demo_partnership, load_partnership
from crosscluster.demo.reference import load_reference_data
from crosscluster.demo.regions import load_regions
from crosscluster.demo.strategy import load_technology_domains
from crosscluster.regions import documents
from crosscluster.regions.tests.helpers import NOW
from crosscluster.strategy.tests.helpers import pdf_page_count, pdf_text

pytestmark = pytest.mark.django_db

#: the PDF took 23-56 s before its tables had fixed columns (83-118 s in a busy CI run)
LIMIT_SECONDS = 15.0


@pytest.fixture
def demo() -> Any:
    load_reference_data(data_dir=settings.DATA_DIR)
    load_organisations(data_dir=settings.DATA_DIR)
    load_partnership()
    load_technology_domains()
    load_regions()
    partnership = get_demo_partnership()
    assert partnership is not None
    return partnership


@pytest.fixture
def snapshot(demo: Any) -> dict[str, Any]:
    return documents.build_export_snapshot(partnership=demo, now=NOW)


def test_the_demo_s3_guidelines_to_pdf(benchmark, snapshot: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    assert len(snapshot["regions"]) == 4
    assert len(snapshot["matrix"]["columns"]) == 20
    content = benchmark.pedantic(
        documents.export_pdf, args=(snapshot,), kwargs={"generated_at": NOW}, rounds=3
    )
    pages = pdf_page_count(content)
    benchmark.extra_info["bytes"] = len(content)
    benchmark.extra_info["pages"] = pages
    print(f"\nS3 guidelines PDF: {len(content):,} bytes, {pages} pages")
    text = pdf_text(content)
    assert "Mecklenburg-Vorpommern" in text
    assert "Centro (PT)" in text
    assert benchmark.stats.stats.min < LIMIT_SECONDS


def test_the_demo_s3_guidelines_to_docx(benchmark, snapshot: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    content = benchmark.pedantic(
        documents.export_docx, args=(snapshot,), kwargs={"generated_at": NOW}, rounds=3
    )
    document = Document(io.BytesIO(content))
    benchmark.extra_info["bytes"] = len(content)
    benchmark.extra_info["tables"] = len(document.tables)
    print(f"\nS3 guidelines DOCX: {len(content):,} bytes, {len(document.tables)} tables")
    assert len(document.inline_shapes) == 1
    assert benchmark.stats.stats.min < LIMIT_SECONDS


def test_read_the_demo_s3_guidelines(benchmark, demo: Any) -> None:  # type: ignore[no-untyped-def]
    result = benchmark.pedantic(
        documents.build_export_snapshot, kwargs={"partnership": demo, "now": NOW}, rounds=3
    )
    assert sum(len(region["priorities"]) for region in result["regions"]) == 20
