"""A form the service refuses comes back as typed, by keyboard at phone and desktop widths: a
cluster's manager invites an organisation that is a member already; the page says why beside
the organisation, keeps the message, and the same form then invites another one."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from crosscluster.directory.models import ClusterJoinRequest
from tests.browser.test_controls_journey import fits, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_a_refused_invitation_keeps_the_message(
    cast, browser: Browser, live_server, width: int
) -> None:
    page = signed_in(browser, live_server.url, cast.coordinator.email, width)
    page.goto(reverse("directory:organisation", args=[cast.cluster.slug]))
    form = page.locator("form", has=page.locator("#invite-heading"))
    search = form.get_by_label("Organisation", exact=True)
    search.fill("vision")
    search.press("Enter")  # searches at once, the first match takes the focus
    member = form.get_by_role("radio", name=re.compile("^Vision Systems SME"))
    expect(member).to_be_focused()
    page.keyboard.press("Space")
    form.get_by_label("Message").fill("Welcome aboard, again.")
    form.get_by_role("button", name="Invite").last.click()

    form = page.locator("form", has=page.locator("#invite-heading"))
    problem = form.get_by_role("alert")
    expect(problem).to_have_text("Vision Systems SME is a member of Pole Test Cluster already.")
    expect(form.get_by_label("Message")).to_have_value("Welcome aboard, again.")
    assert fits(page)
    assert not ClusterJoinRequest.objects.exists()

    search = form.get_by_label("Organisation", exact=True)
    search.fill("unrelated")
    search.press("Enter")  # the one chosen stays listed first: choose the new match by name
    form.get_by_role("radio", name=re.compile("^Unrelated SME")).check()
    form.get_by_role("button", name="Invite").last.click()
    expect(page.get_by_text("Unrelated SME is invited; its managers will answer.")).to_be_visible()
    made = ClusterJoinRequest.objects.get()
    assert (made.organisation, made.message) == (cast.other_sme, "Welcome aboard, again.")
