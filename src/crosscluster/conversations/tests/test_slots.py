"""Slots of a coming study visit or event programme proposed to meet at from a conversation
(issue 10, journey 5): propose, accept, decline, withdraw; notifications; what each side may
choose and see; who acts, in the pages and the API."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.brokerage.tests.factories import NOW
from crosscluster.conversations import queries, services
from crosscluster.conversations.models import Conversation, SlotProposal, SlotStatus
from crosscluster.core.choices import Visibility
from crosscluster.directory.models import ClusterMembership
from crosscluster.events.models import Event, ProgrammeItem, ProgrammeItemKind
from crosscluster.events.tests.factories import make_event, make_programme_item
from crosscluster.marketplace.models import MatchSuggestion
from crosscluster.marketplace.tests.helpers import make_opportunity
from crosscluster.notifications.models import Notification

pytestmark = pytest.mark.django_db
API = "/api/v1/conversations"
KIND = "conversations.slot"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# the study visit starts on Tuesday 3 March 2026 (events.tests.factories), after NOW (1 February)


def _to_coming(visit):  # type: ignore[no-untyped-def]
    """Move the visit and its programme to 60 days from today (pages and API use the clock)."""
    shift = (
        timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
        + dt.timedelta(days=60)
        - visit.event.start_at
    )
    Event.objects.filter(pk=visit.event_id).update(
        start_at=F("start_at") + shift, end_at=F("end_at") + shift
    )
    ProgrammeItem.objects.filter(event_id=visit.event_id).update(
        start_at=F("start_at") + shift, end_at=F("end_at") + shift
    )
    visit.refresh_from_db()
    return visit


def _notified() -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(kind=KIND)
        .order_by("pk")
        .values_list("recipient__email", "text")
    )


def test_a_slot_is_proposed_accepted_and_both_sides_are_told(cast, conversation, visit) -> None:  # type: ignore[no-untyped-def]
    choices = queries.list_slot_choices(user=cast.outsider, conversation=conversation, now=NOW)
    assert choices == [visit]
    proposal = services.propose_slot(
        user=cast.outsider, conversation=conversation, item_id=visit.pk, note="Lunch?", now=NOW
    )
    assert (proposal.organisation, proposal.status) == (cast.other_sme, SlotStatus.PENDING)
    [(email, text)] = _notified()
    assert email == cast.sme_member.email
    assert "Unrelated SME proposes to meet during “Visit of a machine builder”" in text
    assert "Study visit to Berlin (Tue 3 Mar 11:00\u201312:00 Europe/Berlin)" in text
    with pytest.raises(PermissionDenied):  # the proposing side does not answer itself
        services.answer_slot(user=cast.outsider, proposal=proposal, accept=True, now=NOW)
    answered = services.answer_slot(user=cast.sme_member, proposal=proposal, accept=True, now=NOW)
    assert answered.status == SlotStatus.ACCEPTED
    assert answered.answered_by == cast.sme_member
    assert _notified()[-1][0] == cast.outsider.email
    assert "Vision Systems SME accepted to meet during" in _notified()[-1][1]
    with pytest.raises(ValidationError) as twice:
        services.answer_slot(user=cast.sme_member, proposal=proposal, accept=False, now=NOW)
    assert "already answered" in twice.value.message_dict["status"][0]


def test_a_declined_or_withdrawn_slot_may_be_proposed_again(cast, conversation, visit) -> None:  # type: ignore[no-untyped-def]
    first = services.propose_slot(
        user=cast.sme_member, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    with pytest.raises(ValidationError) as again:
        services.propose_slot(
            user=cast.outsider, conversation=conversation, item_id=visit.pk, note="", now=NOW
        )
    assert "already proposed" in again.value.message_dict["item_id"][0]
    with pytest.raises(PermissionDenied):  # only the proposing side withdraws
        services.withdraw_slot(user=cast.outsider, proposal=first, now=NOW)
    services.answer_slot(user=cast.outsider, proposal=first, accept=False, now=NOW)
    second = services.propose_slot(
        user=cast.sme_member, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    withdrawn = services.withdraw_slot(user=cast.sme_member, proposal=second, now=NOW)
    assert withdrawn.status == SlotStatus.WITHDRAWN
    assert "withdrew the proposal" in _notified()[-1][1]
    assert _notified()[-1][0] == cast.outsider.email
    with pytest.raises(ValidationError):
        services.withdraw_slot(user=cast.sme_member, proposal=second, now=NOW)
    assert SlotProposal.objects.filter(status=SlotStatus.DECLINED).count() == 1


def test_only_slots_both_sides_may_see_and_not_yet_started_are_offered(
    cast, conversation, visit
) -> None:  # type: ignore[no-untyped-def]
    members_only = make_event(
        cast.partnership,
        "Partners' dinner",
        start_at=visit.event.start_at + dt.timedelta(days=1),
        visibility=Visibility.PARTNERSHIP,
    )
    dinner = make_programme_item(members_only, "Dinner", kind=ProgrammeItemKind.NETWORKING)
    coordinators_only = make_event(
        cast.partnership,
        "Steering group",
        start_at=visit.event.start_at + dt.timedelta(days=2),
        visibility=Visibility.PRIVATE,
    )
    steering = make_programme_item(coordinators_only, "Steering")
    started = make_programme_item(visit.event, "Welcome")  # at the event's start
    member_sees = queries.list_slot_choices(
        user=cast.sme_member, conversation=conversation, now=NOW
    )
    assert member_sees == [started, visit]  # the other side is no partner: no dinner
    later = visit.event.start_at + dt.timedelta(minutes=30)
    assert queries.list_slot_choices(
        user=cast.sme_member, conversation=conversation, now=later
    ) == [visit]
    for item in (dinner, steering):
        with pytest.raises(ValidationError) as refused:
            services.propose_slot(
                user=cast.sme_member, conversation=conversation, item_id=item.pk, note="", now=NOW
            )
        assert "both organisations may see" in refused.value.message_dict["item_id"][0]
    with pytest.raises(ValidationError):  # started
        services.propose_slot(
            user=cast.sme_member, conversation=conversation, item_id=started.pk, note="", now=later
        )
    # once the outsider's company joins a partner cluster, the partners' dinner is a choice
    ClusterMembership.objects.create(cluster=cast.other_cluster, member=cast.other_sme)
    assert dinner in queries.list_slot_choices(
        user=cast.outsider, conversation=conversation, now=NOW
    )
    assert steering not in queries.list_slot_choices(
        user=cast.coordinator, conversation=conversation, now=NOW
    )  # the coordinator speaks for neither side
    assert not SlotProposal.objects.exists()


def test_bad_input_is_refused_by_name_and_writes_nothing(cast, conversation, visit) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as long_note:
        services.propose_slot(
            user=cast.sme_member,
            conversation=conversation,
            item_id=visit.pk,
            note="x" * 1001,
            now=NOW,
        )
    assert "at most 1000 characters" in long_note.value.message_dict["note"][0]
    Conversation.objects.filter(pk=conversation.pk).update(status="declined")
    conversation.refresh_from_db()
    with pytest.raises(ValidationError) as closed:
        services.propose_slot(
            user=cast.sme_member, conversation=conversation, item_id=visit.pk, note="", now=NOW
        )
    assert "not open" in closed.value.message_dict["item_id"][0]
    with pytest.raises(PermissionDenied):
        services.propose_slot(
            user=cast.coordinator, conversation=conversation, item_id=visit.pk, note="", now=NOW
        )
    assert not SlotProposal.objects.exists()
    assert not Notification.objects.filter(kind=KIND).exists()


def test_a_slot_that_started_can_no_longer_be_accepted(cast, conversation, visit) -> None:  # type: ignore[no-untyped-def]
    proposal = services.propose_slot(
        user=cast.sme_member, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    with pytest.raises(ValidationError) as late:
        services.answer_slot(user=cast.outsider, proposal=proposal, accept=True, now=visit.start_at)
    assert "has started" in late.value.message_dict["status"][0]
    proposal.refresh_from_db()
    assert proposal.status == SlotStatus.PENDING


def test_a_slot_of_an_event_a_person_no_longer_sees_is_hidden_from_them(
    cast, conversation, visit
) -> None:  # type: ignore[no-untyped-def]
    proposal = services.propose_slot(
        user=cast.sme_member, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    visit.event.visibility = Visibility.PARTNERSHIP
    visit.event.save(update_fields=["visibility"])
    assert list(queries.list_slot_proposals(user=cast.sme_member, conversation=conversation)) == [
        proposal
    ]
    assert not queries.list_slot_proposals(user=cast.outsider, conversation=conversation)
    assert not queries.can_see_slot_proposal(user=cast.outsider, proposal_id=proposal.pk)
    client = Client()
    client.force_login(cast.outsider)
    page = client.get(reverse("conversations:detail", args=[conversation.pk]))
    assert "Visit of a machine builder" not in page.content.decode()
    url = reverse("conversations:answer_slot", args=[conversation.pk, proposal.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 404
    # a notice made now would not reach them either
    services.withdraw_slot(user=cast.sme_member, proposal=proposal, now=NOW)
    assert [email for email, _text in _notified()] == [cast.outsider.email]  # the first only


@pytest.mark.parametrize("role", ["coordinator", "cluster_manager"])
def test_people_of_neither_side_get_404_everywhere(
    cast, conversation, visit, role, token_for
) -> None:  # type: ignore[no-untyped-def]
    proposal = services.propose_slot(
        user=cast.sme_member, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    user = getattr(cast, role)
    client = Client()
    client.force_login(user)
    posts = {
        "propose_slot": [conversation.pk],
        "answer_slot": [conversation.pk, proposal.pk],
        "withdraw_slot": [conversation.pk, proposal.pk],
    }
    for name, args in posts.items():
        url = reverse(f"conversations:{name}", args=args)
        assert client.post(url, {"item_id": visit.pk, "decision": "accept"}).status_code == 404
    auth = {"HTTP_AUTHORIZATION": token_for(user)}
    api = Client()
    assert api.get(f"{API}/{conversation.pk}/slots", **auth).status_code == 404
    assert api.get(f"{API}/{conversation.pk}/slot-choices", **auth).status_code == 404
    for path, body in (
        (f"{API}/{conversation.pk}/slots", {"item_id": visit.pk}),
        (f"{API}/{conversation.pk}/slots/{proposal.pk}/answer", {"accept": True}),
        (f"{API}/{conversation.pk}/slots/{proposal.pk}/withdrawal", {}),
    ):
        assert api.post(path, body, content_type="application/json", **auth).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == SlotStatus.PENDING
    assert SlotProposal.objects.count() == 1


def test_an_administrator_reads_the_slots_but_does_not_act(
    cast, conversation, visit, token_for
) -> None:  # type: ignore[no-untyped-def]
    proposal = services.propose_slot(
        user=cast.sme_member, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    auth = {"HTTP_AUTHORIZATION": token_for(cast.administrator)}
    api = Client()
    listed = api.get(f"{API}/{conversation.pk}/slots", **auth)
    assert [row["id"] for row in listed.json()] == [proposal.pk]
    answered = api.post(
        f"{API}/{conversation.pk}/slots/{proposal.pk}/answer",
        {"accept": True},
        content_type="application/json",
        **auth,
    )
    assert answered.status_code == 403
    client = Client()
    client.force_login(cast.administrator)
    url = reverse("conversations:propose_slot", args=[conversation.pk])
    assert client.post(url, {"item_id": visit.pk}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == SlotStatus.PENDING


def test_visitors_are_sent_to_log_in_and_the_api_wants_a_token(cast, conversation, visit) -> None:  # type: ignore[no-untyped-def]
    visitor = Client()
    url = reverse("conversations:propose_slot", args=[conversation.pk])
    assert visitor.post(url, {"item_id": visit.pk}).status_code == 302
    assert visitor.get(f"{API}/{conversation.pk}/slots").status_code == 401
    posted = visitor.post(
        f"{API}/{conversation.pk}/slots", {"item_id": visit.pk}, content_type="application/json"
    )
    assert posted.status_code == 401
    assert not SlotProposal.objects.exists()


def test_a_proposal_of_another_conversation_is_404_through_this_one(
    cast, conversation, visit, token_for
) -> None:  # type: ignore[no-untyped-def]
    proposal = services.propose_slot(
        user=cast.sme_member, conversation=conversation, item_id=visit.pk, note="", now=NOW
    )
    other_need = make_opportunity(user=cast.sme_member, owner=cast.sme, now=NOW, title="Other")
    match = MatchSuggestion.objects.create(
        opportunity=other_need,
        provider_organisation=cast.other_sme,
        score=0.5,
        provider_country="DE",
        cross_border=True,
        computed_at=NOW,
    )
    other = services.invite_provider(user=cast.sme_member, match_id=match.pk, message="", now=NOW)
    answer = Client().post(
        f"{API}/{other.pk}/slots/{proposal.pk}/answer",
        {"accept": True},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.outsider),
    )
    assert answer.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == SlotStatus.PENDING


def test_the_slot_journey_in_the_api(cast, conversation, visit, token_for) -> None:  # type: ignore[no-untyped-def]
    visit = _to_coming(visit)
    owner = {"HTTP_AUTHORIZATION": token_for(cast.sme_member)}
    provider = {"HTTP_AUTHORIZATION": token_for(cast.outsider)}
    api = Client()
    choices = api.get(f"{API}/{conversation.pk}/slot-choices", **provider).json()
    assert [(row["item_id"], row["event_kind"], row["timezone"]) for row in choices] == [
        (visit.pk, "study_visit", "Europe/Berlin")
    ]
    start_local = dt.datetime.fromisoformat(choices[0]["start_local"])
    assert start_local == visit.start_at
    assert start_local.utcoffset() == visit.start_at.astimezone(BERLIN).utcoffset()
    bad = api.post(
        f"{API}/{conversation.pk}/slots",
        {"item_id": 999999},
        content_type="application/json",
        **provider,
    )
    assert bad.status_code == 400
    assert "item_id" in bad.json()["errors"]
    created = api.post(
        f"{API}/{conversation.pk}/slots",
        {"item_id": visit.pk, "note": "Meet at the factory?"},
        content_type="application/json",
        **provider,
    )
    assert created.status_code == 201
    proposal = created.json()
    assert (proposal["status"], proposal["slot"]["title"]) == (
        "pending",
        "Visit of a machine builder",
    )
    mine = api.post(
        f"{API}/{conversation.pk}/slots/{proposal['id']}/answer",
        {"accept": True},
        content_type="application/json",
        **provider,
    )
    assert mine.status_code == 403
    accepted = api.post(
        f"{API}/{conversation.pk}/slots/{proposal['id']}/answer",
        {"accept": True},
        content_type="application/json",
        **owner,
    )
    assert accepted.json()["status"] == "accepted"
    listed = api.get(f"{API}/{conversation.pk}/slots", **owner).json()
    assert [row["status"] for row in listed] == ["accepted"]
    withdrawn = api.post(
        f"{API}/{conversation.pk}/slots/{proposal['id']}/withdrawal",
        content_type="application/json",
        **provider,
    )
    assert withdrawn.json()["status"] == "withdrawn"


def test_the_page_offers_the_slot_and_the_answer_to_the_other_side(
    cast, conversation, visit
) -> None:  # type: ignore[no-untyped-def]
    visit = _to_coming(visit)
    proposer = Client()
    proposer.force_login(cast.sme_member)
    detail = reverse("conversations:detail", args=[conversation.pk])
    page = proposer.get(detail).content.decode()
    assert f'<option value="{visit.pk}">' in page
    response = proposer.post(
        reverse("conversations:propose_slot", args=[conversation.pk]),
        {"item_id": str(visit.pk), "note": "Shall we?"},
    )
    assert response["Location"] == detail + "#slots"
    proposal = SlotProposal.objects.get()
    assert proposal.note == "Shall we?"
    answer_url = reverse("conversations:answer_slot", args=[conversation.pk, proposal.pk])
    assert answer_url not in proposer.get(detail).content.decode()
    other = Client()
    other.force_login(cast.outsider)
    assert answer_url in other.get(detail).content.decode()
    other.post(answer_url, {"decision": "decline"})
    proposal.refresh_from_db()
    assert proposal.status == SlotStatus.DECLINED
    refused = proposer.post(
        reverse("conversations:propose_slot", args=[conversation.pk]), {"item_id": "x"}
    )
    assert refused.status_code == 400  # the page again, the problem beside the slot
    assert refused.context["slot_form"].errors["item_id"]
    assert SlotProposal.objects.count() == 1


def test_a_refused_slot_proposal_comes_back_as_typed(cast, conversation, visit) -> None:  # type: ignore[no-untyped-def]
    visit = _to_coming(visit)
    proposer = Client()
    proposer.force_login(cast.sme_member)
    note = "Lunch at the factory? " * 50  # 1,100 characters: too long
    response = proposer.post(
        reverse("conversations:propose_slot", args=[conversation.pk]),
        {"item_id": str(visit.pk), "note": note},
    )
    assert response.status_code == 400
    assert not SlotProposal.objects.exists()
    [problem] = response.context["slot_form"].errors["note"]
    assert "at most 1000 characters" in problem
    page = response.content.decode()
    assert f"{note}</textarea>" in page
    assert f'<option value="{visit.pk}" selected>' in page
    assert 'aria-describedby="slot-note-errors"' in page
