"""Journey 5 of issue 10, the study-visit slot, in a real browser from sign-up on a fresh
database: a newcomer registers their company; once its conversation with a need's owner is
open, the newcomer proposes to meet during the company visit of a coming study visit; the owner
hears of it, accepts from the thread; the newcomer is told. The thread fits a 390 px phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from crosscluster.accounts.models import User
from crosscluster.conversations import services
from crosscluster.conversations.models import SlotProposal, SlotStatus
from crosscluster.directory.models import Organisation
from crosscluster.events.models import ProgrammeItemKind
from crosscluster.events.tests.factories import make_event, make_programme_item
from crosscluster.marketplace.models import MatchSuggestion
from crosscluster.marketplace.tests.helpers import make_opportunity
from tests.browser.people import confirm_email, log_in, sign_up
from tests.browser.people import origin as _origin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_newcomer_proposes_a_study_visit_slot_and_the_need_owner_accepts(  # type: ignore[no-untyped-def]
    cast, page: Page, browser, mailoutbox
) -> None:
    sign_up(page, "founder@visionworks.example")
    confirm_email(page, mailoutbox)  # writing to another organisation needs a verified address
    page.goto("/directory/register/")
    page.get_by_label("Name").fill("Vision Works")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("you manage its profile")).to_be_visible()
    company = Organisation.objects.get(name="Vision Works")
    founder = User.objects.get(email="founder@visionworks.example")

    # the conversation opened as in test_conversation_journey (invited, accepted)
    now = timezone.now()
    need = make_opportunity(user=cast.sme_member, owner=cast.sme, now=now)
    match = MatchSuggestion.objects.create(
        opportunity=need,
        provider_organisation=company,
        score=0.7,
        provider_country="DE",
        cross_border=True,
        computed_at=now,
    )
    conversation = services.invite_provider(
        user=cast.sme_member, match_id=match.pk, message="Talk?", now=now
    )
    services.answer_invitation(user=founder, conversation=conversation, accept=True, now=now)
    start = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=40)
    visit = make_event(cast.partnership, "Study visit to Berlin", start_at=start)
    slot = make_programme_item(
        visit,
        "Visit of a machine builder",
        kind=ProgrammeItemKind.COMPANY_VISIT,
        start_at=start + dt.timedelta(hours=2),
    )

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"/conversations/{conversation.pk}/")
    page.get_by_label("Slot of a coming study visit or event").select_option(str(slot.pk))
    page.get_by_label("Note (optional)").fill("We could meet at the factory.")
    page.get_by_role("button", name="Propose this slot").click()
    expect(page.get_by_text("The slot was proposed")).to_be_visible()
    slots = page.locator("#slots")
    expect(slots.get_by_text("Waiting for an answer")).to_be_visible()
    expect(slots.get_by_role("button", name="Accept this slot")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    owner = browser.new_context(base_url=_origin(page)).new_page()
    log_in(owner, cast.sme_member.email)
    header = owner.get_by_role("navigation", name="Main")
    header.get_by_role("link", name=re.compile("Notifications")).click()
    owner.get_by_role("link", name=re.compile("proposes to meet during")).click()
    expect(owner.get_by_text("We could meet at the factory.")).to_be_visible()
    owner.get_by_role("button", name="Accept this slot").click()
    expect(owner.get_by_text("You accepted the slot.")).to_be_visible()
    expect(owner.locator("#slots").get_by_text("Accepted", exact=True)).to_be_visible()
    owner.context.close()

    page.goto("/notifications/")
    expect(page.get_by_role("link", name=re.compile("accepted to meet during"))).to_be_visible()
    assert SlotProposal.objects.get().status == SlotStatus.ACCEPTED
