"""Compact agendas per session: the options, the breaks of a run on the organiser's page and in
the API, who may change the options, and a bad value."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import services
from crosscluster.brokerage.models import B2BSession, Participant
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db
API = "/api/v1/brokerage"


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def _meet(cast, session: B2BSession, requester: Participant, recipient: Participant) -> None:  # type: ignore[no-untyped-def]
    request = services.send_request(
        user=requester.user, requester=requester, recipient_id=recipient.pk, now=NOW
    )
    services.answer_request(user=recipient.user, request=request, accept=True, now=NOW)


@pytest.fixture
def forced_break(cast):  # type: ignore[no-untyped-def]
    """Ada meets Carla (free only at 09:00) and Bob (free only at 09:40): 09:20 stays idle, so
    Ada has exactly one break in every schedule with both meetings."""
    session = make_session(cast)
    slots = list(session.slots.order_by("start_at"))
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    bob = join(session, cast.cluster_manager, cast.other_cluster, name="Bob")
    services.set_availability(
        user=cast.outsider, participant=carla, available_slot_ids=[slots[0].pk]
    )
    services.set_availability(
        user=cast.cluster_manager, participant=bob, available_slot_ids=[slots[2].pk]
    )
    _meet(cast, session, ada, carla)
    _meet(cast, session, ada, bob)
    return session


def test_a_session_compacts_agendas_by_default(cast) -> None:  # type: ignore[no-untyped-def]
    session = make_session(cast)
    assert session.compact_agendas is True
    assert session.max_break_difference is None
    assert session.half_day_agendas is False


def test_the_organiser_sees_breaks_their_bound_and_the_worst_off(
    cast, client: Client, forced_break: B2BSession
) -> None:
    run = schedule(cast, forced_break, time_limit=2)
    assert run.meetings.count() == 2
    assert run.compact_agendas is True
    assert (run.breaks, run.breaks_lower_bound) == (1, 1)
    assert run.breaks_before >= run.breaks
    assert run.breaks_distribution == {"0": 2, "1": 1, "2+": 0}
    assert [(item["name"], item["breaks"]) for item in run.worst_off] == [("Ada", 1)]
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:organise", args=[forced_break.pk])).content.decode()
    assert "1 break in participants&#x27; days" in page
    assert "the fewest possible (proven)." in page
    assert "Participants with 0 breaks: 2; with 1: 1; with 2 or more: 0." in page
    assert "Ada (1)" in page


def test_compact_agendas_off_applies_to_the_next_run_and_shows(
    cast, client: Client, forced_break: B2BSession
) -> None:
    login(client, cast.coordinator)
    response = client.post(
        reverse("brokerage:agenda_options", args=[forced_break.pk]),
        {"max_break_difference": ""},  # the box unticked: off
    )
    assert response.status_code == 302
    forced_break.refresh_from_db()
    assert forced_break.compact_agendas is False
    run = schedule(cast, forced_break, time_limit=2)
    assert run.compact_agendas is False
    assert run.meetings.count() == 2  # never a meeting less, on or off
    page = client.get(reverse("brokerage:organise", args=[forced_break.pk])).content.decode()
    assert "compact agendas are off for this session" in page


def test_refused_agenda_options_come_back_as_chosen(
    cast, client: Client, forced_break: B2BSession
) -> None:
    login(client, cast.coordinator)
    response = client.post(
        reverse("brokerage:agenda_options", args=[forced_break.pk]),
        {"max_break_difference": "99", "half_day_agendas": "1"},  # compact unticked
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give a difference between 0 and" in page
    assert 'name="max_break_difference" type="number" min="0" max="50" value="99"' in page
    assert 'name="half_day_agendas" value="1" checked' in page
    assert 'name="compact_agendas" value="1">' in page  # as chosen: off
    forced_break.refresh_from_db()
    assert (forced_break.compact_agendas, forced_break.half_day_agendas) == (True, False)


def test_the_api_shows_the_options_and_the_breaks_of_a_run(
    cast, client: Client, token_for, forced_break: B2BSession
) -> None:
    headers = {"HTTP_AUTHORIZATION": token_for(cast.coordinator)}
    response = client.post(
        f"{API}/sessions/{forced_break.pk}/agenda-options",
        {"compact_agendas": True, "max_break_difference": 2, "half_day_agendas": False},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["max_break_difference"] == 2
    run = schedule(cast, forced_break, time_limit=2)
    body = client.get(f"{API}/runs/{run.pk}", **headers).json()
    assert body["breaks"] == 1
    assert body["breaks_lower_bound"] <= body["breaks"]
    assert body["breaks_distribution"] == {"0": 2, "1": 1, "2+": 0}
    assert body["worst_off"][0]["name"] == "Ada"


def test_only_organisers_change_the_agenda_options(
    cast, client: Client, token_for, forced_break: B2BSession
) -> None:
    login(client, cast.sme_member)
    url = reverse("brokerage:agenda_options", args=[forced_break.pk])
    assert client.post(url, {"max_break_difference": ""}).status_code == 403
    response = client.post(
        f"{API}/sessions/{forced_break.pk}/agenda-options",
        {"compact_agendas": False},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.sme_member),
    )
    assert response.status_code == 403
    forced_break.refresh_from_db()
    assert forced_break.compact_agendas is True


def test_a_fairness_limit_out_of_range_names_the_field_and_saves_nothing(
    cast, forced_break: B2BSession
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.set_agenda_options(
            user=cast.coordinator,
            session=forced_break,
            compact_agendas=True,
            max_break_difference=99,
        )
    assert "max_break_difference" in caught.value.message_dict
    forced_break.refresh_from_db()
    assert forced_break.max_break_difference is None
