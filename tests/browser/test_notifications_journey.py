"""Journey 6 of issue 10 in a real browser, from sign-up on a fresh database: follow a
partnership with its button, hear of what one may see (and nothing else), read and mark
notifications, choose e-mails per kind from /me/, and unsubscribe from an e-mail without
logging in."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.marketplace.tests.helpers import make_opportunity
from crosscluster.notifications.models import NotificationPreference
from tests.browser.people import origin as _origin
from tests.browser.people import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KIND = "marketplace.opportunity"


def _publish(cast, title: str, visibility: str = "public") -> None:  # type: ignore[no-untyped-def]
    make_opportunity(
        user=cast.sme_member,
        owner=cast.sme,
        partnership=cast.partnership,
        visibility=visibility,
        title=title,
        now=timezone.now(),
    )


def test_notifications_one_can_trust(cast, page: Page, browser, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    sign_up(page, "newcomer@example.org")
    page.goto(f"/partnerships/{cast.partnership.slug}/")
    page.get_by_role("button", name="Follow this partnership").click()
    expect(page.get_by_role("button", name="Following: stop")).to_be_visible()

    _publish(cast, "Members-only bottling line", visibility="partnership")
    _publish(cast, "Open bottling line")
    page.goto("/me/")
    header = page.get_by_role("navigation", name="Main")
    expect(header.get_by_label("1 unread")).to_have_text("1")
    header.get_by_role("link", name=re.compile("Notifications")).click()
    expect(
        page.get_by_role("link", name="New on the marketplace: Open bottling line")
    ).to_be_visible()
    expect(page.get_by_text("Members-only bottling line")).to_have_count(0)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("1 notification(s) marked as read.")).to_be_visible()
    expect(header.get_by_label("1 unread")).to_have_count(0)

    page.goto("/me/")
    page.get_by_role("link", name="Notification preferences").click()
    page.get_by_role("group", name="Opportunities you follow").get_by_label("Immediately").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your e-mail preferences are saved.")).to_be_visible()

    _publish(cast, "Second open line")
    run_queued_tasks()  # the worker's part: the immediate e-mail
    [message] = [m for m in mailoutbox if "Second open line" in m.subject]
    assert message.to == ["newcomer@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body

    # from the e-mail, in a browser that is not logged in
    visitor = browser.new_context(base_url=_origin(page)).new_page()
    visitor.goto(re.sub(r"^https?://[^/]+", "", link))
    expect(visitor.get_by_text("Opportunities you follow")).to_be_visible()
    visitor.get_by_role("button", name="Unsubscribe").click()
    expect(visitor.get_by_text("Done: you will get no more e-mails about:")).to_be_visible()
    visitor.context.close()
    assert (
        NotificationPreference.objects.get(user__email="newcomer@example.org", kind=KIND).frequency
        == "never"
    )
    page.goto("/notifications/preferences/")
    expect(
        page.get_by_role("group", name="Opportunities you follow").get_by_label("Never")
    ).to_be_checked()
