"""Issue 14: a participant switches to German on the partnership page; the marketplace, the
strategy and their B2B agenda follow, with the lang attribute, German dates and numbers, and
(once the German catalogue lands) German navigation."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from crosscluster.brokerage.tests.test_documents import published
from crosscluster.strategy.tests.helpers import build_jis
from tests.browser.people import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["published"]


def test_a_participant_reads_the_platform_in_german(page: Page, cast, published) -> None:  # type: ignore[no-untyped-def]
    session, ada, _carla, _meeting = published
    build_jis(cast)  # a strategy with four ranked priority markets (scores like 0.734)
    log_in(page, cast.sme_member.email)
    page.goto(f"/partnerships/{cast.partnership.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Deutsch").click()  # the switcher, in the footer
    expect(page).to_have_url(re.compile(r"/de/partnerships/test-alliance/$"))  # same page
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("main")).to_contain_text("1 März 2019")  # the start, the German way
    with translation.override("de"):
        marketplace = translation.gettext("Marketplace")
    if marketplace != "Marketplace":  # the German catalogue has landed
        expect(page.get_by_role("link", name=marketplace, exact=True)).to_be_visible()
    # the keyboard reaches the switcher
    page.get_by_role("button", name="English").focus()
    expect(page.get_by_role("button", name="English")).to_be_focused()

    page.goto("/marketplace/")  # an unprefixed link: the saved choice sends it to German
    expect(page).to_have_url(re.compile(r"/de/marketplace/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.goto(f"/strategy/{cast.partnership.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page).to_have_url(re.compile(r"/de/strategy/test-alliance/$"))
    # the markets' scores and p_top with a decimal comma (0,627 ... p_top 1,00). (The stored
    # explanation of the ranking beside them is English text written when it was computed.)
    scores = page.locator('section[aria-labelledby="section-markets"] tbody td:nth-child(3)')
    expect(scores.first).to_contain_text(re.compile(r"^0,\d{3}\D.*p_top 1,00"))

    page.goto(f"/brokerage/{session.pk}/agenda/{ada.pk}/")
    expect(page).to_have_url(re.compile(rf"/de/brokerage/{session.pk}/agenda/{ada.pk}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    # the meeting's date the German way (Django's month names): "Di 3 Mär"
    expect(page.locator("main")).to_contain_text(re.compile(r"Di 3 Mär"))
