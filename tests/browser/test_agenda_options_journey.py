"""Compact agendas in a real browser: the organiser turns the option off and on, and each run
shows its effect on the breaks (before and after) with the same meetings."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from crosscluster.brokerage.models import B2BSession, ScheduleRun
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.events.models import EventKind
from crosscluster.events.tests.factories import make_event
from tests.browser.test_brokerage_journey import register, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organiser_switches_compact_agendas_and_sees_the_effect(
    cast, browser: Browser, live_server
) -> None:
    event = make_event(cast.partnership, "Brokerage in Lyon", kind=EventKind.BROKERAGE)
    organiser = signed_in(browser, live_server.url, cast.coordinator.email)
    organiser.goto(f"/events/{cast.partnership.slug}/{event.slug}/")
    organiser.get_by_role("link", name="Set up B2B meetings").click()
    period = organiser.get_by_role("group", name="Period 1")
    period.get_by_label("Date").fill("2026-03-03")
    period.get_by_label("Starts").fill("09:00")
    period.get_by_label("Ends").fill("10:00")
    organiser.get_by_label("Minutes per meeting").fill("20")
    organiser.get_by_label("Minutes between meetings").fill("0")
    organiser.get_by_label("Tables").fill("2")
    organiser.get_by_role("button", name="Save").click()
    session_url = re.sub(r"organise/$", "", organiser.url.removeprefix(live_server.url))
    organise_url = organiser.url

    ada = signed_in(browser, live_server.url, cast.sme_member.email)
    register(ada, session_url, "Vision Systems SME", "Ada")
    carla = signed_in(browser, live_server.url, cast.outsider.email)
    register(carla, session_url, "Unrelated SME", "Carla")
    organiser.reload()
    for name in ("Ada", "Carla"):
        organiser.get_by_role("row").filter(has_text=name).get_by_role(
            "button", name="Approve"
        ).click()
        expect(organiser.get_by_role("row").filter(has_text=name)).to_contain_text("Approved")
    ada.goto(session_url)
    ada.get_by_label("Meet", exact=True).select_option(label="Carla (Unrelated SME)")
    ada.get_by_role("button", name="Send the request").click()
    carla.goto(session_url)
    carla.get_by_role("button", name="Accept").click()
    expect(carla.get_by_text("Accepted.", exact=True)).to_be_visible()

    # Compact agendas are on by default; the organiser turns them off.
    options = organiser.get_by_test_id("agenda-options")
    compact = options.get_by_label("Compact agendas")
    expect(compact).to_be_checked()
    compact.uncheck()
    options.get_by_role("button", name="Save agenda options").click()
    expect(organiser.get_by_text("Agenda options saved")).to_be_visible()
    expect(
        organiser.get_by_test_id("agenda-options").get_by_label("Compact agendas")
    ).not_to_be_checked()
    assert B2BSession.objects.get().compact_agendas is False

    organiser.get_by_role("button", name="Run the scheduler").click()
    run_queued_tasks()
    expect(organiser.get_by_test_id("run-quality")).to_contain_text("1 meeting,")
    expect(organiser.get_by_test_id("run-breaks")).to_contain_text("compact agendas are off")

    # On again: the next run shows the breaks before and after, with the same meetings.
    organiser.goto(organise_url)
    options = organiser.get_by_test_id("agenda-options")
    options.get_by_label("Compact agendas").check()
    options.get_by_role("button", name="Save agenda options").click()
    expect(organiser.get_by_text("Agenda options saved")).to_be_visible()
    organiser.get_by_role("button", name="Run the scheduler").click()
    run_queued_tasks()
    assert ScheduleRun.objects.count() == 2
    expect(organiser.get_by_test_id("run-quality")).to_contain_text("1 meeting,")
    breaks = organiser.get_by_test_id("run-breaks")
    expect(breaks).to_contain_text("0 breaks in participants' days, 0 before compacting")
    expect(breaks).to_contain_text("the same meetings")
    expect(breaks).to_contain_text("Participants with 0 breaks: 2")
    for page in (organiser, ada, carla):
        page.context.close()
