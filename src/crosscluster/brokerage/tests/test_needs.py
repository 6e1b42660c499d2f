"""Needs heard at a meeting become draft industrial needs on the marketplace."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import services
from crosscluster.brokerage.models import CapturedNeed
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule
from crosscluster.marketplace import queries as marketplace_queries
from crosscluster.marketplace.models import Opportunity
from crosscluster.notifications.models import Notification
from tests.cast import PASSWORD, make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/brokerage"
NEED = "Vision inspection of welded seams on the assembly line, with 2 s per part."


@pytest.fixture
def world(cast):  # type: ignore[no-untyped-def]
    """Ada (an ICT SME) met Max (of an industrial cluster member) in the published schedule."""
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    max_ = join(session, cast.cluster_manager, cast.other_cluster, name="Max")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    request = services.send_request(user=ada.user, requester=ada, recipient_id=max_.pk, now=NOW)
    services.answer_request(user=max_.user, request=request, accept=True, now=NOW)
    unscheduled = services.send_request(
        user=ada.user, requester=ada, recipient_id=carla.pk, now=NOW
    )
    run = schedule(cast, session)
    services.publish_run(user=cast.coordinator, run=run, now=NOW)
    return {
        "session": session,
        "ada": ada,
        "max": max_,
        "carla": carla,
        "request": request,
        "pending": unscheduled,
    }


def capture(user, world, **changes):  # type: ignore[no-untyped-def]
    """A need of the user's own organisation at the session (organisers: Max's)."""
    parties = (world["ada"], world["max"], world["carla"])
    own = next((p.organisation_id for p in parties if p.user_id == user.pk), None)
    fields = {
        "organisation_id": own or world["max"].organisation_id,
        "title": "Seam inspection",
        "description": NEED,
        "request_id": world["request"].pk,
    }
    fields.update(changes)
    return services.capture_need(user=user, session=world["session"], now=NOW, **fields)


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def test_a_participant_records_only_their_own_organisation_s_needs(cast, world) -> None:
    with pytest.raises(ValidationError) as caught:
        capture(cast.sme_member, world, organisation_id=world["max"].organisation_id)
    assert "your own organisation" in caught.value.message_dict["organisation_id"][0]
    assert not Opportunity.objects.exists()
    assert not CapturedNeed.objects.exists()


def test_a_need_heard_becomes_a_private_draft_of_the_industrial_organisation(cast, world) -> None:
    # An organiser records it for Max's organisation (a participant records only their own).
    need = capture(cast.coordinator, world)
    opportunity = need.opportunity
    assert (opportunity.kind, opportunity.status, opportunity.visibility) == (
        "industrial_need",
        "draft",
        "private",
    )
    assert opportunity.owner == cast.other_cluster
    assert (opportunity.title, opportunity.description) == ("Seam inspection", NEED)
    # The owner takes part in the partnership: its brokers see the draft too.
    assert opportunity.partnership == cast.partnership
    assert (need.session, need.request, need.recorded_by) == (
        world["session"],
        world["request"],
        cast.coordinator,
    )
    # The organiser does not work for the owner: the draft is made in the name of Max.
    assert opportunity.created_by == cast.cluster_manager
    # The organisation's members see the draft (to publish it) and are told; others are not.
    assert opportunity in marketplace_queries.visible_opportunities(user=cast.cluster_manager)
    assert opportunity in marketplace_queries.visible_opportunities(user=cast.coordinator)
    assert opportunity not in marketplace_queries.visible_opportunities(user=cast.outsider)
    assert opportunity not in marketplace_queries.visible_opportunities(user=cast.sme_member)
    [notice] = Notification.objects.filter(recipient=cast.cluster_manager, kind="brokerage.need")
    assert "Seam inspection" in notice.text
    assert notice.url == reverse("marketplace:opportunity_detail", args=[opportunity.pk])


def test_the_owner_records_their_own_need_in_their_name(cast, world) -> None:
    need = capture(cast.cluster_manager, world)
    assert need.opportunity.created_by == cast.cluster_manager


def test_an_organiser_may_record_a_need_without_a_meeting(cast, world) -> None:
    need = capture(
        cast.coordinator, world, organisation_id=world["carla"].organisation_id, request_id=None
    )
    assert need.request is None
    assert need.opportunity.owner == cast.other_sme
    assert need.opportunity.partnership is None  # Unrelated SME is not in the partnership


@pytest.mark.parametrize(
    ("who", "changes", "field", "words"),
    [
        (
            "sme_member",
            {"organisation_id": "carla"},
            "organisation_id",
            "your own organisation",
        ),
        ("sme_member", {"request_id": None}, "request_id", "at which of your meetings"),
        ("sme_member", {"request_id": "pending"}, "request_id", "not in the published schedule"),
        ("outsider", {}, "request_id", "your own meetings"),
        ("sme_member", {"description": "too short"}, "description", "at least 20 characters"),
        ("sme_member", {"title": " "}, "title", "title"),
        (
            "coordinator",
            {"request_id": None, "organisation_id": "nobody"},
            "organisation_id",
            "of this session",
        ),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    cast, world, who, changes, field, words
) -> None:
    resolved = {}
    for key, value in changes.items():
        if value == "carla":
            value = world["carla"].organisation_id
        elif value == "pending":
            value = world["pending"].pk
        elif value == "nobody":
            value = cast.cluster.pk  # no participant of the session works for it
        resolved[key] = value
    with pytest.raises(ValidationError) as caught:
        capture(getattr(cast, who), world, **resolved)
    assert words in " ".join(caught.value.message_dict[field])
    assert not Opportunity.objects.exists()
    assert not CapturedNeed.objects.exists()
    assert not Notification.objects.filter(kind="brokerage.need").exists()


def test_people_outside_the_session_cannot_record_needs(cast, world) -> None:
    stranger = make_user("stranger@example.eu")
    with pytest.raises(PermissionDenied):
        capture(stranger, world)
    assert not Opportunity.objects.exists()


def test_recording_a_need_on_the_agenda_page(cast, world, client: Client) -> None:
    session, ada = world["session"], world["ada"]
    login(client, cast.sme_member)
    agenda_url = reverse("brokerage:agenda", args=[session.pk, ada.pk])
    page = client.get(agenda_url).content.decode()
    assert "Record a need heard" in page
    # Ada records her own organisation's needs: no choice of another organisation is offered.
    assert f'name="organisation" value="{cast.sme.pk}"' in page
    need_form = page.split(f'data-testid="need-{world["request"].pk}"')[1].split("</details>")[0]
    assert "<select" not in need_form  # (the free-slot form's choices are participants)
    response = client.post(
        reverse("brokerage:capture_need", args=[session.pk]),
        {
            "request": world["request"].pk,
            "organisation": cast.sme.pk,
            "title": "Seam inspection",
            "description": NEED,
            "next": agenda_url,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == agenda_url
    page = response.content.decode()
    assert "recorded as a marketplace draft" in page
    assert "Vision Systems SME: Seam inspection (Draft)" in page
    assert CapturedNeed.objects.count() == 1
    # The organiser page lists it with its meeting.
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:organise", args=[session.pk])).content.decode()
    assert "Vision Systems SME: Seam inspection (Draft)" in page


def test_the_page_refuses_bad_input_and_foreign_meetings(cast, world, client: Client) -> None:
    session = world["session"]
    login(client, cast.sme_member)
    url = reverse("brokerage:capture_need", args=[session.pk])
    body = {
        "request": world["request"].pk,
        "organisation": cast.sme.pk,
        "title": "Seam inspection",
        "description": "short",
    }
    refused = client.post(url, {**body, "description": "Seams."})
    assert refused.status_code == 400  # the agenda again, as typed, the problem beside it
    page = refused.content.decode()
    assert "Describe the opportunity in at least 20 characters" in page
    assert 'value="Seam inspection"' in page
    assert "Seams.</textarea>" in page
    assert f'data-testid="need-{world["request"].pk}" open' in page
    # Carla was not at Ada and Max's meeting: the meeting is a 404 for her.
    login(client, cast.outsider)
    assert client.post(url, {**body, "description": NEED}).status_code == 404
    # An open redirect through "next" is not followed.
    login(client, cast.sme_member)
    response = client.post(url, {**body, "description": NEED, "next": "https://evil.example"})
    assert response["Location"] == reverse("brokerage:session", args=[session.pk])
    assert CapturedNeed.objects.count() == 1
    assert Opportunity.objects.count() == 1


def test_needs_through_the_api(cast, world, client: Client, token_for) -> None:
    session = world["session"]
    url = f"{API}/sessions/{session.pk}/needs"
    body = {
        "organisation_id": cast.sme.pk,
        "title": "Seam inspection",
        "description": NEED,
        "request_id": world["request"].pk,
    }
    created = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=token_for(cast.sme_member)
    )
    assert created.status_code == 201, created.content
    need = created.json()
    opportunity = Opportunity.objects.get()
    assert need["opportunity_id"] == opportunity.pk
    assert (need["organisation_id"], need["status"], need["request_id"]) == (
        cast.sme.pk,
        "draft",
        world["request"].pk,
    )
    # Carla is not a party to that meeting: 404; the listing is for organisers only.
    foreign = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=token_for(cast.outsider)
    )
    assert foreign.status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION=token_for(cast.sme_member)).status_code == 403
    listed = client.get(url, HTTP_AUTHORIZATION=token_for(cast.coordinator)).json()
    assert [row["opportunity_id"] for row in listed] == [opportunity.pk]
    bad = client.post(
        url,
        {**body, "organisation_id": cast.other_sme.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.sme_member),
    )
    assert bad.status_code == 400
    assert "organisation_id" in bad.json()["errors"]
    assert Opportunity.objects.count() == 1
    anonymous = Client().post(url, body, content_type="application/json")
    assert anonymous.status_code == 401


def test_an_agreement_names_only_the_parties_of_its_meeting(cast, world) -> None:
    """Ada met Max: she cannot put Carla's organisation (or one not at the session) on their
    agreement; without a meeting, only the session's participants can be named."""
    from crosscluster.brokerage.models import Agreement

    session, request = world["session"], world["request"]
    fields = {"session": session, "kind": "memorandum", "title": "MoU", "now": NOW}
    for partner_ids, request_id in (
        ([cast.sme.pk, cast.other_cluster.pk, cast.other_sme.pk], request.pk),
        ([cast.sme.pk, cast.cluster.pk], None),
    ):
        with pytest.raises(ValidationError) as caught:
            services.record_agreement(
                user=cast.sme_member,
                partner_ids=partner_ids,
                request_id=request_id,
                signed_date=NOW.date(),
                **fields,
            )
        assert "took no part in" in caught.value.message_dict["partner_ids"][0]
    assert not Agreement.objects.exists()
    agreement = services.record_agreement(
        user=cast.sme_member,
        partner_ids=[cast.sme.pk, cast.other_cluster.pk],
        request_id=request.pk,
        signed_date=NOW.date(),
        **fields,
    )
    assert set(agreement.partners.all()) == {cast.sme, cast.other_cluster}


def test_a_refused_agreement_comes_back_beside_its_meeting(cast, world, client: Client) -> None:
    from crosscluster.brokerage.models import Agreement

    session, request = world["session"], world["request"]
    login(client, cast.sme_member)
    refused = client.post(
        reverse("brokerage:record_agreement", args=[session.pk]),
        {"request": request.pk, "kind": "memorandum", "title": "MoU on seam inspection"},
    )  # no date signed
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'value="MoU on seam inspection"' in page
    assert "<details open>" in page  # the agreement's form is open where it was typed
    assert "Signed on: give the day it was signed, e.g. 2026-03-04." in page
    assert not Agreement.objects.exists()
    recorded = client.post(
        reverse("brokerage:record_agreement", args=[session.pk]),
        {
            "request": request.pk,
            "kind": "memorandum",
            "title": "MoU on seam inspection",
            "signed_date": "2026-03-04",
        },
    )
    assert recorded["Location"] == reverse("brokerage:agenda", args=[session.pk, world["ada"].pk])
    assert Agreement.objects.get().title == "MoU on seam inspection"
