"""Issue 12: a coordinator, on a phone (390 px), downloads the partnership's archive from its
page (made in the background); a platform administrator, on a desktop (1,280 px), imports it
under another slug and reaches the new partnership. Nothing overflows, no script error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from crosscluster.accounts.models import User
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.partnerships.models import Partnership
from tests.browser.people import log_in, log_out
from tests.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_partnership_goes_out_as_an_archive_and_comes_back_in(page: Page, cast) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    User.objects.create_superuser(email="archivist@example.eu", password=PASSWORD)
    log_in(page, cast.coordinator.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/partnerships/{cast.partnership.slug}/")
    archive_buttons = page.get_by_test_id("partnership-archive")
    expect(archive_buttons).to_be_visible()
    assert fits(page)
    archive_buttons.get_by_role("button", name="Make Partnership archive as ZIP").click()
    run_queued_tasks()  # the exports worker makes the file; the status page updates itself
    # named in the reader's language: the partnership's short name, the words, the day
    link = page.get_by_role("link", name="Download TDA-partnership-archive-")
    expect(link).to_be_visible(timeout=15_000)
    assert fits(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("TDA-partnership-archive-")
    content = download.value.path().read_bytes()
    assert content.startswith(b"PK")  # a ZIP
    page.set_viewport_size({"width": 1280, "height": 900})
    log_out(page)

    log_in(page, "archivist@example.eu")
    page.goto("/partnerships/")
    page.get_by_role("link", name="Import a partnership").click()
    expect(page.get_by_role("heading", name="Import a partnership")).to_be_visible()
    page.get_by_label("Archive").set_input_files(
        files=[{"name": "tda.zip", "mimeType": "application/zip", "buffer": content}]
    )
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("alert")).to_contain_text("already here: import under another slug")
    page.get_by_label("Archive").set_input_files(
        files=[{"name": "tda.zip", "mimeType": "application/zip", "buffer": content}]
    )
    page.get_by_label("Slug").fill("tda-copy")
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("heading", name="Import of tda.zip")).to_be_visible()
    run_queued_tasks()
    expect(page.get_by_test_id("archive-import-done")).to_contain_text(
        "organisations were already in the directory", timeout=15_000
    )
    assert fits(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert fits(page)
    page.get_by_role("link", name="See the partnership").click()
    expect(page.get_by_role("heading", name="Test Digital Alliance")).to_be_visible()
    assert Partnership.objects.filter(slug="tda-copy").exists()
    assert not errors, errors
