"""The site's header on one row at 1,280 px in every language for every role (staff had two
rows in German: their links are now one "Administration" menu), its menu a keyboard-operable
disclosure button, a link to the administration page without JavaScript, and the folded menu
at 390 px still opening."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from crosscluster.accounts.models import User
from tests.browser.people import account_menu, log_in, log_out
from tests.cast import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: the tops of the header's parts (the brand and each menu item) and the header's height
MEASURE = """() => {
  const top = element => Math.round(element.getBoundingClientRect().top);
  const items = [...document.querySelectorAll('#nav-links > li')];
  return {
    height: document.querySelector('.site-header').getBoundingClientRect().height,
    brand: top(document.querySelector('.brand')),
    tops: items.map(item => top(item)),
    bottoms: items.map(item => Math.round(item.getBoundingClientRect().bottom)),
  };
}"""


def make_people() -> dict[str, User | None]:
    staff = make_user("staff@example.eu", is_staff=True)
    administrator = User.objects.create_superuser(email="root@example.eu", password=PASSWORD)
    return {
        "visitor": None,
        "member": make_user("member@example.eu"),
        "staff": staff,
        "administrator": administrator,
    }


def new_page(browser: Browser, origin: str, width: int, *, script: bool = True) -> Page:
    context = browser.new_context(
        base_url=origin,
        viewport={"width": width, "height": 900},
        locale="en-GB",
        java_script_enabled=script,
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def signed_in(browser: Browser, origin: str, person: User | None) -> Page:
    """A page at 1,280 px, with ``person`` logged in (None: a visitor)."""
    page = new_page(browser, origin, 1280)
    if person is not None:
        log_in(page, person.email)
    return page


def one_row(page: Page) -> dict[str, object]:
    measured = page.evaluate(MEASURE)
    # Every item shares the first item's row (their boxes overlap vertically) and the header is
    # one row tall: two rows of links are at least 2 x 40 px with the padding.
    first_bottom = min(measured["bottoms"])
    assert all(top < first_bottom for top in [measured["brand"], *measured["tops"]]), measured
    assert measured["height"] < 64, measured
    return measured


def test_the_header_is_one_row_at_1280_px_for_staff_in_german_and_french(
    browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    people = make_people()
    page = signed_in(browser, live_server.url, people["staff"])
    heights = {}
    for language in ("de", "fr"):
        page.goto(f"/{language}/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        heights[language] = one_row(page)["height"]
    page.goto("/")
    assert heights["de"] == heights["fr"] == one_row(page)["height"]


@pytest.mark.parametrize("role", ["visitor", "member", "staff", "administrator"])
def test_the_header_is_one_row_at_1280_px_in_every_language(
    browser: Browser, live_server, role: str
) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(browser, live_server.url, make_people()[role])
    for language, _name in settings.LANGUAGES:
        page.goto("/" if language == "en" else f"/{language}/")
        one_row(page)


def test_the_administration_menu_opens_and_closes_from_the_keyboard(
    browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    people = make_people()
    page = signed_in(browser, live_server.url, people["administrator"])
    page.goto("/")
    button = page.get_by_role("button", name="Administration")
    menu = page.locator("#administration-menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Cluster reviews")).to_be_visible()
    expect(menu.get_by_role("link", name="Partnerships awaiting approval")).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Cluster reviews")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Space")
    expect(menu).to_be_visible()
    page.locator("main").click()
    expect(menu).to_be_hidden()
    button.click()
    menu.get_by_role("link", name="Cluster reviews").click()
    expect(page).to_have_url(f"{live_server.url}/directory/reviews/")


def test_without_javascript_administration_is_a_link_to_its_page(
    browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    people = make_people()
    page = new_page(browser, live_server.url, 1280, script=False)
    log_in_without_script(page, people["staff"].email)
    page.goto("/")
    page.locator("#nav-links").get_by_role("link", name="Administration").click()
    expect(page).to_have_url(f"{live_server.url}/administration/")
    links = page.locator("main")
    expect(links.get_by_role("link", name="Cluster reviews")).to_be_visible()
    expect(links.get_by_role("link", name="Django admin")).to_be_visible()
    # staff review clusters; approving partnerships is the administrators'
    expect(links.get_by_role("link", name="Partnerships awaiting approval")).to_have_count(0)


def test_at_390_px_the_folded_menu_opens_and_shows_the_administration_menu(
    browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    people = make_people()
    page = signed_in(browser, live_server.url, people["staff"])
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    administration = page.get_by_role("button", name="Administration")
    expect(administration).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    administration.click()
    link = page.locator("#administration-menu").get_by_role("link", name="Cluster reviews")
    expect(link).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    account_menu(page).click()
    expect(account_menu(page)).to_have_attribute("aria-expanded", "true")
    page.locator("#account-menu").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You have signed out.")


def test_the_account_menu_logs_out_and_without_javascript_the_account_page_does(
    browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    people = make_people()
    page = signed_in(browser, live_server.url, people["member"])
    menu = account_menu(page)
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(page.locator("#account-menu").get_by_role("link", name="Your account")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    log_out(page)
    expect(page.locator("#nav-links").get_by_role("link", name="Log in")).to_be_visible()

    page = new_page(browser, live_server.url, 1280, script=False)
    log_in_without_script(page, people["member"].email)
    page.locator("#nav-links").get_by_role("link", name="Your account").click()
    page.locator("main").get_by_role("button", name="Log out").click()
    expect(page.locator("#nav-links").get_by_role("link", name="Log in")).to_be_visible()


def log_in_without_script(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#nav-links").get_by_role("link", name="Your account")).to_be_visible()
