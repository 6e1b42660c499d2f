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


# How many lines the first text of an element takes.
LINES = """element => {
  const range = document.createRange();
  range.selectNodeContents(element.firstChild);
  return new Set([...range.getClientRects()].map(box => Math.round(box.top))).size;
}"""


def test_counts_and_page_links_stay_whole_on_a_phone(browser) -> None:  # type: ignore[no-untyped-def]
    """qa4: on the French directory at 390 px a facet's count broke down its squeezed column
    ("1 8 / 96", "20 / 0") and the next-page link lost its last letter to a line of its own
    ("Suivant / e"): main's overflow-wrap lets a flex item shrink to one letter."""
    from django.contrib.staticfiles import finders

    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.set_content(
        '<main><aside class="facets"><fieldset><legend>Type</legend>'
        '<label for="a"><span><input type="checkbox" id="a"> Organisme de recherche et de '
        "technologie / université</span> "
        '<span class="count" id="count">1\u202f896</span></label>'
        '<label for="b"><span><input type="checkbox" id="b"> Intelligence artificielle et aide '
        'à la décision</span> <span class="count" id="two">200</span></label></fieldset></aside>'
        '<nav class="pagination"><ul><li><a href="#1" aria-current="page">1</a></li>'
        '<li><a href="#2">2</a></li><li><a href="#3">3</a></li><li aria-hidden="true">…</li>'
        '<li><a href="#242">242</a></li></ul><a href="#2" rel="next" id="next">Suivante</a>'
        '<span class="muted small">Page 1 sur 242</span></nav></main>'
    )
    page.add_style_tag(path=finders.find("crosscluster/site.css"))
    for selector in ("#count", "#two", "#next"):
        assert page.locator(selector).evaluate(LINES) == 1, selector
    page.close()


def test_the_partners_table_fits_a_phone_without_scrolling_sideways(page: Page, cast) -> None:  # type: ignore[no-untyped-def]
    """qa4: on the public partnership page at 390 px the partners table scrolled in its box
    and hid its last column ("Members in the directory") until scrolled; it stacks instead,
    each value under its column's name."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/fr/partnerships/{cast.partnership.slug}/")
    cell = page.get_by_test_id("partners").locator("tbody tr").first.locator("td").last
    box = cell.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390
    label = cell.evaluate("element => getComputedStyle(element, '::before').content")
    assert "membres" in label.lower()
