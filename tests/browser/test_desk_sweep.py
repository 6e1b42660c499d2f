"""The overview (/desk/) of the demo's people at 390 px and 1,280 px: the sweep's checks (width,
tap targets, the site's own controls, console and request errors, axe) for each signed-in role,
which the whole sweep covers for the coordinator only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser

from crosscluster.demo import accounts
from tests.browser.test_sweep import Sweep, demo, log_in, new_page, visit

__all__ = ["demo"]  # the fixture, imported for this module's tests


@pytest.mark.timeout(900)
def test_the_overview_fits_phones_and_desktops_for_every_demo_role(
    demo, browser: Browser, live_server
) -> None:
    sweep = Sweep()
    people = (accounts.MEMBER, accounts.MANAGER, accounts.COORDINATOR, accounts.ADMIN)
    for person in people[:3]:
        page = new_page(browser, live_server.url, zone="America/New_York", locale="en-US")
        log_in(page, person.email)
        assert page.url.endswith(reverse("desk:overview")), page.url  # where signing in lands
        visit(page, reverse("desk:overview"), sweep, role=person.email, with_axe=True)
        assert page.get_by_role("heading", level=1, name="Your overview").count() == 1
        page.context.close()
    assert len(sweep.visited) == 3
    assert not sweep.problems, "\n".join(sweep.problems)
