"""Searching the directory in a real browser: facets and pages update in place (htmx)."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from crosscluster.directory.models import OrganisationKind
from crosscluster.directory.tests.factories import make_vocabulary, organisation
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
from tests.cast import make_country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def in_browser(base_url: str, journey: Callable[[Page], None]) -> None:
    """Run ``journey`` in its own thread and browser, so it cannot clash with the session
    browser of tests/browser (Playwright's sync API allows one per thread)."""
    failures: list[BaseException] = []

    def run() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS
                )
                context = browser.new_context(base_url=base_url, locale="en-GB")
                context.set_default_timeout(15_000)
                try:
                    journey(context.new_page())
                finally:
                    browser.close()
        except BaseException as failure:  # re-raised in the test's thread
            failures.append(failure)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def test_search_the_directory(live_server) -> None:  # type: ignore[no-untyped-def]
    tags = make_vocabulary()
    germany, _ = make_country("DE", "DEU", "Germany"), make_country()
    for number in range(30):
        organisation(
            f"Robot Firm {number:02d}",
            country=germany,
            city="Stuttgart",
            description="Robot cells for car plants.",
            tags={tags["robotics"]: 4},
        )
    organisation("Lyon Robotics Lab", OrganisationKind.RESEARCH, city="Lyon", description="robots")
    organisation("Agence Lyon", OrganisationKind.PUBLIC_AUTHORITY, city="Lyon")

    def journey(page: Page) -> None:
        page.goto("/directory/")
        status = page.locator("#results-status")
        expect(status).to_contain_text("32 organisations found")
        page.evaluate("window.notReloaded = true")

        page.get_by_label("Search by name, place or activity").fill("lyon")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(status).to_contain_text("2 organisations found")
        expect(page).to_have_url(re.compile(r"q=lyon"))

        page.get_by_role("checkbox", name=re.compile("Research and technology")).check()
        expect(status).to_contain_text("1 organisation found")
        expect(page.get_by_role("link", name="Lyon Robotics Lab")).to_be_visible()
        expect(page).to_have_url(re.compile(r"type=research"))
        assert page.evaluate("window.notReloaded") is True  # updated in place, not reloaded

        page.goto("/directory/?technology=robotics")
        expect(status).to_contain_text("30 organisations found · page 1 of 2")
        page.evaluate("window.notReloaded = true")
        pages = page.get_by_role("navigation", name="Result pages")
        pages.get_by_role("link", name="Next").click()
        expect(status).to_contain_text("page 2 of 2")
        expect(page.get_by_role("link", name="Robot Firm 29")).to_be_visible()
        expect(page).to_have_url(re.compile(r"page=2"))
        assert page.evaluate("window.notReloaded") is True

    in_browser(live_server.url, journey)
