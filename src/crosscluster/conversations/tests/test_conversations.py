"""Acting on a match (issue 10, journey 5): invite, answer, messages, meeting proposals; who
sees and who writes, in the pages and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.brokerage.models import MeetingRequest
from crosscluster.brokerage.tests.factories import NOW, join, make_session
from crosscluster.conversations import services
from crosscluster.conversations.models import Conversation, ConversationStatus
from crosscluster.events.models import Event
from crosscluster.marketplace.models import MatchSuggestion
from crosscluster.marketplace.tests.helpers import make_opportunity
from crosscluster.notifications.models import Notification

pytestmark = pytest.mark.django_db
API = "/api/v1/conversations"


@pytest.fixture
def match(cast):  # type: ignore[no-untyped-def]
    """A need of Vision Systems SME (the member's) matched with Unrelated SME (the outsider's)."""
    need = make_opportunity(user=cast.sme_member, owner=cast.sme, now=NOW)
    return MatchSuggestion.objects.create(
        opportunity=need,
        provider_organisation=cast.other_sme,
        score=0.8,
        provider_country="DE",
        cross_border=True,
        computed_at=NOW,
    )


def _open(cast, match) -> Conversation:  # type: ignore[no-untyped-def]
    conversation = services.invite_provider(
        user=cast.sme_member, match_id=match.pk, message="Shall we talk?", now=NOW
    )
    return services.answer_invitation(
        user=cast.outsider, conversation=conversation, accept=True, now=NOW
    )


def _notified(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_invite_accept_and_talk_notify_the_other_side(cast, match) -> None:  # type: ignore[no-untyped-def]
    conversation = services.invite_provider(
        user=cast.sme_member, match_id=match.pk, message="Shall we talk?", now=NOW
    )
    assert (conversation.seeker, conversation.provider) == (cast.sme, cast.other_sme)
    assert _notified("conversations.invitation") == {cast.outsider.email}
    services.answer_invitation(user=cast.outsider, conversation=conversation, accept=True, now=NOW)
    assert conversation.status == ConversationStatus.OPEN
    assert _notified("conversations.invitation") == {cast.outsider.email, cast.sme_member.email}
    services.post_message(user=cast.outsider, conversation=conversation, body="Hello", now=NOW)
    assert _notified("conversations.message") == {cast.sme_member.email}
    services.post_message(user=cast.sme_member, conversation=conversation, body="Hi", now=NOW)
    assert _notified("conversations.message") == {cast.sme_member.email, cast.outsider.email}
    notice = Notification.objects.filter(kind="conversations.message").first()
    assert notice is not None
    assert notice.url == reverse("conversations:detail", args=[conversation.pk])


def test_bad_steps_are_refused_by_name_and_write_nothing(cast, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):  # not the need's organisation
        services.invite_provider(user=cast.outsider, match_id=match.pk, message="", now=NOW)
    conversation = services.invite_provider(
        user=cast.sme_member, match_id=match.pk, message="", now=NOW
    )
    with pytest.raises(ValidationError) as twice:
        services.invite_provider(user=cast.sme_member, match_id=match.pk, message="", now=NOW)
    assert "already invited" in twice.value.message_dict["match_id"][0]
    with pytest.raises(ValidationError) as early:
        services.post_message(user=cast.outsider, conversation=conversation, body="Hi", now=NOW)
    assert "not open" in early.value.message_dict["body"][0]
    with pytest.raises(PermissionDenied):  # only the provider answers
        services.answer_invitation(
            user=cast.sme_member, conversation=conversation, accept=True, now=NOW
        )
    services.answer_invitation(user=cast.outsider, conversation=conversation, accept=True, now=NOW)
    with pytest.raises(ValidationError) as empty:
        services.post_message(user=cast.outsider, conversation=conversation, body=" ", now=NOW)
    assert "Write a message" in empty.value.message_dict["body"][0]
    assert Conversation.objects.count() == 1
    assert not conversation.messages.exists()


def test_a_refused_message_comes_back_as_typed(cast, match) -> None:  # type: ignore[no-untyped-def]
    conversation = services.invite_provider(
        user=cast.sme_member, match_id=match.pk, message="", now=NOW
    )  # not open until the provider accepts
    client = Client()
    client.force_login(cast.outsider)
    response = client.post(
        reverse("conversations:post_message", args=[conversation.pk]),
        {"body": "Before I answer: what volumes?"},
    )
    assert response.status_code == 400
    [problem] = response.context["message_form"].errors["body"]
    assert "not open" in problem
    assert "Before I answer: what volumes?</textarea>" in response.content.decode()
    assert not conversation.messages.exists()


def test_a_meeting_is_proposed_at_a_session_both_attend(cast, match) -> None:  # type: ignore[no-untyped-def]
    conversation = _open(cast, match)
    session = make_session(cast)
    with pytest.raises(ValidationError) as nowhere:
        services.propose_meeting(
            user=cast.sme_member, conversation=conversation, session_id=session.pk, now=NOW
        )
    assert "both approved participants" in nowhere.value.message_dict["session_id"][0]
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    message = services.propose_meeting(
        user=cast.sme_member, conversation=conversation, session_id=session.pk, now=NOW
    )
    assert "Proposed a B2B meeting at Brokerage event in Milan" in message.body
    request = MeetingRequest.objects.get()
    assert (request.requester, request.recipient) == (ada, carla)
    assert _notified("brokerage.request") == {cast.outsider.email}


ROLES = ["coordinator", "cluster_manager"]


@pytest.mark.parametrize("role", ROLES)
def test_people_of_neither_side_never_see_a_conversation(cast, match, role, token_for) -> None:  # type: ignore[no-untyped-def]
    conversation = _open(cast, match)
    user = getattr(cast, role)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("conversations:detail", args=[conversation.pk])).status_code == 404
    for name in ("answer", "post_message", "propose_meeting"):
        url = reverse(f"conversations:{name}", args=[conversation.pk])
        assert client.post(url, {"body": "x", "decision": "accept"}).status_code == 404, name
    auth = {"HTTP_AUTHORIZATION": token_for(user)}
    api = Client()
    assert api.get(f"{API}/{conversation.pk}", **auth).status_code == 404
    assert api.get(API, **auth).json() == []
    posted = api.post(
        f"{API}/{conversation.pk}/messages", {"body": "x"}, content_type="application/json", **auth
    )
    assert posted.status_code == 404
    invited = api.post(API, {"match_id": match.pk}, content_type="application/json", **auth)
    assert invited.status_code == 403
    assert not conversation.messages.exists()


def test_an_administrator_reads_but_does_not_speak_for_either_side(cast, match, token_for) -> None:  # type: ignore[no-untyped-def]
    conversation = _open(cast, match)
    client = Client()
    client.force_login(cast.administrator)
    assert client.get(reverse("conversations:detail", args=[conversation.pk])).status_code == 200
    url = reverse("conversations:post_message", args=[conversation.pk])
    assert client.post(url, {"body": "x"}).status_code == 403
    answer = Client().post(
        f"{API}/{conversation.pk}/messages",
        {"body": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.administrator),
    )
    assert answer.status_code == 403


def test_visitors_are_sent_to_log_in_and_the_api_wants_a_token(cast, match) -> None:  # type: ignore[no-untyped-def]
    conversation = _open(cast, match)
    visitor = Client()
    page = visitor.get(reverse("conversations:detail", args=[conversation.pk]))
    assert page.status_code == 302
    assert visitor.get(f"{API}/{conversation.pk}").status_code == 401
    assert (
        visitor.post(API, {"match_id": match.pk}, content_type="application/json").status_code
        == 401
    )


def test_the_whole_journey_in_the_api(cast, match, token_for) -> None:  # type: ignore[no-untyped-def]
    owner = {"HTTP_AUTHORIZATION": token_for(cast.sme_member)}
    provider = {"HTTP_AUTHORIZATION": token_for(cast.outsider)}
    api = Client()
    created = api.post(
        API, {"match_id": match.pk, "message": "Talk?"}, content_type="application/json", **owner
    )
    assert created.status_code == 201
    conversation_id = created.json()["id"]
    assert created.json()["status"] == "invited"
    again = api.post(API, {"match_id": match.pk}, content_type="application/json", **owner)
    assert again.status_code == 400
    assert "match_id" in again.json()["errors"]
    answered = api.post(
        f"{API}/{conversation_id}/answer",
        {"accept": True},
        content_type="application/json",
        **provider,
    )
    assert answered.json()["status"] == "open"
    posted = api.post(
        f"{API}/{conversation_id}/messages",
        {"body": "Hello"},
        content_type="application/json",
        **provider,
    )
    assert posted.status_code == 201
    thread = api.get(f"{API}/{conversation_id}", **owner).json()
    assert [message["body"] for message in thread["messages"]] == ["Hello"]
    assert [row["id"] for row in api.get(API, **owner).json()] == [conversation_id]
    no_session = api.post(
        f"{API}/{conversation_id}/meetings",
        {"session_id": 999999},
        content_type="application/json",
        **owner,
    )
    assert no_session.status_code == 400
    assert "session_id" in no_session.json()["errors"]


def test_the_matches_page_offers_the_invitation_to_the_owner_only(cast, match) -> None:  # type: ignore[no-untyped-def]
    url = reverse("marketplace:matches", args=[match.opportunity_id])
    owner = Client()
    owner.force_login(cast.sme_member)
    page = owner.get(url).content.decode()
    assert reverse("conversations:invite", args=[match.pk]) in page
    response = owner.post(reverse("conversations:invite", args=[match.pk]), {"message": "Hi"})
    conversation = Conversation.objects.get()
    assert response["Location"] == reverse("conversations:detail", args=[conversation.pk])


def test_invitations_to_answer_are_the_providers_waiting_ones(cast, match) -> None:  # type: ignore[no-untyped-def]
    from crosscluster.conversations.queries import list_invitations_to_answer

    conversation = services.invite_provider(
        user=cast.sme_member, match_id=match.pk, message="Shall we talk?", now=NOW
    )
    assert list(list_invitations_to_answer(user=cast.outsider)) == [conversation]
    assert list(list_invitations_to_answer(user=cast.sme_member)) == []  # they sent it
    assert list(list_invitations_to_answer(user=cast.cluster_manager)) == []
    services.answer_invitation(user=cast.outsider, conversation=conversation, accept=True, now=NOW)
    assert list(list_invitations_to_answer(user=cast.outsider)) == []


def test_a_refused_meeting_proposal_comes_back_with_the_session_chosen(cast, match) -> None:  # type: ignore[no-untyped-def]
    conversation = _open(cast, match)
    session = make_session(cast)
    coming = timezone.now() + dt.timedelta(days=60)  # the page asks the clock what is coming
    Event.objects.filter(pk=session.event_id).update(
        start_at=coming, end_at=coming + dt.timedelta(hours=8)
    )
    join(session, cast.sme_member, cast.sme, name="Ada")
    join(session, cast.outsider, cast.other_sme, name="Carla")
    client = Client()
    client.force_login(cast.sme_member)
    address = reverse("conversations:propose_meeting", args=[conversation.pk])
    assert client.post(address, {"session_id": str(session.pk)}).status_code == 302
    again = client.post(address, {"session_id": str(session.pk)})
    assert again.status_code == 400  # the page again, not a redirect with a message
    [problem] = again.context["meeting_form"].errors["session_id"]
    assert "already have a request with this participant" in problem
    page = again.content.decode()
    assert f'<option value="{session.pk}" selected>' in page
    assert 'aria-describedby="meeting-session-errors"' in page
    assert 'id="meeting-session-errors"' in page
    assert MeetingRequest.objects.count() == 1
    nowhere = client.post(address, {"session_id": "999999"})
    assert nowhere.status_code == 400
    assert "both approved participants" in nowhere.context["meeting_form"].errors["session_id"][0]
    assert (
        " selected>"
        not in nowhere.content.decode().split('id="meeting-session"')[1].split("</select>")[0]
    )
    assert MeetingRequest.objects.count() == 1
