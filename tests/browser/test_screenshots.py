"""The screenshots of docs/pages.md, taken from the demo at 390 px and 1,280 px (the first screen:
390 x 844 and 1,280 x 900 px), as the demo coordinator (the registration form as the demo
manager, who is not registered). They are written only when asked:

    CROSSCLUSTER_SCREENSHOTS=docs/screenshots nice -n 15 .venv/bin/pytest \
        tests/browser/test_screenshots.py -p no:cacheprovider

Otherwise the test is skipped (the sweep already opens these pages). Each file is read back.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser

from crosscluster.demo import accounts
from crosscluster.marketplace.models import Opportunity, OpportunityKind
from tests.browser.test_sweep import b2b_pages, demo, log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["demo"]

TARGET = os.environ.get("CROSSCLUSTER_SCREENSHOTS", "")


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


@pytest.mark.timeout(900)
@pytest.mark.skipif(not TARGET, reason="set CROSSCLUSTER_SCREENSHOTS to a folder to write them")
def test_write_the_screenshots_of_the_docs(demo, browser: Browser, live_server) -> None:
    folder = Path(TARGET)
    folder.mkdir(parents=True, exist_ok=True)
    need = Opportunity.objects.filter(kind=OpportunityKind.INDUSTRIAL_NEED).order_by("pk").first()
    assert need is not None
    b2b = b2b_pages()
    pages = {
        "partnership": reverse("partnerships:detail", args=["dia"]),
        "work-plan": reverse("partnerships:work_plan", args=["dia"]),
        "marketplace": reverse("marketplace:browse"),
        "need-matches": reverse("marketplace:matches", args=[need.pk]),
        "strategy": reverse("strategy:overview", args=["dia"]),
        "s3-guidelines": reverse("regions:overview", args=["dia"]),
        "b2b-set-up": b2b["set-up"],
        "b2b-requests": b2b["session"],
        "b2b-organise": b2b["organise"],
        "b2b-table-plan": b2b["tables"],
        "b2b-agenda": b2b["agenda"],
    }
    written = []
    for email, names in (
        (accounts.COORDINATOR.email, list(pages)),
        (accounts.MANAGER.email, ["b2b-registration"]),
    ):
        page = new_page(browser, live_server.url, zone="Europe/Paris", locale="en-GB")
        log_in(page, email)
        for name in names:
            address = b2b["session"] if name == "b2b-registration" else pages[name]
            for width, height in ((390, 844), (1280, 900)):
                page.set_viewport_size({"width": width, "height": height})
                page.goto(address, wait_until="load")
                path = folder / f"{name}-{width}.png"
                page.screenshot(path=str(path))
                assert png_size(path) == (width, height), path
                written.append(path)
        page.context.close()
    assert len(written) == 2 * (len(pages) + 1)
