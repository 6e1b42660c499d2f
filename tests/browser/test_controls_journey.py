"""Controls a person picks from instead of typing codes: the B2B meeting periods as rows (a
date, a start and an end), added, filled and saved by keyboard at phone and desktop widths;
the organisation's NUTS region picked by name within its country."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from crosscluster.brokerage.models import B2BSession
from crosscluster.directory.models import Organisation
from crosscluster.directory.tests.factories import make_region
from crosscluster.events.models import EventKind
from crosscluster.events.tests.factories import make_event
from tests.browser.people import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser: Browser, base_url: str, email: str, width: int) -> Page:
    context = browser.new_context(
        base_url=base_url,
        timezone_id="Europe/Paris",
        locale="en-GB",
    )
    context.set_default_timeout(30_000)  # the first page of a fresh live server is slow
    context.set_default_navigation_timeout(60_000)
    page = context.new_page()
    log_in(page, email)  # at the default width, where "Log out" is not behind the menu
    page.set_viewport_size({"width": width, "height": 900})
    return page


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("width", [390, 1280])
def test_an_organiser_adds_and_fills_periods_by_keyboard(
    cast, browser: Browser, live_server, width: int
) -> None:
    # Tuesday 3 March 2026, 09:00-17:00 in Berlin
    event = make_event(cast.partnership, "Brokerage in Berlin", kind=EventKind.BROKERAGE)
    page = signed_in(browser, live_server.url, cast.coordinator.email, width)
    page.goto(reverse("brokerage:set_up", args=[event.pk]))
    expect(page.get_by_text("at the venue in its time zone: (UTC+01:00) Berlin")).to_be_visible()
    first = page.get_by_role("group", name="Period 1")
    first.get_by_label("Date").fill("2026-03-03")
    first.get_by_label("Starts").fill("09:00")
    first.get_by_label("Ends").fill("10:00")
    # "Add another period" by keyboard: the new row comes, its first field takes the focus
    add = page.get_by_role("button", name="Add another period")
    add.focus()
    page.keyboard.press("Enter")
    second = page.get_by_role("group", name="Period 2")
    expect(second.get_by_label("Date")).to_be_focused()
    second.get_by_label("Date").fill("2026-03-03")
    second.get_by_label("Starts").fill("11:00")
    second.get_by_label("Ends").fill("10:30")  # before its start
    assert fits(page)
    page.get_by_label("Tables").fill("2")
    page.get_by_label("Tables").press("Enter")  # Enter saves (not a row's "Remove")
    expect(page.get_by_role("alert").filter(has_text="Period 2")).to_contain_text(
        "Period 2: the end must be after the start."
    )
    assert not B2BSession.objects.exists()
    second = page.get_by_role("group", name="Period 2")
    second.get_by_label("Ends").fill("11:40")
    # a third, empty row removed again by keyboard: the focus goes on to "Add another period"
    page.get_by_role("button", name="Add another period").click()
    third = page.get_by_role("group", name="Period 3")
    third.get_by_role("button", name="Remove").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="Period 3")).to_have_count(0)
    expect(page.get_by_role("button", name="Add another period")).to_be_focused()
    assert fits(page)
    page.get_by_role("button", name="Save", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organise the B2B meetings")
    session = B2BSession.objects.get()
    periods = [(p.start_at, p.end_at) for p in session.periods.order_by("start_at")]
    utc = dt.UTC
    assert periods == [  # Berlin is UTC+1 in March
        (dt.datetime(2026, 3, 3, 8, tzinfo=utc), dt.datetime(2026, 3, 3, 9, tzinfo=utc)),
        (dt.datetime(2026, 3, 3, 10, tzinfo=utc), dt.datetime(2026, 3, 3, 10, 40, tzinfo=utc)),
    ]
    # the saved periods come back in the rows
    page.goto(reverse("brokerage:set_up", args=[event.pk]))
    expect(page.get_by_role("group", name="Period 2").get_by_label("Starts")).to_have_value("11:00")
    page.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_manager_picks_the_region_by_name_within_the_country(
    cast, browser: Browser, live_server, width: int
) -> None:
    make_region("FR1", "Ile-de-France", "FR")
    make_region("FR10", "Ile-de-France", "FR")
    make_region("FRK2", "Rhône-Alpes", "FR")
    make_region("DE21", "Oberbayern", "DE")
    page = signed_in(browser, live_server.url, cast.coordinator.email, width)
    page.goto(reverse("directory:organisation_edit", args=[cast.cluster.slug]))
    region = page.get_by_label("Region", exact=True)
    options = region.locator("option").all_inner_texts()
    assert "Rhône-Alpes · FRK2" in [option.strip() for option in options]
    assert not any("DE21" in option for option in options)  # France's regions only
    region.select_option(label="\u00a0\u00a0\u00a0Rhône-Alpes · FRK2")
    assert fits(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The organisation's profile was saved.")).to_be_visible()
    assert Organisation.objects.get(pk=cast.cluster.pk).nuts_region_id == "FRK2"
    page.context.close()
