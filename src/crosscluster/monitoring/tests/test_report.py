"""The period report: XLSX with raw rows per figure (text stays text) and PDF without fetching
any URL, through the exports registry."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.http import Http404
from openpyxl import load_workbook

from crosscluster.brokerage.models import Agreement
from crosscluster.brokerage.tests.factories import make_session
from crosscluster.exports.registry import ExportRequest, get_kind
from crosscluster.monitoring import documents
from crosscluster.monitoring.models import Target

pytestmark = pytest.mark.django_db


def agreement(cast, title: str) -> Agreement:  # type: ignore[no-untyped-def]
    return Agreement.objects.create(
        session=make_session(cast),
        kind="technical",
        title=title,
        signed_date=dt.date(2026, 3, 4),
        recorded_at=dt.datetime(2026, 3, 4, tzinfo=dt.UTC),
    )


def test_xlsx_holds_the_scoreboard_and_the_raw_rows_with_text_as_text(cast) -> None:
    agreement(cast, '=HYPERLINK("http://evil.example","click")')
    Target.objects.create(
        partnership=cast.partnership,
        indicator="agreements",
        period="2026",
        value=4,
        set_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    kind = get_kind("monitoring.report")
    rendered = kind.render(
        ExportRequest(
            subject=f"{cast.partnership.slug}:2026", file_format="xlsx", user=cast.coordinator
        )
    )
    assert rendered.filename == "TDA-monitoring-report-2026.xlsx"
    book = load_workbook(io.BytesIO(rendered.content))
    summary = book["Scoreboard"]
    rows = {row[0]: row for row in summary.iter_rows(min_row=2, values_only=True)}
    assert rows["agreements"][2] == 1  # value
    assert float(rows["agreements"][4]) == 4  # target
    assert rows["agreements"][5] == 25  # progress %
    assert rows["partners"][2] == 2
    raw = book["agreements"]
    header = [cell.value for cell in raw[1]]
    title = raw.cell(row=2, column=header.index("title") + 1)
    assert title.value == '=HYPERLINK("http://evil.example","click")'
    assert title.data_type == "s"  # a string, never evaluated as a formula
    assert raw.cell(row=2, column=header.index("signed_date") + 1).value.year == 2026


def test_pdf_is_made_without_fetching_any_url(cast) -> None:
    agreement(cast, "Vision pilot line")
    board = documents.queries.compute_scoreboard(
        partnership=cast.partnership, today=dt.date(2026, 6, 1), period="2026"
    )
    generated = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    html = documents.report_html(board, generated_at=generated)
    assert "Monitoring report for 2026" in html
    pdf = documents.report_pdf(board, generated_at=generated, uncompressed=True)
    assert b"/Title (Test Digital Alliance: monitoring report 2026)" in pdf
    assert len(re.findall(rb"/Type /Page\b", pdf)) >= 1
    rendered = get_kind("monitoring.report").render(
        ExportRequest(subject=cast.partnership.slug, file_format="pdf", user=cast.coordinator)
    )
    assert rendered.content.startswith(b"%PDF-")
    assert rendered.filename == "TDA-monitoring-report-since-start.pdf"


@pytest.mark.parametrize("public", [True, False])
def test_who_may_request_the_report(cast, public: bool) -> None:
    from django.contrib.auth.models import AnonymousUser

    cast.partnership.is_public = public
    cast.partnership.save()
    can = get_kind("monitoring.report").can_request
    slug = cast.partnership.slug
    assert can(cast.coordinator, f"{slug}:2026-Q2")
    assert can(cast.administrator, slug)
    for user in (cast.outsider, cast.sme_member, cast.cluster_manager, AnonymousUser()):
        assert can(user, slug) is public
    assert not can(cast.coordinator, f"{slug}:soon")  # a bad period
    assert not can(cast.coordinator, "no-such")
    with pytest.raises(Http404, match="period"):
        documents.parse_subject(f"{slug}:Q2-2026")
