"""The JIS as DOCX and PDF: open the files and check what is in them."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.strategy import documents, queries, services
from crosscluster.strategy.documents import charts, jis
from crosscluster.strategy.tests.helpers import (
    DISCLAIMER,
    FUNDING,
    NOW,
    adopt,
    build_jis,
    pdf_page_count,
    pdf_text,
    pdf_titles,
)
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

SECTION_HEADINGS = [
    "Vision and objectives",
    "Technology domains",
    "Joint products and services",
    "Joint commercialisation initiatives",
    "Internationalisation initiatives for clusters and their SMEs",
    "Priority markets",
    "Support mechanisms by regional governments",
    "Roadmap of actions",
    "Funding and disclaimer",
]


def snapshot_of(cast) -> dict:  # type: ignore[no-untyped-def]
    strategy = queries.get_strategy(partnership=cast.partnership)
    return queries.build_snapshot(partnership=cast.partnership, strategy=strategy)


def test_docx_has_headings_tables_identity_chart_and_disclaimer(cast) -> None:
    build_jis(cast)
    snapshot = snapshot_of(cast)
    markets = [market["title"] for market in snapshot["sections"]["markets"]]
    chart = charts.chart_from_markets(snapshot["sections"]["markets"])
    assert chart is not None
    content = documents.export_docx(
        snapshot, generated_at=NOW, chart_png=charts.draw_contributions(chart).png()
    )
    document = Document(io.BytesIO(content))
    headings = [
        paragraph.text
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading") or paragraph.style.name == "Title"
    ]
    assert headings[0] == "Joint Internationalisation Strategy 2020-2023"
    for heading in SECTION_HEADINGS:
        assert heading in headings, heading
    assert all(
        document.paragraphs[index].style.name == "Heading 1"
        for index, paragraph in enumerate(document.paragraphs)
        if paragraph.text in SECTION_HEADINGS
    )
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Test Digital Alliance (TDA)" in text
    assert "Coordinated by Pole Test Cluster (France)" in text
    assert FUNDING in text
    assert DISCLAIMER in text
    assert "Working copy (draft), not adopted" in text
    tables = {table.rows[0].cells[0].text: table for table in document.tables}
    market_table = tables["Rank"]
    assert [row.cells[1].text for row in market_table.rows[1:]] == markets
    assert market_table.rows[0].cells[4].text == "Rationale"
    actions = tables["Code"]
    assert [row.cells[0].text for row in actions.rows[1:]] == ["A1", "A2", "A3", ""]
    assert actions.rows[-1].cells[1].text == "Total"
    assert actions.rows[-1].cells[4].text == "EUR 75,003.00"
    kpis = tables["Action"]
    assert len(kpis.rows) == 1 + 3 * 2
    assert kpis.rows[1].cells[1].text == "SMEs taking part"
    contributions = tables["Indicator"]
    assert [cell.text for cell in contributions.rows[0].cells[1:]] == [
        f"{rank}. {name}" for rank, name in enumerate(markets, start=1)
    ]
    assert contributions.rows[-1].cells[0].text == "Score"
    assert len(document.inline_shapes) == 1  # the chart, as PNG through matplotlib
    assert document.core_properties.title == "TDA: Joint Internationalisation Strategy 2020-2023"
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("TDA · Joint Internationalisation Strategy 2020-2023")


def test_docx_without_matplotlib_keeps_the_table(cast) -> None:
    build_jis(cast, markets=2)
    content = documents.export_docx(snapshot_of(cast), generated_at=NOW, chart_png=None)
    document = Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 0
    assert any(table.rows[0].cells[0].text == "Indicator" for table in document.tables)


def test_pdf_has_pages_bookmarks_text_chart_and_disclaimer(cast) -> None:
    build_jis(cast)
    snapshot = snapshot_of(cast)
    pdf = documents.export_pdf(snapshot, generated_at=NOW)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert pdf_page_count(pdf) >= 2
    titles = pdf_titles(pdf)
    assert "TDA: Joint Internationalisation Strategy 2020-2023" in titles  # document title
    for heading in SECTION_HEADINGS:
        assert heading in titles, heading  # bookmarks come from the headings
    text = " ".join(pdf_text(pdf).split())
    for market in snapshot["sections"]["markets"]:
        assert market["title"] in text
    assert "Pole Test Cluster" in text
    assert " ".join(DISCLAIMER.split()) in text
    assert "Trade mission 3" in text
    assert "Why these markets: score contributions" in titles  # shown only with the chart
    assert "Research and Development" not in text
    assert "Researchers in R&D" in text  # the chart's legend and the contributions table


def test_pdf_html_embeds_the_svg_chart(cast) -> None:
    build_jis(cast)
    html = documents.render_pdf_html(snapshot_of(cast), generated_at=NOW)
    assert html.count("<svg") == 1
    assert 'role="img"' in html
    assert "Priority markets: score contributions by indicator" in html


def test_empty_strategy_exports_say_so(cast) -> None:
    snapshot = queries.build_snapshot(partnership=cast.partnership, strategy=None)
    document = Document(io.BytesIO(documents.export_docx(snapshot, generated_at=NOW)))
    text = [paragraph.text for paragraph in document.paragraphs]
    assert text.count("None yet.") == 6
    assert "None chosen yet." in text
    assert documents.export_pdf(snapshot, generated_at=NOW).startswith(b"%PDF-")


def ask(client: Client, subject: str, file_format: str):  # type: ignore[no-untyped-def]
    """Ask for the JIS as ``file_format`` on the page, let the worker make it, download it."""
    asked = client.post(
        reverse("exports:request"),
        {"kind": "strategy.jis", "subject": subject, "format": file_format},
    )
    if asked.status_code != 302:
        return asked
    run_queued_tasks()
    status = client.get(asked["Location"])
    assert "Your document is ready." in status.content.decode(), status.content.decode()
    return client.get(asked["Location"] + "file/")


def test_the_overview_offers_the_exports(cast, client: Client) -> None:
    build_jis(cast)
    client.login(email=cast.sme_member.email, password=PASSWORD)
    page = client.get(reverse("strategy:overview", args=[cast.partnership.slug])).content.decode()
    assert 'name="kind" value="strategy.jis"' in page
    assert f'name="subject" value="{cast.partnership.slug}"' in page
    assert 'value="pdf"' in page
    assert 'value="docx"' in page
    # members reach the business plan and the S3 guidelines from here
    assert reverse("businessplan:overview", args=[cast.partnership.slug]) in page
    assert reverse("regions:overview", args=[cast.partnership.slug]) in page


def test_exports_for_members_and_for_the_public(cast, client: Client) -> None:
    build_jis(cast)
    slug = cast.partnership.slug
    # the public sees nothing before adoption
    assert ask(client, slug, "docx").status_code == 404
    assert ask(client, slug, "pdf").status_code == 404
    client.login(email=cast.sme_member.email, password=PASSWORD)
    response = ask(client, slug, "docx")
    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
    assert (
        'filename="TDA-joint-internationalisation-strategy-working-copy.docx"'
        in response["Content-Disposition"]
    )
    client.logout()
    adopt(cast)
    response = ask(client, slug, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="TDA-joint-internationalisation-strategy-v1.pdf"'
        in response["Content-Disposition"]
    )
    assert "Version 1, adopted on 02/03/2020" in pdf_text(response.content)
    assert ask(client, f"{slug}:v1", "docx").status_code == 200
    assert ask(client, f"{slug}:v2", "docx").status_code == 404
    assert ask(client, f"{slug}:vx", "docx").status_code == 404


def test_private_partnership_exports_are_hidden_from_the_public(cast, client: Client) -> None:
    build_jis(cast, markets=1)
    adopt(cast)
    cast.partnership.is_public = False
    cast.partnership.save()
    slug = cast.partnership.slug
    assert ask(client, slug, "docx").status_code == 404
    assert ask(client, f"{slug}:v1", "docx").status_code == 404
    client.login(email=cast.coordinator.email, password=PASSWORD)
    assert ask(client, f"{slug}:v1", "docx").status_code == 200


def test_files_of_an_adopted_version_are_made_once(cast, client: Client, monkeypatch) -> None:
    build_jis(cast, markets=2)
    adopt(cast)
    made = []
    real = documents.export_pdf

    def counting(snapshot, *, generated_at):  # type: ignore[no-untyped-def]
        made.append(snapshot["version"]["number"])
        return real(snapshot, generated_at=generated_at)

    monkeypatch.setattr(jis, "export_pdf", counting)
    slug = cast.partnership.slug
    first = ask(client, slug, "pdf")
    second = ask(client, f"{slug}:v1", "pdf")
    client.login(email=cast.outsider.email, password=PASSWORD)
    third = ask(client, f"{slug}:v1", "pdf")
    assert first.content == second.content == third.content
    assert made == [1]
    # an adopted strategy's own export is that version (cached), a new revision is made afresh
    client.login(email=cast.coordinator.email, password=PASSWORD)
    assert ask(client, slug, "pdf").content == first.content
    services.move_strategy(user=cast.coordinator, partnership=cast.partnership, to="draft", now=NOW)
    monkeypatch.setattr(jis, "export_pdf", lambda snapshot, *, generated_at: b"%PDF-x")
    assert ask(client, slug, "pdf").content == b"%PDF-x"
