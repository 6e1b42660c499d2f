"""The period report: XLSX with raw rows per figure (text stays text) and PDF without fetching
any URL, through the exports registry."""

from __future__ import annotations

import csv
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


def test_indicators_list_as_csv_through_the_export_worker(cast, client) -> None:  # type: ignore[no-untyped-def]
    """Asked for over the API, made by the worker, downloaded and read back."""
    from crosscluster.accounts.services import create_api_token
    from crosscluster.core.tasks import run_queued_tasks

    token = create_api_token(user=cast.sme_member, name="lists").key
    headers = {"Authorization": f"Bearer {token}"}
    asked = client.post(
        "/api/v1/exports",
        {
            "kind": "monitoring.indicators",
            "subject": f"{cast.partnership.slug}:2026",
            "format": "csv",
        },
        content_type="application/json",
        headers=headers,
    )
    assert asked.status_code == 202
    run_queued_tasks()
    export_id = asked.json()["id"]
    assert client.get(f"/api/v1/exports/{export_id}", headers=headers).json()["status"] == "done"
    content = client.get(f"/api/v1/exports/{export_id}/file", headers=headers).content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    figures = {row["indicator"]: row for row in rows if not row["dimension"]}
    assert figures["partners"]["value"] == "2"
    assert figures["partners"]["period"] == "2026"
    # a member of the partnership also gets the business plan's figures
    assert "budget_committed" in figures
    by_country = [
        r for r in rows if r["indicator"] == "organisations" and r["dimension"] == "country"
    ]
    assert sum(float(r["value"]) for r in by_country) == float(figures["organisations"]["value"])
    bad = client.post(
        "/api/v1/exports",
        {"kind": "monitoring.indicators", "subject": cast.partnership.slug, "format": "pdf"},
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code in {400, 422}
    assert "csv, xlsx" in bad.content.decode()


def test_network_ties_list_as_xlsx_and_csv_keeps_formulas_as_text(cast) -> None:
    from django.utils import timezone

    from crosscluster.core.tasks import run_queued_tasks
    from crosscluster.monitoring import services
    from tests.cast import make_organisation

    sly = make_organisation("=SUM(A1:A9)")
    agreement(cast, "Pilot").partners.set([cast.sme, sly])
    services.request_network(partnership=cast.partnership, now=timezone.now())
    run_queued_tasks()
    kind = get_kind("monitoring.network_ties")
    assert kind.can_request(cast.outsider, cast.partnership.slug)
    xlsx = kind.render(
        ExportRequest(subject=cast.partnership.slug, file_format="xlsx", user=cast.outsider)
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["organisation id", "organisation", "organisation country"]
    names = {sheet.cell(row=2, column=2).value, sheet.cell(row=2, column=5).value}
    assert names == {cast.sme.name, "=SUM(A1:A9)"}
    for column in (2, 5):
        assert sheet.cell(row=2, column=column).data_type == "s"  # text, not a formula
    assert sheet.cell(row=2, column=header.index("reason") + 1).value == (
        "signed an agreement (Technical cooperation): “Pilot”"
    )
    rendered = kind.render(
        ExportRequest(subject=cast.partnership.slug, file_format="csv", user=cast.outsider)
    )
    rows = list(csv.reader(io.StringIO(rendered.content.decode("utf-8-sig"))))
    assert len(rows) == 2  # the header and the one tie
    assert "'=SUM(A1:A9)" in rows[1]


def test_headings_people_read_are_in_the_requesters_language_csv_keeps_its_keys(cast) -> None:  # type: ignore[no-untyped-def]
    """The report's XLSX and the lists' XLSX are headed in the language the export was asked in
    (the worker renders in it); a list's CSV keeps its data keys for scripts. Needs the German
    catalogue to hold these headings."""
    from django.utils import translation

    agreement(cast, "Pilot")
    as_member = {"user": cast.coordinator}
    with translation.override("de"):
        report = get_kind("monitoring.report").render(
            ExportRequest(subject=cast.partnership.slug, file_format="xlsx", **as_member)
        )
        indicators = get_kind("monitoring.indicators")
        listed = indicators.render(
            ExportRequest(subject=cast.partnership.slug, file_format="xlsx", **as_member)
        )
        scripted = indicators.render(
            ExportRequest(subject=cast.partnership.slug, file_format="csv", **as_member)
        )
    book = load_workbook(io.BytesIO(report.content))
    assert book.sheetnames[:2] == ["Anzeiger", "Aufschlüsselungen"]
    assert [cell.value for cell in book["Anzeiger"][1]][:3] == ["Indikator", "Name", "Wert"]
    sheet = load_workbook(io.BytesIO(listed.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]][:6] == [
        "Indikator",
        "Name",
        "Zeitraum",
        "Aufgeschlüsselt nach",
        "Kategorie",
        "Wert",
    ]
    header = next(csv.reader(io.StringIO(scripted.content.decode("utf-8-sig"))))
    assert header == documents.INDICATOR_COLUMNS  # the data keys, in every language
    assert header[:3] == ["indicator", "label", "period"]
