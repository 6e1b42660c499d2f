"""Journey 5 of issue 10 in a real browser, from sign-up on a fresh database: a newcomer
registers their company, which the matching engine suggests for a need; the need's owner
invites it to talk from the matches page; the newcomer hears of it, accepts and writes; the
owner reads the reply and proposes a B2B meeting at an event both attend."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from crosscluster.brokerage.models import MeetingRequest
from crosscluster.brokerage.tests.factories import join, make_session
from crosscluster.directory.models import Organisation
from crosscluster.events.models import Event
from crosscluster.marketplace.models import MatchSuggestion
from crosscluster.marketplace.tests.helpers import make_opportunity
from tests.browser.people import confirm_email, log_in, sign_up
from tests.browser.people import origin as _origin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_need_owner_and_a_matched_newcomer_talk_and_plan_a_meeting(  # type: ignore[no-untyped-def]
    cast, page: Page, browser, mailoutbox
) -> None:
    sign_up(page, "founder@visionworks.example")
    confirm_email(page, mailoutbox)  # writing to another organisation needs a verified address
    page.goto("/directory/register/")
    page.get_by_label("Name").fill("Vision Works")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("you manage its profile")).to_be_visible()
    newcomer_company = Organisation.objects.get(name="Vision Works")

    # what the matching engine's background run would store for the member's need
    need = make_opportunity(user=cast.sme_member, owner=cast.sme, now=timezone.now())
    now = timezone.now()
    need.matches_computed_at = now
    need.matches_requested_at = None
    need.save(update_fields=["matches_computed_at", "matches_requested_at"])
    MatchSuggestion.objects.create(
        opportunity=need,
        provider_organisation=newcomer_company,
        score=0.71,
        provider_country="DE",
        cross_border=True,
        computed_at=now,
    )

    owner = browser.new_context(base_url=_origin(page)).new_page()
    log_in(owner, cast.sme_member.email)
    owner.goto(f"/marketplace/{need.pk}/matches/")
    match = owner.locator("li.match", has_text="Vision Works")
    match.get_by_role("button", name="Invite to talk").click()
    expect(owner.get_by_text("The invitation was sent.")).to_be_visible()
    thread_url = owner.url

    page.goto("/")
    header = page.get_by_role("navigation", name="Main")
    expect(header.get_by_label("1 unread")).to_be_visible()
    header.get_by_role("link", name=re.compile("Notifications")).click()
    page.get_by_role("link", name=re.compile("invites Vision Works to talk")).click()
    page.get_by_role("button", name="Accept and open the conversation").click()
    expect(page.get_by_text("Open", exact=True)).to_be_visible()
    page.get_by_label("Your message").fill("Glad to talk: we inspect bottles with cameras.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("we inspect bottles with cameras")).to_be_visible()

    # both take part in a coming brokerage event: the owner proposes a meeting there
    session = make_session(cast)
    coming = timezone.now() + dt.timedelta(days=30)
    Event.objects.filter(pk=session.event_id).update(
        start_at=coming, end_at=coming + dt.timedelta(hours=8)
    )
    join(session, cast.sme_member, cast.sme, name="Ada")
    join(session, page_user(), newcomer_company, name="Founder")
    owner.goto(re.sub(r"^https?://[^/]+", "", thread_url))
    expect(owner.get_by_text("we inspect bottles with cameras")).to_be_visible()
    owner.get_by_label(re.compile("B2B session")).select_option(str(session.pk))
    owner.get_by_role("button", name="Propose a B2B meeting").click()
    expect(owner.get_by_text("The meeting request was sent.")).to_be_visible()
    expect(
        owner.get_by_text(re.compile("Proposed a B2B meeting at Brokerage event in Milan"))
    ).to_be_visible()
    owner.context.close()
    request = MeetingRequest.objects.get()
    assert request.recipient.organisation == newcomer_company


def page_user():  # type: ignore[no-untyped-def]
    from crosscluster.accounts.models import User

    return User.objects.get(email="founder@visionworks.example")
