"""Issue 14: texts people write keep their language. A coordinator translates a news post into
German on its translations page; a reader in German sees it (and a translated need) in German,
marked ``lang="de"``, and a news post and a need nobody translated as written, marked
``lang="en"`` with the note "written in English" in German."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from crosscluster.content.tests.helpers import make_news
from crosscluster.core.i18n import language_label
from crosscluster.marketplace import services as marketplace_services
from crosscluster.marketplace.tests.helpers import make_opportunity
from tests.browser.test_partnership_journeys import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _written_in_english() -> str:
    with translation.override("de"):
        return translation.gettext("Written in %(language)s.") % {"language": language_label("en")}


def test_a_german_reader_sees_translations_and_the_written_in_note(page: Page, cast) -> None:  # type: ignore[no-untyped-def]
    translated = make_news(cast.partnership, "Partners meet in Munich")
    untranslated = make_news(cast.partnership, "Call for SMEs is open", body="Apply by **May**.")
    for post in (translated, untranslated):
        post.language = "en"
        post.save()
    need = make_opportunity(user=cast.sme_member, owner=cast.sme)
    other_need = make_opportunity(
        user=cast.sme_member, owner=cast.sme, title="Predictive maintenance of presses"
    )
    marketplace_services.translate_opportunity(
        user=cast.sme_member,
        opportunity=need,
        language="de",
        texts={"title": "Kamerainspektion von Flaschen", "description": "Glasflaschen prüfen."},
    )

    # the coordinator writes the German text beside the original
    log_in(page, cast.coordinator.email)
    news = f"/content/{cast.partnership.slug}/news/{translated.slug}/"
    page.goto(news)
    page.get_by_role("link", name="Translations").click()
    page.locator(f'a[href="{news}translations/de/"]').click()
    title = page.get_by_label("Title", exact=True)
    expect(title).to_have_attribute("lang", "de")
    title.fill("Partner treffen sich in München")
    page.get_by_label("Text", exact=True).fill("Die Partnerschaft **reiste** nach München.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("p.message").first).to_contain_text("The translation was saved.")
    log_out(page)

    # a reader in German
    page.goto(f"/de{news}")
    article = page.locator("article.news-post")
    expect(article).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_have_text("Partner treffen sich in München")
    expect(page.locator(".news-body")).to_have_attribute("lang", "de")
    expect(page.locator("main")).not_to_contain_text(_written_in_english())

    page.goto(f"/de/content/{cast.partnership.slug}/news/{untranslated.slug}/")
    expect(page.locator("article.news-post")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Call for SMEs is open")
    expect(page.locator(".news-body")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text(_written_in_english())

    page.goto(f"/de/marketplace/{need.pk}/")
    expect(page.locator("h1")).to_have_attribute("lang", "de")
    expect(page.locator("h1")).to_have_text("Kamerainspektion von Flaschen")
    expect(page.locator(".description")).to_have_attribute("lang", "de")
    expect(page.locator("main")).not_to_contain_text(_written_in_english())

    page.goto(f"/de/marketplace/{other_need.pk}/")
    expect(page.locator("h1")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Predictive maintenance of presses")
    expect(page.locator("main")).to_contain_text(_written_in_english())
