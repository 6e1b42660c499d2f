"""No worker runs: a cluster manager's import says, on a phone, that it waits for the background
worker and that the administrators can start it; a staff member reads the queues on the
Background workers page (phone and desktop) and the command; when a worker starts, the notice
goes away by itself and the check runs."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.core.workers import record_heartbeat
from tests.browser.people import log_in, log_out
from tests.cast import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = b"Name;Country\nNordlicht Sensorik;DE\n"


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_missing_worker_is_told_to_the_waiting_person_and_shown_to_staff(
    page: Page, cast
) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, cast.cluster_manager.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/directory/organisations/{cast.other_cluster.slug}/")
    page.get_by_role("link", name="Import members from a file (CSV, XLSX, CORDIS)").click()
    page.get_by_label("File").set_input_files(
        files=[{"name": "mitglieder.csv", "mimeType": "text/csv", "buffer": CSV}]
    )
    page.get_by_role("button", name="Upload and check").click()
    notice = page.get_by_test_id("worker-notice")
    expect(notice).to_contain_text("which is not running at the moment")
    expect(notice).not_to_contain_text("crosscluster worker")
    assert fits(page)
    detail = page.url
    page.set_viewport_size({"width": 1280, "height": 800})
    log_out(page)

    make_user("staff@example.eu", is_staff=True)
    log_in(page, "staff@example.eu")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/administration/")
    page.get_by_role("link", name="Background workers").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Background workers")).to_be_visible()
    default = page.locator('tr[data-queue="default"]')
    expect(default).to_contain_text("none")
    expect(default.locator("td").first).to_have_text("1")  # the import's check waits
    expect(
        page.get_by_text("crosscluster worker --queue-name '*' --exclude-queues matching")
    ).to_be_visible()
    assert fits(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert fits(page)

    log_out(page)
    log_in(page, cast.cluster_manager.email)
    page.goto(detail)
    expect(page.get_by_test_id("worker-notice")).to_be_visible()
    now = timezone.now()
    record_heartbeat(
        worker_id="host:1:journey", queues=["*"], excluded_queues=[], started_at=now, now=now
    )
    expect(page.get_by_test_id("worker-notice")).to_have_count(0, timeout=15_000)  # polls
    run_queued_tasks()
    expect(page.get_by_test_id("problems").or_(page.get_by_test_id("preview"))).to_be_visible(
        timeout=15_000
    )
    assert not errors, errors
