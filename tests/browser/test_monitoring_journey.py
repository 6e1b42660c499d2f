"""Issue 12: a coordinator opens the scoreboard, sets a target, opens the network page (being
computed, then shown), finds an organisation on the map and in the table view, and sees its ties
and why."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from crosscluster.brokerage.models import Agreement
from crosscluster.brokerage.tests.factories import make_session
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.monitoring.models import Target
from tests.browser.people import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_sets_a_target_and_reads_an_organisations_ties(page: Page, cast) -> None:  # type: ignore[no-untyped-def]
    agreement = Agreement.objects.create(
        session=make_session(cast),
        kind="technical",
        title="Vision pilot line",
        signed_date=dt.date(2026, 3, 4),
        recorded_at=dt.datetime(2026, 3, 4, tzinfo=dt.UTC),
    )
    agreement.partners.set([cast.sme, cast.other_cluster])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )

    log_in(page, cast.coordinator.email)
    page.goto(f"/monitoring/{cast.partnership.slug}/")
    expect(page.get_by_role("heading", name="Scoreboard")).to_be_visible()
    page.get_by_label("Indicator", exact=True).select_option("agreements")
    page.get_by_label("Period", exact=True).fill("2026")
    page.get_by_label("Target value").fill("4")
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("Target saved.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/monitoring/test-alliance/\?period=2026$"))
    assert Target.objects.get(indicator="agreements").value == 4
    expect(
        page.get_by_test_id("scoreboard").locator("tr[data-indicator=agreements]")
    ).to_contain_text("25%")

    page.goto(f"/monitoring/{cast.partnership.slug}/network/")
    expect(page.get_by_role("heading", name="Collaboration network")).to_be_visible()
    # computed in the background: the page says so, then shows the network once the worker
    # has run (its script polls the status and shows the page again)
    expect(page.get_by_test_id("network-pending")).to_contain_text("being computed")
    assert run_queued_tasks() == 1
    expect(page.get_by_test_id("network-computed")).to_be_visible(timeout=20_000)
    # the map loads from the API (or says why it cannot draw) without any script error
    expect(page.locator("[data-network-details]")).not_to_contain_text("Loading")
    page.get_by_label("Find an organisation").fill("Vision Systems SME")
    page.get_by_label("Find an organisation").press("Enter")
    details = page.locator("[data-network-details]")
    expect(details.get_by_role("heading", name="Vision Systems SME")).to_be_visible()
    expect(details).to_contain_text(
        "Baltic Test Cluster · Agreement signed · inside-outside · 2026: "
        "signed an agreement (Technical cooperation): “Vision pilot line”"
    )

    page.get_by_label("Organisation", exact=True).fill("vision")
    page.get_by_role("button", name="Filter").click()
    table = page.get_by_test_id("ties")
    expect(table).to_contain_text("1 tie (page 1 of 1)")
    row = table.locator("tbody tr").first
    expect(row).to_contain_text("Vision Systems SME")
    expect(row).to_contain_text("Baltic Test Cluster")
    expect(row).to_contain_text("signed an agreement (Technical cooperation): “Vision pilot line”")
    assert errors == [], errors
