"""A member asks for the JIS as PDF, watches the status page while the worker makes it, downloads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.strategy.tests.helpers import build_jis, pdf_text
from tests.browser.people import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_downloads_the_strategy_as_pdf(cast, page: Page, tmp_path: Path) -> None:
    build_jis(cast, markets=2, actions=1)
    log_in(page, cast.sme_member.email)
    page.goto(f"/strategy/{cast.partnership.slug}/")
    page.get_by_role("button", name="Make Joint Internationalisation Strategy as PDF").click()
    expect(
        page.get_by_role("heading", name="Joint Internationalisation Strategy (PDF)")
    ).to_be_visible()
    expect(
        page.get_by_role("link", name="Back to the Joint Internationalisation Strategy")
    ).to_be_visible()
    expect(page.get_by_text("Waiting for the background worker…", exact=True)).to_be_visible()
    # no worker has beaten yet in this test: the page says so (core.workers)
    expect(page.get_by_text("This is waiting for the background worker")).to_be_visible()

    run_queued_tasks()  # the worker `make run` starts beside the server

    link = page.get_by_role("link", name="Download TDA-joint-internationalisation")
    expect(link).to_be_visible()  # the status fragment polled and swapped itself
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith("-working-copy.pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_bytes()
    assert content.startswith(b"%PDF-")
    assert "Working copy" in pdf_text(content)
