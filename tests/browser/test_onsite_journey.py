"""The B2B session's day in a real browser at 390 px: the organiser checks a participant in at
the desk with the keyboard only; a participant books a free slot with another from her agenda,
who accepts; the meeting is on both agendas. No page scrolls sideways on the phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from crosscluster.brokerage import queries
from crosscluster.brokerage.models import BookingStatus, Participant, SlotBooking
from crosscluster.brokerage.tests.factories import NOW
from crosscluster.brokerage.tests.onsite_helpers import coming_session, published_day
from tests.browser.people import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sign_in_on_a_phone(page: Page, email: str) -> None:
    """Log in (the header's account menu is folded away at 390 px), then hold the phone."""
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, email)
    page.set_viewport_size(PHONE)


def sign_out(page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    log_out(page)


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_check_in_at_the_desk_and_a_free_slot_booked_on_a_phone(cast, page: Page) -> None:  # type: ignore[no-untyped-def]
    session = coming_session(cast)
    people, _run = published_day(cast, session, now=NOW)
    page.set_viewport_size(PHONE)

    # The desk, keyboard only: search, then Tab to Ada's "Arrived" and press Enter.
    sign_in_on_a_phone(page, cast.coordinator.email)
    page.goto(f"/brokerage/{session.pk}/check-in/")
    expect(page.get_by_text("0 of 3 arrived.")).to_be_visible()
    search = page.get_by_label("Search by name or organisation")
    search.focus()
    page.keyboard.type("vision")
    expect(page.get_by_role("button", name="Carla has arrived")).to_have_count(0)
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # "Not arrived yet"
    expect(page.get_by_role("link", name="Not arrived yet")).to_be_focused()
    page.keyboard.press("Tab")  # Ada's "Arrived"
    expect(page.get_by_role("button", name="Ada has arrived")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Ada has arrived.")).to_be_visible()
    expect(page.get_by_text("1 of 3 arrived.")).to_be_visible()
    expect(page.get_by_role("button", name="Undo the arrival of Ada")).to_be_visible()
    assert Participant.objects.get(pk=people["ada"].pk).arrived_at is not None
    fits(page)
    page.goto(f"/brokerage/{session.pk}/day/")
    # one slot at a time: "All slots" from the picker swaps in every slot's meetings
    page.get_by_label("Slot", exact=True).first.select_option(label="All slots")
    expect(page).to_have_url(re.compile(r"slot=all"))
    expect(page.get_by_text("not arrived").first).to_be_visible()
    fits(page)
    # the organisers book a free slot for Ada and Max, each found by name, by keyboard
    first = page.get_by_label("Participant", exact=True)
    first.fill("vision")
    first.press("Enter")  # searches at once, the first match takes the focus
    ada = page.locator("#book-first-matches").get_by_role("radio", name=re.compile("^Ada"))
    expect(ada).to_be_focused()
    page.keyboard.press("Space")
    second = page.get_by_label("Meets", exact=True)
    second.fill("baltic")
    second.press("Enter")
    max_ = page.locator("#book-second-matches").get_by_role("radio", name=re.compile("^Max"))
    expect(max_).to_be_focused()
    page.keyboard.press("Space")
    free = queries.list_free_slots(participant=people["ada"], other=people["max"], now=NOW)[0]
    page.locator("#book-slot").select_option(value=str(free.pk))
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text("Booked: the meeting is on both agendas.")).to_be_visible()
    assert SlotBooking.objects.get().status == BookingStatus.BOOKED
    # and takes it off again: the slot is free for both
    page.goto(f"/brokerage/{session.pk}/day/?slot={free.pk}")
    fits(page)
    page.get_by_role("button", name=re.compile("^Take the meeting at .+ off the schedule$")).click()
    expect(
        page.get_by_text("The meeting is off the schedule: the slot is free again.")
    ).to_be_visible()
    assert SlotBooking.objects.get().status == BookingStatus.REMOVED  # Max is free again
    sign_out(page)

    # Ada proposes a free slot to Max from her agenda.
    sign_in_on_a_phone(page, cast.sme_member.email)
    page.goto(f"/brokerage/{session.pk}/agenda/{people['ada'].pk}/")
    partner = page.get_by_label("Book a free slot with")  # a picker, not a list of everyone
    partner.fill("max")
    partner.press("Enter")
    max_ = page.locator("#free-with-matches").get_by_role("radio", name="Max (Baltic Test Cluster)")
    expect(max_).to_be_focused()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Show our free slots").click()
    expect(page.get_by_role("heading", name="Free slots you share with Max")).to_be_visible()
    fits(page)
    page.get_by_role("button", name=re.compile(r"^Book .+ with Max$")).first.click()
    expect(page.get_by_text("Proposed: the meeting is booked when they accept.")).to_be_visible()
    sign_out(page)

    # Max accepts; the meeting is on his agenda, then on Ada's.
    sign_in_on_a_phone(page, cast.cluster_manager.email)
    page.goto(f"/brokerage/{session.pk}/agenda/{people['max'].pk}/")
    expect(page.get_by_text("Ada (Vision Systems SME) proposes")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Booked: the meeting is on both agendas.")).to_be_visible()
    expect(page.get_by_test_id("agenda").get_by_text("Ada (Vision Systems SME)")).to_be_visible()
    fits(page)
    assert SlotBooking.objects.filter(status=BookingStatus.BOOKED).count() == 1
    sign_out(page)
    sign_in_on_a_phone(page, cast.sme_member.email)
    page.goto(f"/brokerage/{session.pk}/agenda/{people['ada'].pk}/")
    expect(page.get_by_test_id("agenda").get_by_text("Max (Baltic Test Cluster)")).to_be_visible()
