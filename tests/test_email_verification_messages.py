"""A verified e-mail address before writing to another organisation (issue 11): expressing
interest in an opportunity, inviting a matched provider to a conversation, a message in one, a
B2B meeting request (on the B2B page or from a conversation) and a slot proposal. Each is
refused on the page (the site's 403 page with the sentence and the link to send the
verification again) and in the API (403, the sentence in ``detail``); nothing is written and
nobody is notified. Answering what the other side started stays open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from crosscluster.accounts.models import User
from crosscluster.brokerage.models import MeetingRequest
from crosscluster.brokerage.tests.factories import NOW, join, make_session
from crosscluster.conversations import services as conversation_services
from crosscluster.conversations.models import Conversation, Message, SlotProposal
from crosscluster.conversations.tests.conftest import conversation, visit
from crosscluster.conversations.tests.test_conversations import match
from crosscluster.marketplace.models import ExpressionOfInterest, MatchSuggestion
from crosscluster.marketplace.tests.helpers import make_opportunity
from crosscluster.notifications.models import Notification
from tests.cast import Cast

pytestmark = pytest.mark.django_db
# the conversations' fixtures: a need's match, an open conversation, a study visit's slot
__all__ = ["conversation", "match", "visit"]


def unverified(user: User) -> User:
    """The person signed up with an address they have not verified yet."""
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


def verified(user: User) -> Client:
    """The person opens the link; a browser signed in as them."""
    EmailAddress.objects.filter(user=user).update(verified=True)
    client = Client()
    client.force_login(user)
    return client


def refused(
    *,
    user: User,
    page: tuple[str, dict[str, Any]],
    api: tuple[str, dict[str, Any]],
    token_for: Callable[[User], str],
    sentence: str,
    unchanged: type[Model],
) -> None:
    """The page and the API both refuse ``user`` with ``sentence``; no row of ``unchanged``
    and no notification is written."""
    before = (unchanged.objects.count(), Notification.objects.count())
    client = Client()
    client.force_login(user)
    answer = client.post(page[0], page[1])
    assert answer.status_code == 403, (page[0], answer.status_code)
    text = answer.content.decode()
    assert f"Verify your e-mail address {user.email} before you {sentence}" in text
    assert f'href="{reverse("account_email")}"' in text  # the link is sent again from there
    response = Client().post(
        api[0], api[1], content_type="application/json", HTTP_AUTHORIZATION=token_for(user)
    )
    assert response.status_code == 403, (api[0], response.content)
    detail = response.json()["detail"]
    assert f"Verify your e-mail address {user.email} before you {sentence}" in detail
    assert "/accounts/email/" in detail
    assert (unchanged.objects.count(), Notification.objects.count()) == before


def test_expressing_interest_needs_a_verified_address(cast: Cast, token_for) -> None:
    need = make_opportunity(user=cast.sme_member, owner=cast.sme)
    person = unverified(cast.outsider)  # works for Unrelated SME
    form = {
        "organisation": cast.other_sme.pk,
        "offer": "Machine vision",
        "timeframe": "soon",
        "budget_range": "unknown",
    }
    body = {**form, "organisation": cast.other_sme.pk}
    refused(
        user=person,
        page=(reverse("marketplace:interest_create", args=[need.pk]), form),
        api=(f"/api/v1/marketplace/opportunities/{need.pk}/interests", body),
        token_for=token_for,
        sentence="express interest in an opportunity",
        unchanged=ExpressionOfInterest,
    )
    client = verified(person)
    sent = client.post(reverse("marketplace:interest_create", args=[need.pk]), form)
    assert sent.status_code == 302
    assert ExpressionOfInterest.objects.get().organisation == cast.other_sme


def test_inviting_a_matched_provider_needs_a_verified_address(
    cast: Cast, match: MatchSuggestion, token_for
) -> None:
    person = unverified(cast.sme_member)
    refused(
        user=person,
        page=(reverse("conversations:invite", args=[match.pk]), {"message": "Talk?"}),
        api=("/api/v1/conversations", {"match_id": match.pk, "message": "Talk?"}),
        token_for=token_for,
        sentence="write to another organisation",
        unchanged=Conversation,
    )
    client = verified(person)
    assert client.post(reverse("conversations:invite", args=[match.pk])).status_code == 302
    assert Conversation.objects.get().provider == cast.other_sme


def test_a_message_in_a_conversation_needs_a_verified_address(
    cast: Cast, conversation: Conversation, token_for
) -> None:
    refused(
        user=unverified(cast.outsider),
        page=(reverse("conversations:post_message", args=[conversation.pk]), {"body": "Hi"}),
        api=(f"/api/v1/conversations/{conversation.pk}/messages", {"body": "Hi"}),
        token_for=token_for,
        sentence="write to another organisation",
        unchanged=Message,
    )


def test_a_slot_proposal_needs_a_verified_address(
    cast: Cast, conversation: Conversation, visit, token_for
) -> None:
    refused(
        user=unverified(cast.outsider),
        page=(
            reverse("conversations:propose_slot", args=[conversation.pk]),
            {"item_id": visit.pk, "note": "Meet there?"},
        ),
        api=(
            f"/api/v1/conversations/{conversation.pk}/slots",
            {"item_id": visit.pk, "note": "Meet there?"},
        ),
        token_for=token_for,
        sentence="write to another organisation",
        unchanged=SlotProposal,
    )


def test_answering_what_the_other_side_started_stays_open(
    cast: Cast, conversation: Conversation, visit
) -> None:
    proposal = conversation_services.propose_slot(
        user=cast.sme_member, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    person = unverified(cast.outsider)
    # (the service with the fixtures' clock: the visit is past by the real one)
    answered = conversation_services.answer_slot(
        user=person, proposal=proposal, accept=True, now=NOW
    )
    assert answered.status == "accepted"


def test_a_b2b_meeting_request_needs_a_verified_address(cast: Cast, token_for) -> None:
    session = make_session(cast)
    person = unverified(cast.sme_member)
    ada = join(session, person, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    refused(
        user=person,
        page=(
            reverse("brokerage:send_request", args=[session.pk]),
            {"recipient": carla.pk, "priority": 2, "message": "Meet?"},
        ),
        api=(
            f"/api/v1/brokerage/participants/{ada.pk}/requests",
            {"recipient_id": carla.pk, "message": "Meet?"},
        ),
        token_for=token_for,
        sentence="ask for a B2B meeting",
        unchanged=MeetingRequest,
    )
    client = verified(person)
    client.post(
        reverse("brokerage:send_request", args=[session.pk]), {"recipient": carla.pk, "priority": 2}
    )
    assert MeetingRequest.objects.get().recipient == carla


def test_a_b2b_meeting_proposed_from_a_conversation_needs_a_verified_address(
    cast: Cast, conversation: Conversation, token_for
) -> None:
    session = make_session(cast)
    join(session, cast.sme_member, cast.sme, name="Ada")
    join(session, cast.outsider, cast.other_sme, name="Carla")
    refused(
        user=unverified(cast.outsider),
        page=(
            reverse("conversations:propose_meeting", args=[conversation.pk]),
            {"session_id": session.pk},
        ),
        api=(f"/api/v1/conversations/{conversation.pk}/meetings", {"session_id": session.pk}),
        token_for=token_for,
        sentence="ask for a B2B meeting",
        unchanged=MeetingRequest,
    )
