"""The brokerage API end to end: set-up, registration, requests, run, lock, publish, agenda."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.brokerage.models import B2BSession, Slot
from crosscluster.brokerage.tests.factories import colleague
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.events.models import EventKind
from crosscluster.events.tests.factories import make_event

pytestmark = pytest.mark.django_db
API = "/api/v1/brokerage"


def post(client: Client, url: str, body: dict[str, object], token: str, method: str = "post"):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=token
    )


def test_a_whole_brokerage_through_the_api(cast, client: Client, token_for) -> None:
    event = make_event(
        cast.partnership, "Milan brokerage", kind=EventKind.BROKERAGE, timezone="Europe/Rome"
    )
    organiser = token_for(cast.coordinator)
    response = post(
        client,
        f"{API}/sessions",
        {
            "event_id": event.pk,
            "periods": [{"start_at": "2026-03-03T09:00:00", "end_at": "2026-03-03T10:00:00"}],
            "slot_minutes": 20,
            "gap_minutes": 0,
            "tables": 1,
            "questions": ["What do you offer?"],
        },
        organiser,
    )
    assert response.status_code == 201, response.content
    session = response.json()
    assert [slot["start_at"] for slot in session["slots"]] == [
        "2026-03-03T08:00:00Z",
        "2026-03-03T08:20:00Z",
        "2026-03-03T08:40:00Z",
    ]
    ada_token, carla_token = token_for(cast.sme_member), token_for(cast.outsider)
    url = f"{API}/sessions/{session['id']}/participants"
    bad = post(client, url, {"organisation_id": cast.sme.pk, "display_name": "Ada"}, ada_token)
    assert bad.status_code == 400
    assert "What do you offer?" in bad.json()["errors"]["answers"][0]
    answers = {"answers": {"What do you offer?": "Vision"}}
    ada = post(
        client, url, {"organisation_id": cast.sme.pk, "display_name": "Ada", **answers}, ada_token
    ).json()
    carla = post(
        client,
        url,
        {"organisation_id": cast.other_sme.pk, "display_name": "Carla", **answers},
        carla_token,
    ).json()
    assert ada["status"] == "pending"
    for participant in (ada, carla):
        decided = post(
            client, f"{API}/participants/{participant['id']}/decision", {"approve": True}, organiser
        )
        assert decided.json()["status"] == "approved"
    availability = post(
        client,
        f"{API}/participants/{ada['id']}/availability",
        {"available_slot_ids": [session["slots"][2]["id"]]},
        ada_token,
        method="put",
    )
    assert availability.status_code == 200
    sent = post(
        client,
        f"{API}/participants/{ada['id']}/requests",
        {"recipient_id": carla["id"], "priority": 3, "message": "Hello"},
        ada_token,
    )
    assert sent.status_code == 201, sent.content
    answered = post(
        client, f"{API}/requests/{sent.json()['id']}/answer", {"accept": True}, carla_token
    )
    assert answered.json()["status"] == "accepted"
    queued = post(client, f"{API}/sessions/{session['id']}/runs", {"time_limit": 1}, organiser)
    assert queued.status_code == 202, queued.content
    assert (queued.json()["state"], queued.json()["meetings_count"]) == ("queued", 0)
    # Nothing is solved inside the request: the background worker does it.
    run_queued_tasks(queue="scheduling")
    run = client.get(f"{API}/runs/{queued.json()['id']}", HTTP_AUTHORIZATION=organiser).json()
    assert run["state"] == "done"
    assert run["started_at"] is not None
    assert run["finished_at"] is not None
    assert run["objective"] == run["upper_bound"] == 3
    assert run["summary"].endswith("a proven optimum.")
    assert run["meetings_count"] == 1
    meetings = client.get(f"{API}/runs/{run['id']}/meetings", HTTP_AUTHORIZATION=organiser)
    assert meetings.json()["count"] == 1
    [meeting] = meetings.json()["items"]
    assert meeting["slot_id"] == session["slots"][2]["id"]  # the one slot Ada can attend
    locked = post(client, f"{API}/meetings/{meeting['id']}/lock", {"locked": True}, organiser)
    assert locked.json()["is_locked"] is True
    published = post(client, f"{API}/runs/{run['id']}/publish", {}, organiser)
    assert published.json()["status"] == "published"
    agenda = client.get(f"{API}/participants/{carla['id']}/agenda", HTTP_AUTHORIZATION=carla_token)
    [item] = agenda.json()
    assert item["others"] == ["Ada (Vision Systems SME)"]
    assert item["start_at"] == "2026-03-03T08:40:00Z"
    public = client.get(url).json()
    assert public == {"items": [], "count": 0}  # nobody consented to the public list
    # Lists come a page at a time (organisers see both registrations, one per page here).
    first = client.get(f"{url}?page_size=1", HTTP_AUTHORIZATION=organiser).json()
    assert (first["count"], [p["display_name"] for p in first["items"]]) == (2, ["Ada"])
    second = client.get(f"{url}?page_size=1&page=2", HTTP_AUTHORIZATION=organiser).json()
    assert [p["display_name"] for p in second["items"]] == ["Carla"]
    assert client.get(f"{url}?page_size=201", HTTP_AUTHORIZATION=organiser).status_code == 422
    meetings_page = client.get(
        f"{API}/runs/{run['id']}/meetings?page=2", HTTP_AUTHORIZATION=organiser
    ).json()
    assert meetings_page == {"items": [], "count": 1}
    assert (
        client.get(f"{API}/runs/{run['id']}/meetings", HTTP_AUTHORIZATION=ada_token).status_code
        == 403
    )


def test_bad_session_input_names_the_field_and_writes_nothing(
    cast, client: Client, token_for
) -> None:
    event = make_event(cast.partnership, "Milan brokerage", timezone="Europe/Rome")
    response = post(
        client,
        f"{API}/sessions",
        {
            "event_id": event.pk,
            "periods": [{"start_at": "2026-03-03T09:00:00", "end_at": "2026-03-03T08:00:00"}],
            "tables": 0,
        },
        token_for(cast.coordinator),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"periods", "tables"}
    assert not B2BSession.objects.exists()
    assert not Slot.objects.exists()


def test_a_second_delegate_joins_through_the_api(cast, client: Client, token_for) -> None:
    from crosscluster.brokerage.tests.factories import join, make_session

    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme)
    bob = join(session, colleague(cast.sme, "bob@example.eu"), cast.sme)
    carla = join(session, cast.outsider, cast.other_sme)
    response = post(
        client,
        f"{API}/participants/{ada.pk}/requests",
        {"recipient_id": carla.pk, "delegate_id": bob.pk},
        token_for(cast.sme_member),
    )
    assert response.status_code == 201
    assert response.json()["delegate_id"] == bob.pk
    wrong = post(
        client,
        f"{API}/participants/{carla.pk}/requests",
        {"recipient_id": ada.pk, "delegate_id": bob.pk},
        token_for(cast.outsider),
    )
    assert wrong.status_code == 400
    assert "delegate_id" in wrong.json()["errors"]


def test_a_token_user_sees_what_the_same_person_sees_signed_in(cast, token_for) -> None:
    from crosscluster.brokerage.tests.factories import join, make_session
    from crosscluster.core.choices import Visibility

    session = make_session(cast)
    session.event.visibility = Visibility.PARTNERSHIP
    session.event.save(update_fields=["visibility"])
    join(session, cast.sme_member, cast.sme, name="Ada")  # not in the public list
    urls = [f"{API}/sessions/{session.pk}", f"{API}/sessions/{session.pk}/participants"]
    anonymous = Client()
    assert [anonymous.get(url).status_code for url in urls] == [404, 404]
    for person in (cast.coordinator, cast.sme_member):
        signed_in = Client()
        signed_in.force_login(person)
        with_token = Client()
        header = token_for(person)
        for url in urls:
            by_session = signed_in.get(url)
            by_token = with_token.get(url, HTTP_AUTHORIZATION=header)
            assert by_session.status_code == by_token.status_code == 200, url
            assert by_token.json() == by_session.json()
    organiser = Client().get(urls[1], HTTP_AUTHORIZATION=token_for(cast.coordinator))
    assert [p["display_name"] for p in organiser.json()["items"]] == ["Ada"]
    revoked = Client().get(urls[0], HTTP_AUTHORIZATION="Bearer not-a-token")
    assert revoked.status_code == 401


def test_the_requests_a_run_left_out_come_a_page_at_a_time(cast, client: Client, token_for) -> None:
    from crosscluster.brokerage import services
    from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule

    session = make_session(cast)
    # Ada takes one meeting at most; she asked three organisations, who all accepted.
    ada = join(session, cast.sme_member, cast.sme, name="Ada", max_meetings=1)
    others = [
        join(session, cast.outsider, cast.other_sme, name="Carla"),
        join(session, cast.cluster_manager, cast.cluster, name="Cleo"),
        join(session, cast.coordinator, cast.other_cluster, name="Olga"),
    ]
    for other in others:
        sent = services.send_request(
            user=cast.sme_member, requester=ada, recipient_id=other.pk, now=NOW
        )
        services.answer_request(user=other.user, request=sent, accept=True, now=NOW)
    run = schedule(cast, session, time_limit=1)
    organiser = token_for(cast.coordinator)
    answer = client.get(f"{API}/runs/{run.pk}", HTTP_AUTHORIZATION=organiser).json()
    assert (answer["meetings_count"], answer["unscheduled_count"]) == (1, 2)
    assert "unscheduled" not in answer  # the list itself is paged, never inlined
    url = f"{API}/runs/{run.pk}/unscheduled"
    first = client.get(f"{url}?page_size=1", HTTP_AUTHORIZATION=organiser).json()
    second = client.get(f"{url}?page_size=1&page=2", HTTP_AUTHORIZATION=organiser).json()
    assert first["count"] == second["count"] == 2
    left_out = first["items"] + second["items"]
    assert [item["request"] for item in left_out] == sorted({item["request"] for item in left_out})
    assert all(item["reason"] for item in left_out)
    scheduled = run.meetings.get().request_id
    assert scheduled not in {item["request"] for item in left_out}
    assert client.get(f"{url}?page=3&page_size=1", HTTP_AUTHORIZATION=organiser).json() == {
        "items": [],
        "count": 2,
    }
    assert client.get(f"{url}?page_size=201", HTTP_AUTHORIZATION=organiser).status_code == 422
    # Participants are not organisers: 403; a run nobody has: 404.
    member = token_for(cast.sme_member)
    assert client.get(url, HTTP_AUTHORIZATION=member).status_code == 403
    assert (
        client.get(f"{API}/runs/999999/unscheduled", HTTP_AUTHORIZATION=organiser).status_code
        == 404
    )


def test_a_run_speaks_codes_and_the_readers_words(cast, client: Client, token_for) -> None:
    """German and English readers get the same codes (a script acts on them) and each their
    own words, the page's (queries/runs.py)."""
    from django.utils import translation

    from crosscluster.brokerage import services
    from crosscluster.brokerage.queries import word_bound_method
    from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule

    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada", max_meetings=1)
    carla = join(session, cast.outsider, cast.other_sme, name="Carla")
    for other in (carla, join(session, cast.cluster_manager, cast.cluster, name="Cleo")):
        sent = services.send_request(
            user=cast.sme_member, requester=ada, recipient_id=other.pk, now=NOW
        )
        services.answer_request(user=other.user, request=sent, accept=True, now=NOW)
    run = schedule(cast, session, time_limit=1)
    organiser = token_for(cast.coordinator)

    def read(path: str, language: str):  # type: ignore[no-untyped-def]
        answer = client.get(
            f"{API}/runs/{run.pk}{path}",
            HTTP_AUTHORIZATION=organiser,
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert answer.status_code == 200, answer.content
        return answer.json()

    german, english = read("", "de"), read("", "en")
    assert german["bound_code"] == english["bound_code"] == run.bound_code != ""
    assert german["bound_solver"] == english["bound_solver"] == run.bound_solver
    code, solver = run.bound_code, run.bound_solver
    assert english["bound_method"] == word_bound_method(code=code, solver=solver)
    with translation.override("de"):
        assert german["bound_method"] == word_bound_method(code=code, solver=solver)
    assert german["bound_method"] != english["bound_method"]
    assert english["bound_method"] != run.bound_method  # the page's words, not the engine's

    [german_item] = read("/unscheduled", "de")["items"]
    [english_item] = read("/unscheduled", "en")["items"]
    parts = {"code": "limit_reached", "values": {"participant": ada.pk, "limit": 1}}
    assert (
        german_item["reason_parts"] == english_item["reason_parts"] == {**parts, "dropped": False}
    )
    assert english_item["reason"] == "Ada has reached the most meetings they accept (1)."
    assert german_item["reason"] == "Ada hat die Höchstzahl an Gesprächen erreicht (1)."
    assert german_item["request"] == english_item["request"]
