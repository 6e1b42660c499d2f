"""What a tour of the demo as its users found on phones (390 px), in their languages: each test
fails on what the person saw before the fix."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page

from tests.browser.people import log_in
from tests.browser.test_sweep import demo
from tests.browser.test_sweep import log_in as log_in_to_the_demo

__all__ = ["demo"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# The text of each select's chosen option that its box cannot show (measured in the select's
# own font; the box's padding and the arrow's 24 px taken off).
CUT_SELECTS = """() => {
  const context = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('main select')].flatMap(select => {
    const style = getComputedStyle(select);
    context.font = style.font;
    const text = select.options[select.selectedIndex].text;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
    return context.measureText(text).width > room ? [text] : [];
  });
}"""


def signed_in(browser: Browser, base_url: str, email: str, *, demo_account: bool = False) -> Page:
    context = browser.new_context(base_url=base_url, timezone_id="America/Sao_Paulo")
    context.set_default_timeout(30_000)
    page = context.new_page()
    (log_in_to_the_demo if demo_account else log_in)(page, email)
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("language", ["pt", "de"])
def test_a_partner_s_market_judgements_show_each_chosen_judgement_on_a_phone(
    cast, browser: Browser, live_server, language: str
) -> None:
    """Each option began with the first criterion's name ("Dimensão do mercado e procura:
    igualmente importante (1)"): at 390 px the select showed the name, cut before the judgement."""
    page = signed_in(browser, live_server.url, cast.coordinator.email)
    with translation.override(language):
        address = reverse("strategy:judgement_edit", args=[cast.partnership.slug, cast.cluster.pk])
    page.goto(address)
    assert page.locator("main select").count() == 10
    assert page.evaluate(CUT_SELECTS) == []
    page.context.close()


# Cells of many words squeezed into a column narrower than 200 px, over 150 px high (a table
# wider than the phone gives each column its longest word).
# A caption shown narrower than 100 px (a letter a line).
NARROW_CAPTIONS = """() => [...document.querySelectorAll('main caption')]
  .filter(caption => !caption.matches('.visually-hidden'))
  .filter(caption => caption.getBoundingClientRect().width < 100)
  .map(caption => caption.innerText)"""
SQUEEZED_CELLS = """() => [...document.querySelectorAll('main td, main th')].flatMap(cell => {
  const box = cell.getBoundingClientRect();
  const words = cell.innerText.trim().split(/\\s+/).length;
  return box.width > 0 && box.width < 200 && box.height > 150 && words > 12
    ? [`${Math.round(box.width)} px: ${cell.innerText.trim().slice(0, 40)}`] : [];
})"""


@pytest.mark.timeout(900)
def test_the_scoreboard_s3_and_ranking_tables_read_on_a_phone(
    demo, browser: Browser, live_server
) -> None:
    """On the demo in Portuguese at 390 px: the scoreboard's definitions, the S3 page's partners
    and the ranking's contributions ran one or two words a line down columns of about 115 px."""
    from crosscluster.demo import accounts

    page = signed_in(browser, live_server.url, accounts.COORDINATOR.email, demo_account=True)
    with translation.override("pt"):
        addresses = [
            reverse("monitoring:scoreboard", args=["dia"]),
            reverse("regions:overview", args=["dia"]),
            reverse("strategy:ranking", args=["dia"]),
        ]
    for address in addresses:
        page.goto(address)
        assert page.locator("main table").count() >= 1, address
        assert page.evaluate(SQUEEZED_CELLS) == [], address
        assert page.evaluate(NARROW_CAPTIONS) == [], address
    page.context.close()


# The words of each element wider than the element (broken inside the word).
BROKEN_WORDS = """selector => {
  const context = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll(selector)].flatMap(label => {
    context.font = getComputedStyle(label).font;
    return label.innerText.split(/\\s+/).filter(word => context.measureText(word).width > label.clientWidth + 0.5);
  });
}"""


@pytest.mark.parametrize("language", ["pt", "de"])
def test_registering_an_organisation_keeps_its_competences_words_whole_on_a_phone(
    demo, browser: Browser, live_server, language: str
) -> None:
    """The competences' names sat beside their level select in a 90 px column, broken inside
    their words ("Inteligênci|a artificial", "Cibersegur|ança")."""
    from crosscluster.demo import accounts

    page = signed_in(browser, live_server.url, accounts.MANAGER.email, demo_account=True)
    with translation.override(language):
        page.goto(reverse("directory:register"))
    assert page.locator("main .tag-level select").count() > 10
    assert page.evaluate(BROKEN_WORDS, "main .tag-level label") == []
    page.context.close()


@pytest.mark.parametrize("language", ["pt", "en"])
def test_the_partnership_s_key_facts_keep_whole_words_on_a_desktop(
    demo, browser: Browser, live_server, language: str
) -> None:
    """In the 320 px side column at 1,280 px each value sat in half the column, its long words
    broken inside themselves ("(internacionali|zação)", "Partnership|s")."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    with translation.override(language):
        page.goto(reverse("partnerships:detail", args=["dia"]))
    assert page.locator("main aside .facts dd").count() >= 5
    assert page.evaluate(BROKEN_WORDS, "main aside .facts dd") == []
    context.close()
