"""The design system in a real browser (issue 13): the main menu folds behind "Menu" on phones
and opens from the keyboard; the table plan, an agenda, the programme's event page and the
strategy print as documents (no site bar, menus, forms or buttons; table rows and slots kept
whole; tables printed in full, not in a scroll box)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from crosscluster.brokerage.tests.test_documents import published
from crosscluster.strategy.tests.helpers import build_jis
from tests.browser.test_partnership_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["published"]

# What printing shows of a page: the elements a reader would see that are navigation or
# controls, and table rows or slots a page break may cut.
PRINTED = """() => {
  const shown = element => element.getClientRects().length > 0
    && getComputedStyle(element).visibility !== 'hidden';
  const chrome = [...document.querySelectorAll(
    '.site-header, .site-footer, nav, form, button, .toolbar, .pagination, .filters')]
    .filter(shown).map(element => element.tagName.toLowerCase() + '.' + element.className);
  const cut = [...document.querySelectorAll('main tr, .b2b-slot, .jis-item, .card')]
    .filter(element => shown(element) && getComputedStyle(element).breakInside !== 'avoid')
    .map(element => element.tagName.toLowerCase() + '.' + element.className);
  const scrolling = [...document.querySelectorAll('main table, .table-scroll')]
    .filter(element => shown(element) && getComputedStyle(element).overflowX !== 'visible')
    .map(element => element.tagName.toLowerCase() + '.' + element.className);
  return {chrome, cut, scrolling, rows: document.querySelectorAll('main tr').length};
}"""


def test_the_menu_folds_on_a_phone_and_opens_from_the_keyboard(page: Page, cast) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    expect(page.get_by_role("link", name="Directory", exact=True)).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Directory", exact=True)).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(page.get_by_role("link", name="Directory", exact=True)).to_be_visible()


def test_the_table_plan_agenda_programme_and_strategy_print_as_documents(
    page: Page,
    cast,  # type: ignore[no-untyped-def]
    published,  # type: ignore[no-untyped-def]
) -> None:
    session, ada, _carla, _meeting = published
    build_jis(cast)
    log_in(page, cast.coordinator.email)  # an organiser of the session
    slug = cast.partnership.slug
    pages = {
        "table plan": reverse("brokerage:tables", args=[session.pk]),
        "agenda": reverse("brokerage:agenda", args=[session.pk, ada.pk]),
        "programme": reverse("events:detail", args=[slug, session.event.slug]),
        "strategy": reverse("strategy:overview", args=[slug]),
    }
    for name, address in pages.items():
        page.emulate_media(media="screen")
        page.goto(address)
        assert page.evaluate(PRINTED)["chrome"], name  # on screen: the bar, menus, buttons
        page.emulate_media(media="print")
        printed = page.evaluate(PRINTED)
        assert printed["chrome"] == [], (name, printed["chrome"])
        assert printed["cut"] == [], (name, printed["cut"])
        assert printed["scrolling"] == [], (name, printed["scrolling"])
        if name in ("table plan", "agenda", "strategy"):
            assert printed["rows"] > 0, name  # there is a table to keep whole


def test_the_marketplace_filters_leave_the_first_screen_to_the_results(page: Page, cast) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: the marketplace's unstyled filters filled a phone's first screen."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("marketplace:browse"))
    filters = page.locator("form.filters")
    box = filters.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] < 844 - 60, box  # what follows starts on the first screen
    assert filters.evaluate("form => getComputedStyle(form).backgroundColor") != "rgba(0, 0, 0, 0)"
    for control in filters.locator("select, input").all():
        assert control.bounding_box()["height"] >= 40 - 0.5  # type: ignore[index]
