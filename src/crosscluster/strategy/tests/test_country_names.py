"""Countries in the reader's language on the strategy pages and in their exports (issue 13,
docs/languages.md): the snapshot keeps the English name, the reader sees CLDR's name."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.strategy import queries
from crosscluster.strategy.tests.helpers import build_jis, pdf_text
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def member(cast, user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.login(email=(user or cast.sme_member).email, password=PASSWORD)
    return client


def in_language(language: str, name: str, *args: object) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def test_the_strategy_page_names_its_markets_in_the_readers_language(cast) -> None:
    build_jis(cast)
    client = member(cast)
    slug = cast.partnership.slug
    german = client.get(in_language("de", "strategy:overview", slug)).content.decode()
    assert '<th scope="row">Südkorea</th>' in german
    assert "South Korea" not in german
    coordinator = member(cast, cast.coordinator)
    french = coordinator.get(in_language("fr", "strategy:section", slug, "markets"))
    assert "Corée du Sud" in french.content.decode()
    english = client.get(in_language("en", "strategy:overview", slug)).content.decode()
    assert '<th scope="row">South Korea</th>' in english
    # the stored snapshot keeps the English name, the key in data and the API
    snapshot = queries.build_snapshot(
        partnership=cast.partnership, strategy=queries.get_strategy(partnership=cast.partnership)
    )
    assert "South Korea" in [market["title"] for market in snapshot["sections"]["markets"]]


def test_the_ranking_names_markets_partners_and_screened_countries_in_german(cast) -> None:
    build_jis(cast)
    html = member(cast).get(in_language("de", "strategy:ranking", cast.partnership.slug))
    text = html.content.decode()
    assert '<th scope="row">Südkorea</th>' in text
    assert "Frankreich" in text  # a partner's country
    assert "<strong>Deutschland</strong>" in text  # screened out: a partner's own country
    assert '<th scope="row">South Korea</th>' not in text
    assert "<strong>Germany</strong>" not in text


def ask(client: Client, language: str, subject: str, file_format: str) -> bytes:
    asked = client.post(
        in_language(language, "exports:request"),
        {"kind": "strategy.jis", "subject": subject, "format": file_format},
    )
    assert asked.status_code == 302, asked.content.decode()
    run_queued_tasks()
    made = client.get(asked["Location"] + "file/")
    assert made.status_code == 200
    return made.content


def test_the_strategy_exports_name_countries_in_the_requesters_language(cast) -> None:
    build_jis(cast)
    client = member(cast)
    slug = cast.partnership.slug
    document = Document(io.BytesIO(ask(client, "de", slug, "docx")))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Südkorea" in cells
    assert "South Korea" not in "\n".join(cells)
    assert "(Frankreich)" in text  # the coordinator's country, in the identity line
    pdf = pdf_text(ask(client, "fr", slug, "pdf"))
    assert "Corée du Sud" in pdf
    assert "South Korea" not in pdf


def test_the_rankings_data_is_written_as_the_readers_language_writes_numbers(cast) -> None:
    """qa4: the data behind the best 20 read "30.8 tn", "89,490" and "3.31" in every language;
    in German a decimal comma and a grouping point ("89.490", "3,31")."""
    build_jis(cast)
    html = member(cast).get(in_language("de", "strategy:ranking", cast.partnership.slug))
    cells = html.content.decode().split('<table class="cells small">')[1].split("</table>")[0]
    values = re.findall(r"<td>([^<]+) <span class=\"muted\">\(\d{4}\)</span>", cells)
    assert values
    assert not [
        value for value in values if re.search(r"\d\.\d{1,2}\b|\b[1-9]\d{0,2},\d{3}\b", value)
    ]
    assert [value for value in values if re.search(r"\d,\d", value)]


def test_indicator_values_in_each_language() -> None:
    from crosscluster.strategy.wording import indicator_value

    with translation.override("de"):
        assert [indicator_value(value) for value in (89_490, 3.31, 0.167, None)] == [
            "89.490",
            "3,31",
            "0,167",
            "",
        ]
    with translation.override("fr"):
        assert indicator_value(7536) == "7\u00a0536"
    with translation.override("en"):
        assert [indicator_value(value) for value in (30.8e12, 514.7e9, 2.5e6, 89_490)] == [
            "30.8 tn",
            "514.7 bn",
            "2.5 m",
            "89,490",
        ]


def test_the_strategys_period_and_roadmap_dates_are_in_the_readers_format(cast) -> None:
    """qa4: the strategy's period read "2020-01-01 to 2023-12-31" (English "to", ISO dates) in
    every language, the roadmap's dates "2020-03-01"; in German "01.01.2020 to 31.12.2023"
    with an en dash."""
    build_jis(cast)
    slug = cast.partnership.slug
    german = member(cast).get(in_language("de", "strategy:overview", slug)).content.decode()
    assert "01.01.2020 \u2013 31.12.2023" in german
    assert "01.03.2020" in german  # the first action's start
    assert " to 2023" not in german
    assert "2020-03-01" not in german
    coordinator = member(cast, cast.coordinator)
    section = coordinator.get(in_language("fr", "strategy:section", slug, "roadmap"))
    assert "01/03/2020 \u2013 " in section.content.decode()


def test_iso_dates_stay_text_when_they_are_no_date() -> None:
    from crosscluster.core.dates import format_iso_date

    with translation.override("it"):
        assert format_iso_date("2026-01-01") == "01/01/2026"
    assert format_iso_date("…") == "…"
    assert format_iso_date(None) == ""


def test_the_technology_domains_are_named_in_the_readers_language(cast) -> None:
    """qa4: a technology domain (an EDIH tag) kept its English label on the strategy's page in
    every language ("Digital twins" in German), while the same tag elsewhere was translated."""
    from crosscluster.core.taxonomy import translate_label
    from crosscluster.strategy.tests.helpers import TECHNOLOGIES

    build_jis(cast)
    label = TECHNOLOGIES[0][0]
    german_label = translate_label(label, facet="technologies", language="de")
    assert german_label != label
    german = member(cast).get(in_language("de", "strategy:overview", cast.partnership.slug))
    assert f'<th scope="row">{german_label}</th>' in german.content.decode()
    assert f'<th scope="row">{label}</th>' not in german.content.decode()


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_domains_edit_links_name_it_in_the_readers_language(cast, language: str) -> None:
    """qa5: the technology domains' section named each domain in English on the page and in
    the hidden text of its Edit and Remove links."""
    from crosscluster.core.taxonomy import translate_label
    from crosscluster.strategy.tests.helpers import TECHNOLOGIES

    build_jis(cast)
    label = TECHNOLOGIES[0][0]
    local = translate_label(label, facet="technologies", language=language)
    assert local != label
    client = Client()
    client.force_login(cast.coordinator)
    html = client.get(
        in_language(language, "strategy:section", cast.partnership.slug, "technologies")
    ).content.decode()
    assert f'<span class="visually-hidden"> {local}</span>' in html
    assert f'<span class="visually-hidden"> {label}</span>' not in html
