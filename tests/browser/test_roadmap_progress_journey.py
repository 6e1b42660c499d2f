"""Issue 12: a coordinator records on a phone that a roadmap action is done, from the keyboard;
the strategy page's count moves, and the scoreboard says the same."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from crosscluster.strategy.models import RoadmapAction
from crosscluster.strategy.tests.helpers import build_jis
from tests.browser.people import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_marks_an_action_done_on_a_phone(page: Page, cast) -> None:  # type: ignore[no-untyped-def]
    strategy = build_jis(cast, actions=2)
    action = RoadmapAction.objects.filter(strategy=strategy).order_by("position").first()
    assert action is not None
    RoadmapAction.objects.filter(strategy=strategy).update(end_date="2026-01-31")
    log_in(page, cast.coordinator.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/strategy/{cast.partnership.slug}/")
    summary = page.locator("#progress-summary")
    expect(summary).to_contain_text("0 of 2 actions")
    # the page does not scroll sideways at 390 px (the table scrolls in its own box)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    status = page.get_by_label(f"Status of {action.code}")
    status.focus()
    status.select_option("done")
    page.keyboard.press("Tab")  # the date field, reached from the keyboard
    day = page.get_by_label(f"Day {action.code} was done")
    expect(day).to_be_focused()
    day.fill("2026-01-20")
    save = page.get_by_role("button", name=f"Save {action.code}")
    save.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Progress of {action.code} recorded.")).to_be_visible()
    expect(summary).to_contain_text("1 of 2 actions")
    expect(page.get_by_test_id("progress-percent")).to_have_text("50.0")
    action.refresh_from_db()
    assert (action.status, str(action.done_date)) == ("done", "2026-01-20")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/monitoring/{cast.partnership.slug}/")
    expect(page.locator("[data-testid=value-strategy_actions]")).to_have_text("50%")
