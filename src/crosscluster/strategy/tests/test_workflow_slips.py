"""Issue 13's strategy workflow slips: each test failed before its fix."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.exports.registry import ExportRequest
from crosscluster.strategy import services
from crosscluster.strategy.documents.jis import render_export, resolve_snapshot, version_label
from crosscluster.strategy.models import Comment, PriorityMarket, Strategy
from crosscluster.strategy.tests.helpers import NOW, adopt, build_jis, make_market_countries
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def url(name: str, cast, *args: object) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"strategy:{name}", args=[cast.partnership.slug, *args])


def test_the_note_typed_at_submit_for_review_is_kept_in_the_comments(cast, client: Client) -> None:
    build_jis(cast, actions=1)
    client.login(email=cast.coordinator.email, password=PASSWORD)
    response = client.post(
        url("move", cast), {"to": "in_review", "note": "Please check the markets by Friday."}
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == "Submitted for review: Please check the markets by Friday."
    assert comment.section == "general"
    assert comment.author == cast.coordinator
    client.logout()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    assert (
        "Please check the markets by Friday." in client.get(url("comments", cast)).content.decode()
    )


def test_a_move_without_a_note_posts_nothing_and_adoption_keeps_its_note(cast) -> None:
    build_jis(cast, actions=1)
    adopt(cast, note="Steering committee, 2 March")
    assert not Comment.objects.exists()
    assert cast.partnership.strategy.versions.get().note == "Steering committee, 2 March"


def test_saving_the_vision_unchanged_from_a_browser_is_not_a_change(cast, client: Client) -> None:
    build_jis(cast, actions=1)
    strategy = Strategy.objects.get(partnership=cast.partnership)
    strategy.summary = "First line.\nSecond line."
    strategy.save()
    adopt(cast)
    services.move_strategy(user=cast.coordinator, partnership=cast.partnership, to="draft", now=NOW)
    client.login(email=cast.coordinator.email, password=PASSWORD)
    # A browser sends a textarea's lines separated by CRLF.
    client.post(
        url("edit", cast),
        {
            "title": strategy.title,
            "summary": "First line.\r\nSecond line.",
            "period_start_date": "2020-01-01",
            "period_end_date": "2023-12-31",
        },
    )
    html = client.get(url("changes", cast)).content.decode()
    assert "0 added, 0 removed, 0 changed." in html
    assert "Vision and objectives</dt>" not in html


def test_a_changed_vision_is_counted_as_a_change(cast, client: Client) -> None:
    build_jis(cast, actions=1)
    adopt(cast)
    services.move_strategy(user=cast.coordinator, partnership=cast.partnership, to="draft", now=NOW)
    strategy = Strategy.objects.get(partnership=cast.partnership)
    client.login(email=cast.coordinator.email, password=PASSWORD)
    client.post(
        url("edit", cast),
        {
            "title": strategy.title,
            "summary": "A new vision.",
            "period_start_date": "2020-01-01",
            "period_end_date": "2023-12-31",
        },
    )
    html = client.get(url("changes", cast)).content.decode()
    assert "Vision and objectives</dt>" in html
    assert "0 added, 0 removed, 1 changed." in html


def test_the_export_of_an_adopted_strategy_names_its_version(cast) -> None:
    build_jis(cast, actions=1)
    adopt(cast)
    snapshot, key = resolve_snapshot(user=cast.coordinator, subject=cast.partnership.slug)
    label = version_label(snapshot)
    assert label.startswith("Version 1, adopted on 02/03/2020")  # the short date, day first
    assert "Working copy" not in label
    assert key is not None
    rendered = render_export(
        ExportRequest(user=cast.coordinator, subject=cast.partnership.slug, file_format="docx")
    )
    assert rendered.filename.endswith("-v1.docx")


def test_choosing_five_markets_keeps_the_ticks(cast, client: Client) -> None:
    make_market_countries()
    client.login(email=cast.coordinator.email, password=PASSWORD)
    response = client.post(
        url("choose_markets", cast),
        {
            "market": ["SGP", "KOR", "CAN", "ISR", "CHN"],
            "outside_europe": "1",
            "weights": "equal",
            "method": "wsm",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at most 4 priority markets (you chose 5)" in html
    for code in ("SGP", "KOR", "CAN", "ISR", "CHN"):
        assert f'value="{code}" id="choose-{code}" checked' in html, code
    assert 'id="choose-JPN" checked' not in html
    assert not PriorityMarket.objects.exists()


def test_the_jis_docx_is_in_the_language_it_was_asked_in(cast) -> None:
    """Issue 14: the DOCX's headings, table headings and version line in the reader's
    language (the PDF's were already)."""
    import io

    from django.utils import translation
    from docx import Document

    build_jis(cast, actions=1)
    adopt(cast)
    with translation.override("de"):
        rendered = render_export(
            ExportRequest(user=cast.coordinator, subject=cast.partnership.slug, file_format="docx")
        )
    document = Document(io.BytesIO(rendered.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Vision und Ziele" in text
    assert "Vision and objectives" not in text
    assert "Version 1, angenommen am 02.03.2020" in text  # the German short date
    assert "Maßnahme" in cells  # the roadmap table's "Action" column
    assert "Action" not in cells
