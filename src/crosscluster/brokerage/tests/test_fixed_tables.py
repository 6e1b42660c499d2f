"""A host's fixed table: the organiser's control (page and API), the table plan and the agenda."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import services
from crosscluster.brokerage.models import ParticipantStatus, Table
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule
from crosscluster.events.models import EventKind
from crosscluster.events.tests.factories import make_event
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db
API = "/api/v1/brokerage"


@pytest.fixture
def world(cast):  # type: ignore[no-untyped-def]
    session = make_session(cast, table_names=["Lake", "Dome"])
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    max_ = join(session, cast.cluster_manager, cast.other_cluster, name="Max")
    return {"session": session, "ada": ada, "carla": carla, "max": max_}


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def fix(client: Client, session_id: int, **data: object):  # type: ignore[no-untyped-def]
    return client.post(reverse("brokerage:fixed_table", args=[session_id]), data, follow=True)


def hosts() -> dict[int, int | None]:
    return dict(Table.objects.values_list("number", "host_id"))


def test_the_organiser_fixes_a_table_and_everyone_sees_it(cast, world, client: Client) -> None:
    session, max_ = world["session"], world["max"]
    login(client, cast.coordinator)
    page = fix(client, session.pk, participant=max_.pk, number=2).content.decode()
    assert "Max stays at one table" in page
    assert hosts() == {1: None, 2: max_.pk}
    assert "Dome: Max (Baltic Test Cluster)" in page  # the organiser page lists it

    # The next run puts Max's meetings at Dome; the table plan and Max's agenda say so.
    for other in (world["ada"], world["carla"]):
        request = services.send_request(
            user=other.user, requester=other, recipient_id=max_.pk, now=NOW
        )
        services.answer_request(user=max_.user, request=request, accept=True, now=NOW)
    run = schedule(cast, session)
    assert {m.table for m in run.meetings.all()} == {2}
    services.publish_run(user=cast.coordinator, run=run, now=NOW)
    plan = client.get(reverse("brokerage:tables", args=[session.pk])).content.decode()
    assert "Dome: Max (Baltic Test Cluster) stays here all day" in plan
    login(client, cast.cluster_manager)
    agenda = client.get(reverse("brokerage:agenda", args=[session.pk, max_.pk])).content.decode()
    assert "You stay at Dome: the others come to you." in agenda
    login(client, cast.sme_member)
    agenda = client.get(
        reverse("brokerage:agenda", args=[session.pk, world["ada"].pk])
    ).content.decode()
    assert "You stay at" not in agenda  # only hosts stay put

    login(client, cast.coordinator)
    page = fix(client, session.pk, participant=max_.pk, release="1").content.decode()
    assert "Max no longer has a fixed table" in page
    assert hosts() == {1: None, 2: None}


def test_moving_a_host_frees_their_old_table(cast, world) -> None:
    session, max_ = world["session"], world["max"]
    services.assign_fixed_table(user=cast.coordinator, session=session, participant=max_, number=1)
    services.assign_fixed_table(user=cast.coordinator, session=session, participant=max_, number=2)
    assert hosts() == {1: None, 2: max_.pk}


def test_an_occupied_table_is_refused_and_nothing_changes(cast, world, client: Client) -> None:
    session = world["session"]
    services.assign_fixed_table(
        user=cast.coordinator, session=session, participant=world["max"], number=2
    )
    services.assign_fixed_table(
        user=cast.coordinator, session=session, participant=world["ada"], number=1
    )
    login(client, cast.coordinator)
    refused = fix(client, session.pk, participant=world["ada"].pk, number=2)
    assert refused.status_code == 400  # the organisers' page again, as chosen
    page = refused.content.decode()
    assert "Dome is already fixed for Max (Baltic Test Cluster)" in page
    assert f'<option value="{world["ada"].pk}" selected>' in page
    assert '<option value="2" selected>' in page
    assert 'aria-describedby="fixed-table-errors"' in page
    assert hosts() == {1: world["ada"].pk, 2: world["max"].pk}  # Ada kept her table


def test_bad_numbers_and_participants_name_the_field(cast, world, client: Client) -> None:
    session = world["session"]
    login(client, cast.coordinator)
    page = fix(client, session.pk, participant=world["max"].pk, number=3).content.decode()
    assert "Choose a table between 1 and 2." in page
    page = fix(client, session.pk, participant=world["max"].pk).content.decode()
    assert "Choose the table the host stays at." in page
    page = fix(client, session.pk, participant=world["max"].pk, release="1").content.decode()
    assert "Max has no fixed table to release." in page
    world["carla"].status = ParticipantStatus.WITHDRAWN
    world["carla"].save()
    page = fix(client, session.pk, participant=world["carla"].pk, number=1).content.decode()
    assert "Carla has withdrawn: fix a table for a registered" in page
    assert hosts() == {1: None, 2: None}


def test_a_participant_of_another_session_is_refused(
    cast, world, client: Client, token_for
) -> None:
    """Same organiser, two events: the table of one session cannot go to the other's people."""
    other_event = make_event(cast.partnership, "Another brokerage", kind=EventKind.BROKERAGE)
    other = services.configure_session(
        user=cast.coordinator,
        event=other_event,
        data=services.SessionData(periods=[(other_event.start_at, other_event.end_at)], tables=5),
    )
    stranger = join(other, cast.outsider, cast.other_sme, name="Stranger")
    login(client, cast.coordinator)
    page = fix(client, world["session"].pk, participant=stranger.pk, number=1).content.decode()
    assert "This participant is not in this session" in page
    response = client.post(
        f"{API}/sessions/{world['session'].pk}/fixed-tables",
        {"participant_id": stranger.pk, "number": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.coordinator),
    )
    assert response.status_code == 400
    assert "participant_id" in response.json()["errors"]
    assert not Table.objects.filter(host__isnull=False).exists()


def test_only_organisers_fix_tables(cast, world, client: Client, token_for) -> None:
    session, max_ = world["session"], world["max"]
    for user in (cast.sme_member, cast.outsider):
        login(client, user)
        response = client.post(
            reverse("brokerage:fixed_table", args=[session.pk]),
            {"participant": max_.pk, "number": 1},
        )
        assert response.status_code == 403
        api = client.post(
            f"{API}/sessions/{session.pk}/fixed-tables",
            {"participant_id": max_.pk, "number": 1},
            content_type="application/json",
            HTTP_AUTHORIZATION=token_for(user),
        )
        assert api.status_code == 403
        assert (
            client.get(
                f"{API}/sessions/{session.pk}/tables", HTTP_AUTHORIZATION=token_for(user)
            ).status_code
            == 403
        )
    anonymous = Client().post(
        f"{API}/sessions/{session.pk}/fixed-tables",
        {"participant_id": max_.pk, "number": 1},
        content_type="application/json",
    )
    assert anonymous.status_code == 401
    assert hosts() == {1: None, 2: None}


def test_fixed_tables_through_the_api(cast, world, client: Client, token_for) -> None:
    session, max_ = world["session"], world["max"]
    token = token_for(cast.coordinator)
    url = f"{API}/sessions/{session.pk}/fixed-tables"
    created = client.post(
        url,
        {"participant_id": max_.pk, "number": 2},
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
    )
    assert created.status_code == 200
    assert created.json() == {"number": 2, "name": "Dome", "host_id": max_.pk}
    taken = client.post(
        url,
        {"participant_id": world["ada"].pk, "number": 2},
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
    )
    assert taken.status_code == 400
    assert "already fixed" in taken.json()["errors"]["number"][0]
    listed = client.get(f"{API}/sessions/{session.pk}/tables", HTTP_AUTHORIZATION=token).json()
    assert listed == [
        {"number": 1, "name": "Lake", "host_id": None},
        {"number": 2, "name": "Dome", "host_id": max_.pk},
    ]
    released = client.delete(f"{url}/{max_.pk}", HTTP_AUTHORIZATION=token)
    assert released.status_code == 204
    assert hosts() == {1: None, 2: None}
    again = client.delete(f"{url}/{max_.pk}", HTTP_AUTHORIZATION=token)
    assert again.status_code == 400


def test_an_unnamed_fixed_table_reads_in_the_readers_language(cast, client: Client) -> None:
    session = make_session(cast)  # tables without names
    max_ = join(session, cast.cluster_manager, cast.other_cluster, name="Max")
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    services.assign_fixed_table(user=cast.coordinator, session=session, participant=max_, number=2)
    assert Table.objects.get(number=2).name == ""  # no English name stored for every language
    request = services.send_request(user=ada.user, requester=ada, recipient_id=max_.pk, now=NOW)
    services.answer_request(user=max_.user, request=request, accept=True, now=NOW)
    services.publish_run(user=cast.coordinator, run=schedule(cast, session), now=NOW)
    login(client, cast.cluster_manager)
    url = reverse("brokerage:agenda", args=[session.pk, max_.pk])
    assert "You stay at Table 2: the others come to you." in client.get(url).content.decode()
    agenda = client.get("/sv" + url).content.decode()
    assert "Bord 2" in agenda
    assert "Table 2" not in agenda
    assert 'data-label="Var"' in agenda  # the agenda's rows stack on phones, cells named
