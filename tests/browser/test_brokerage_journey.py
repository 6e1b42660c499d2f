"""A B2B brokerage in a real browser: set-up, registration, a request, the background run, the
agenda and its calendar file."""

from __future__ import annotations

import re

import icalendar
import pytest
from playwright.sync_api import Browser, Page, expect

from crosscluster.brokerage.models import MeetingRequest, ScheduleRun
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.events.models import EventKind
from crosscluster.events.tests.factories import make_event
from crosscluster.strategy.tests.helpers import pdf_text
from tests.browser.people import account_menu
from tests.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser: Browser, base_url: str, email: str) -> Page:
    """A browser window of its own for each person, logged in."""
    context = browser.new_context(base_url=base_url, timezone_id="Europe/Paris", locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(account_menu(page)).to_be_visible()
    return page


def register(page: Page, session_url: str, organisation: str, name: str) -> None:
    page.goto(session_url)
    page.get_by_label("Organisation").select_option(label=organisation)
    page.get_by_label("Your name as others see it").fill(name)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("my-status")).to_contain_text("Awaiting approval")


def test_an_organiser_runs_a_b2b_session_and_a_participant_gets_the_agenda(
    cast, browser: Browser, live_server
) -> None:
    # Tuesday 3 March 2026, 09:00-17:00 in Berlin.
    event = make_event(cast.partnership, "Brokerage in Berlin", kind=EventKind.BROKERAGE)
    organiser = signed_in(browser, live_server.url, cast.coordinator.email)

    # The organiser sets up the session from the event page.
    organiser.goto(f"/events/{cast.partnership.slug}/{event.slug}/")
    organiser.get_by_role("link", name="Set up B2B meetings").click()
    period = organiser.get_by_role("group", name="Period 1")
    period.get_by_label("Date").fill("2026-03-03")
    period.get_by_label("Starts").fill("09:00")
    period.get_by_label("Ends").fill("10:00")
    organiser.get_by_label("Minutes per meeting").fill("20")
    organiser.get_by_label("Minutes between meetings").fill("5")
    organiser.get_by_label("Tables").fill("2")
    organiser.get_by_role("button", name="Save").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Organise the B2B meetings")
    session_url = re.sub(r"organise/$", "", organiser.url.removeprefix(live_server.url))

    # Two people register for their organisations; the organiser approves both.
    ada = signed_in(browser, live_server.url, cast.sme_member.email)
    register(ada, session_url, "Vision Systems SME", "Ada")
    carla = signed_in(browser, live_server.url, cast.outsider.email)
    register(carla, session_url, "Unrelated SME", "Carla")
    organiser.reload()
    for name in ("Ada", "Carla"):
        row = organiser.get_by_role("row").filter(has_text=name)
        row.get_by_role("button", name="Approve").click()
        expect(organiser.get_by_role("row").filter(has_text=name)).to_contain_text("Approved")

    # Ada asks Carla for a meeting; Carla accepts.
    ada.goto(session_url)
    expect(ada.get_by_test_id("my-status")).to_contain_text("Approved")
    ada.get_by_label("Meet", exact=True).select_option(label="Carla (Unrelated SME)")
    ada.get_by_label("Priority").select_option(label="High")
    ada.get_by_role("button", name="Send the request").click()
    expect(ada.get_by_text("Your request is sent.")).to_be_visible()
    carla.goto(session_url)
    carla.get_by_role("button", name="Accept").click()
    expect(carla.get_by_text("Accepted.", exact=True)).to_be_visible()
    assert MeetingRequest.objects.get().status == "accepted"

    # The organiser runs the scheduler: the run is queued, the page polls for its status.
    organiser.get_by_role("button", name="Run the scheduler").click()
    status = organiser.get_by_test_id("run-status")
    expect(status).to_have_attribute("data-state", "queued")
    expect(status).to_contain_text("waiting for the background worker")
    expect(organiser.get_by_role("button", name="Run the scheduler")).to_be_disabled()
    run_queued_tasks()  # the background worker's turn
    assert ScheduleRun.objects.get().state == "done"
    # The polling notices, and the page reloads with the schedule and its quality.
    expect(organiser.get_by_test_id("run-quality")).to_contain_text(
        "1 meeting, weight 3 of at most 3 (100.0%): a proven optimum."
    )
    expect(organiser.get_by_test_id("run-status")).to_have_attribute("data-state", "done")
    organiser.get_by_role("button", name="Publish this schedule").click()
    expect(organiser.get_by_text("The schedule is published")).to_be_visible()

    # Ada sees the meeting on her agenda and downloads it as a calendar file.
    ada.goto(session_url)
    ada.get_by_role("link", name="My agenda").click()
    agenda = ada.get_by_test_id("agenda")
    expect(agenda).to_contain_text("Carla (Unrelated SME)")
    expect(agenda).to_contain_text("09:00\u201309:20")  # venue time (Berlin), first slot
    with ada.expect_download() as download:
        ada.get_by_role("link", name="Add to calendar (ICS)").click()
    with open(download.value.path(), "rb") as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    [meeting] = calendar.walk("VEVENT")
    assert str(meeting.get("summary")).startswith("B2B meeting with Carla (Unrelated SME)")
    assert meeting.decoded("dtstart").isoformat() == "2026-03-03T08:00:00+00:00"

    # ... and as a PDF: the button asks the worker, the status page offers the file.
    ada.get_by_role("button", name="Make B2B agenda as PDF").click()
    expect(ada.get_by_role("heading", name="B2B agenda (PDF)")).to_be_visible()
    expect(ada.get_by_role("link", name="Back to the B2B agenda")).to_be_visible()
    run_queued_tasks()  # the worker `make run` starts beside the server
    # named like the partnership's documents: its short name, the session's, whose agenda
    link = ada.get_by_role("link", name="Download TDA-brokerage-in-berlin-b2b-agenda-ada.pdf")
    expect(link).to_be_visible()  # the status fragment polled and swapped itself
    with ada.expect_download() as pdf_download:
        link.click()
    with open(pdf_download.value.path(), "rb") as handle:
        text = pdf_text(handle.read())
    assert "Carla (Unrelated SME)" in text
    assert "09:00\u201309:20" in text  # venue time (Berlin), as on the page
    for page in (organiser, ada, carla):
        page.context.close()
