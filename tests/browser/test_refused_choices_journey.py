"""Refused choices come back as made, by keyboard at phone and desktop widths: a coordinator
adopts no candidate priority (the page says why under the list, the boxes as left), clears a
partner's region that another coordinator cleared meanwhile (the problem beside that partner);
a staff member reads which worker has run its task for too long."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from crosscluster.core import workers
from crosscluster.regions import services
from crosscluster.regions.tests.helpers import build_guidelines
from tests.browser.test_controls_journey import fits, signed_in
from tests.cast import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_refused_candidates_and_regions_come_back_as_chosen(
    cast, browser: Browser, live_server, width: int
) -> None:
    setup = build_guidelines(cast)
    page = signed_in(browser, live_server.url, cast.coordinator.email, width)
    page.goto(reverse("regions:region", args=[cast.partnership.slug, setup.basque.pk]))
    boxes = page.locator('input[type="checkbox"][name="key"]')
    for index in range(boxes.count()):  # every candidate unchecked, by keyboard
        boxes.nth(index).focus()
        page.keyboard.press("Space")
    button = page.get_by_role("button", name="Adopt the checked candidates as priorities")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#candidates-errors")).to_have_text(
        "Choose at least one candidate priority to adopt."
    )
    checked = page.locator('input[type="checkbox"][name="key"]:checked')
    expect(checked).to_have_count(0)  # as left, not all checked again
    assert fits(page)

    page.goto(reverse("regions:overview", args=[cast.partnership.slug]))
    partner = cast.other_cluster.pk
    services.clear_partner_region(  # another coordinator, meanwhile
        user=cast.coordinator, partnership=cast.partnership, organisation_id=partner
    )
    page.get_by_text("Change a partner's region").click()
    form = page.locator("form", has=page.locator(f"#move-{partner}"))
    form.get_by_role("button", name="Clear").focus()
    page.keyboard.press("Enter")
    problem = page.locator(f"#region-{partner}-errors")
    expect(problem).to_have_text("This partner has no region to clear.")
    expect(page.locator(f"#region-{partner}")).to_have_value("DE80")  # as chosen
    assert fits(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_staff_read_which_task_runs_too_long(
    cast, browser: Browser, live_server, width: int
) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    workers.record_heartbeat(
        worker_id="host:1:stuck",
        queues=["*"],
        excluded_queues=["matching"],
        started_at=now - dt.timedelta(hours=2),
        now=now,
        task=workers.RunningTask(
            path="crosscluster.exports.tasks.render_export_task",
            id="7d3f0a52-8c1e-4b7a-9f55-0c2b1e6d4a90",
            queue="documents",
            started_at=now - dt.timedelta(minutes=42),
        ),
    )
    make_user("staff@example.eu", is_staff=True)
    page = signed_in(browser, live_server.url, "staff@example.eu", width)
    page.goto("/administration/workers/")
    expect(page.get_by_test_id("stuck")).to_contain_text("longer than 30 minutes")
    row = page.get_by_test_id("workers").locator("tr", has_text="host:1:stuck")
    expect(row).to_contain_text("exports.tasks.render_export_task")
    expect(row).to_contain_text("stuck?")
    expect(row).to_contain_text("7d3f0a52-8c1e-4b7a-9f55-0c2b1e6d4a90")
    assert fits(page)
