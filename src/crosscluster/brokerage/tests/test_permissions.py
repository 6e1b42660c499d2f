"""Whoever types another id gets nothing: every brokerage object reachable by id, web and API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import services
from crosscluster.brokerage.models import (
    MeetingRequest,
    Participant,
    ParticipantStatus,
    RequestStatus,
    ScheduledMeeting,
    ScheduleRun,
)
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule
from crosscluster.core.choices import Visibility
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db
API = "/api/v1/brokerage"


@pytest.fixture
def world(cast):  # type: ignore[no-untyped-def]
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    pending = join(
        session, cast.cluster_manager, cast.other_cluster, status=ParticipantStatus.PENDING
    )
    request = services.send_request(
        user=cast.sme_member, requester=ada, recipient_id=carla.pk, now=NOW
    )
    services.answer_request(user=cast.outsider, request=request, accept=True, now=NOW)
    run = schedule(cast, session, time_limit=1)
    return {
        "session": session,
        "ada": ada,
        "carla": carla,
        "pending": pending,
        "request": request,
        "run": run,
        "meeting": run.meetings.get(),
    }


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def test_the_organiser_pages_and_actions_are_forbidden_to_participants(
    cast, client: Client, world
) -> None:
    login(client, cast.sme_member)
    session = world["session"]
    assert client.get(reverse("brokerage:organise", args=[session.pk])).status_code == 403
    assert client.get(reverse("brokerage:tables", args=[session.pk])).status_code == 403
    assert client.post(reverse("brokerage:run", args=[session.pk])).status_code == 403
    assert (
        client.post(reverse("brokerage:registration", args=[session.pk]), {"open": "0"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("brokerage:decide", args=[world["pending"].pk]), {"approve": "1"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("brokerage:lock", args=[world["meeting"].pk]), {"locked": "1"}
        ).status_code
        == 403
    )
    assert client.post(reverse("brokerage:publish", args=[world["run"].pk])).status_code == 403
    assert ScheduleRun.objects.count() == 1
    assert Participant.objects.get(pk=world["pending"].pk).status == ParticipantStatus.PENDING
    assert not ScheduledMeeting.objects.filter(is_locked=True).exists()


def test_a_request_is_invisible_to_people_outside_it(cast, client: Client, world) -> None:
    login(client, cast.cluster_manager)
    for name in ("answer_request", "cancel_request"):
        url = reverse(f"brokerage:{name}", args=[world["request"].pk])
        assert client.post(url, {"accept": "0"}).status_code == 404
    assert MeetingRequest.objects.get().status == RequestStatus.ACCEPTED


def test_a_private_event_hides_its_session(cast, client: Client, world) -> None:
    event = world["session"].event
    event.visibility = Visibility.PRIVATE
    event.save()
    url = reverse("brokerage:session", args=[world["session"].pk])
    assert client.get(url).status_code == 404
    assert client.get(f"{API}/sessions/{world['session'].pk}").status_code == 404
    login(client, cast.coordinator)
    assert client.get(url).status_code == 200


def test_api_ids_of_other_people_are_not_found_and_organiser_ids_forbidden(
    cast, client: Client, token_for, world
) -> None:
    member = {"HTTP_AUTHORIZATION": token_for(cast.sme_member)}
    stranger = {"HTTP_AUTHORIZATION": token_for(cast.cluster_manager)}
    carla, ada = world["carla"], world["ada"]
    session = world["session"]
    calls = [
        ("post", f"{API}/participants/{carla.pk}/withdraw", {}, member, 404),
        (
            "put",
            f"{API}/participants/{carla.pk}/availability",
            {"available_slot_ids": []},
            member,
            404,
        ),
        ("post", f"{API}/participants/{carla.pk}/requests", {"recipient_id": ada.pk}, member, 404),
        ("get", f"{API}/participants/{carla.pk}/agenda", None, member, 404),
        (
            "post",
            f"{API}/participants/{carla.pk}/outcomes",
            {"request_id": world["request"].pk, "wave": "after_event", "outcome": "agreement"},
            member,
            404,
        ),
        ("post", f"{API}/requests/{world['request'].pk}/answer", {"accept": False}, stranger, 404),
        ("post", f"{API}/requests/{world['request'].pk}/cancel", {}, stranger, 404),
        (
            "post",
            f"{API}/participants/{world['pending'].pk}/decision",
            {"approve": True},
            member,
            403,
        ),
        ("post", f"{API}/sessions/{session.pk}/runs", {}, member, 403),
        (
            "post",
            f"{API}/sessions/{session.pk}/registration",
            {"registration_open": False},
            member,
            403,
        ),
        ("get", f"{API}/runs/{world['run'].pk}", None, member, 403),
        ("get", f"{API}/runs/{world['run'].pk}/meetings", None, member, 403),
        ("get", f"{API}/runs/{world['run'].pk}/unscheduled", None, member, 403),
        ("post", f"{API}/runs/{world['run'].pk}/publish", {}, member, 403),
        ("post", f"{API}/meetings/{world['meeting'].pk}/lock", {"locked": True}, member, 403),
        (
            "post",
            f"{API}/sessions",
            {"event_id": session.event_id, "periods": []},
            member,
            403,
        ),
    ]
    for method, url, body, headers, expected in calls:
        if body is None:
            response = getattr(client, method)(url, **headers)
        else:
            response = getattr(client, method)(
                url, body, content_type="application/json", **headers
            )
        assert response.status_code == expected, (method, url, response.content)
    # Writes without a token are refused.
    assert (
        client.post(
            f"{API}/sessions/{session.pk}/runs", {}, content_type="application/json"
        ).status_code
        == 401
    )
    assert ScheduleRun.objects.count() == 1
    assert MeetingRequest.objects.get().status == RequestStatus.ACCEPTED
    assert Participant.objects.get(pk=carla.pk).status == ParticipantStatus.APPROVED
