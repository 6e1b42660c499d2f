"""Journeys through the real pages in a real browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from crosscluster.events.models import Event
from crosscluster.partnerships.models import WorkItem, WorkPackage
from tests.browser.people import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_open_the_partnership_page_and_move_the_week(cast, page: Page) -> None:
    package = WorkPackage.objects.create(partnership=cast.partnership, number=1, title="Management")
    WorkItem.objects.create(
        work_package=package,
        kind="deliverable",
        code="D1.1",
        title="Agreement",
        weight=1,
        due_date=dt.date(2019, 6, 1),
        done_date=dt.date(2019, 6, 1),
    )
    WorkItem.objects.create(
        work_package=package,
        kind="task",
        code="T1.2",
        title="Roadmap",
        weight=1,
        due_date=dt.date(2099, 6, 1),
    )
    today = timezone.localdate()
    next_wednesday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=9)
    next_week = dt.datetime.combine(next_wednesday, dt.time(9, 0), tzinfo=dt.UTC)
    Event.objects.create(
        partnership=cast.partnership,
        slug="study-visit",
        kind="study_visit",
        title="Study visit to Berlin",
        start_at=next_week,
        end_at=next_week + dt.timedelta(hours=3),
        timezone="Europe/Berlin",
        city="Berlin",
    )
    page.goto(f"/partnerships/{cast.partnership.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Test Digital Alliance")
    expect(page.get_by_role("heading", name="50% completed")).to_be_visible()
    expect(page.get_by_test_id("partner-count")).to_have_text("2")
    calendar = page.locator("#week-calendar")
    label = calendar.get_by_test_id("week-label")
    this_week = label.inner_text()
    expect(calendar.get_by_role("link", name="Study visit to Berlin")).to_have_count(0)
    calendar.get_by_test_id("week-next").click()
    expect(label).not_to_have_text(this_week)
    expect(calendar.get_by_role("link", name="Study visit to Berlin")).to_be_visible()
    expect(page).to_have_url(re.compile(r"week=\d{4}-W\d{2}"))
    calendar.get_by_test_id("week-previous").click()
    expect(label).to_have_text(this_week)
    # By keyboard: Enter on a week link keeps the focus on it after the swap; the arrow keys move
    # the week from anywhere in the calendar, the focus on the link that moved it. Each key waits
    # until htmx has settled the last week (as a person would: not within 20 ms).
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    calendar.get_by_test_id("week-next").focus()
    page.keyboard.press("Enter")
    expect(calendar.get_by_role("link", name="Study visit to Berlin")).to_be_visible()
    expect(busy).to_have_count(0)
    expect(calendar.get_by_test_id("week-next")).to_be_focused()
    calendar.get_by_role("link", name="Study visit to Berlin").focus()
    page.keyboard.press("ArrowLeft")
    expect(label).to_have_text(this_week)
    expect(busy).to_have_count(0)
    expect(calendar.get_by_test_id("week-previous")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(label).not_to_have_text(this_week)
    expect(busy).to_have_count(0)
    expect(calendar.get_by_test_id("week-next")).to_be_focused()


def test_coordinator_logs_in_and_edits_the_partnership(cast, page: Page) -> None:
    log_in(page, cast.coordinator.email)
    page.goto(f"/partnerships/{cast.partnership.slug}/")
    page.get_by_role("link", name="Edit the partnership").click()
    page.get_by_label("Summary and objectives").fill("Clusters going **international** together.")
    countries = page.get_by_role("group", name="Target countries")
    countries.get_by_label("United States", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The partnership page was saved.")).to_be_visible()
    expect(page.locator("strong", has_text="international")).to_be_visible()
    expect(page.get_by_text("United States")).to_be_visible()


def test_outsider_cannot_edit_the_partnership(cast, page: Page) -> None:
    log_in(page, cast.outsider.email)
    page.goto(f"/partnerships/{cast.partnership.slug}/")
    expect(page.get_by_role("link", name="Edit the partnership")).to_have_count(0)
    response = page.goto(f"/partnerships/{cast.partnership.slug}/edit/")
    assert response is not None
    assert response.status == 403
    cast.partnership.refresh_from_db()
    assert cast.partnership.summary == "A partnership for **testing**."
