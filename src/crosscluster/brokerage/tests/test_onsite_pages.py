"""The day itself on pages and over the API: the check-in desk, the running day, attendance,
free slots booked from the agenda, and the organisers' agreement forms; who may do what."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import queries, services
from crosscluster.brokerage.models import (
    Agreement,
    BookingStatus,
    MeetingAttendance,
    Participant,
    SlotBooking,
)
from crosscluster.brokerage.tests.factories import NOW
from crosscluster.brokerage.tests.onsite_helpers import coming_session, published_day
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db
API = "/api/v1/brokerage"


@pytest.fixture
def day(cast):  # type: ignore[no-untyped-def]
    session = coming_session(cast)
    people, run = published_day(cast, session, now=NOW)
    return {"session": session, "run": run, "meeting": run.meetings.get(), **people}


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def api(client: Client, method: str, url: str, token: str, body: object = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        f"{API}{url}", body, content_type="application/json", HTTP_AUTHORIZATION=token
    )


def test_the_desk_searches_and_checks_people_in(cast, day, client: Client) -> None:
    login(client, cast.coordinator)
    url = reverse("brokerage:check_in", args=[day["session"].pk])
    page = client.get(url, {"q": "UNRELATED"}).content.decode()  # Carla's organisation
    assert f'data-testid="check-in-{day["carla"].pk}"' in page
    assert f'data-testid="check-in-{day["ada"].pk}"' not in page
    assert "0 of 3 arrived." in page
    page = client.post(
        reverse("brokerage:arrival", args=[day["carla"].pk]),
        {"arrived": "1", "next": f"{url}?q=unrelated"},
        follow=True,
    ).content.decode()
    assert "Carla has arrived." in page
    assert "1 of 3 arrived." in page
    carla = Participant.objects.get(pk=day["carla"].pk)
    assert carla.arrived_at is not None
    client.post(reverse("brokerage:arrival", args=[carla.pk]), {"arrived": "0"})
    carla.refresh_from_db()
    assert carla.arrived_at is None
    # htmx asks for the list only
    fragment = client.get(url, {"q": "ada"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "Ada" in fragment


def test_participants_may_not_use_the_desk(cast, day, client: Client) -> None:
    login(client, cast.sme_member)
    assert client.get(reverse("brokerage:check_in", args=[day["session"].pk])).status_code == 403
    assert client.get(reverse("brokerage:running_day", args=[day["session"].pk])).status_code == 403
    response = client.post(reverse("brokerage:arrival", args=[day["carla"].pk]), {"arrived": "1"})
    assert response.status_code == 403
    assert Participant.objects.get(pk=day["carla"].pk).arrived_at is None


def test_the_running_day_shows_parties_and_records_attendance(cast, day, client: Client) -> None:
    login(client, cast.coordinator)
    url = reverse("brokerage:running_day", args=[day["session"].pk])
    page = client.get(url).content.decode()
    assert page.count("not arrived") >= 2  # nobody has checked in
    assert "10:00" in page  # the slot at the venue (Rome)
    request_id = day["meeting"].request_id
    page = client.post(
        reverse("brokerage:attendance", args=[request_id]),
        {"status": "no_show", "absent": day["carla"].pk, "next": url},
        follow=True,
    ).content.decode()
    assert "Carla did not come" in page
    assert "no-shows: 1" in page
    organise = client.get(reverse("brokerage:organise", args=[day["session"].pk])).content
    assert "no-shows: 1" in organise.decode()


def test_a_party_records_attendance_from_the_agenda_and_others_cannot(
    cast, day, client: Client
) -> None:
    ada = day["ada"]
    request_id = day["meeting"].request_id
    login(client, cast.cluster_manager)  # Max: not a party to the meeting
    response = client.post(reverse("brokerage:attendance", args=[request_id]), {"status": "held"})
    assert response.status_code == 404
    login(client, cast.sme_member)
    agenda = reverse("brokerage:agenda", args=[day["session"].pk, ada.pk])
    page = client.get(agenda).content.decode()
    assert "Did the meeting take place?" in page
    client.post(
        reverse("brokerage:attendance", args=[request_id]), {"status": "held", "next": agenda}
    )
    assert MeetingAttendance.objects.get().status == "held"


def test_booking_a_free_slot_from_the_agenda(cast, day, client: Client) -> None:
    ada, max_ = day["ada"], day["max"]
    session = day["session"]
    login(client, cast.sme_member)
    agenda = reverse("brokerage:agenda", args=[session.pk, ada.pk])
    page = client.get(agenda, {"with": max_.pk}).content.decode()
    assert "Free slots you share with Max" in page
    free = queries.list_free_slots(participant=ada, other=max_, now=NOW)
    client.post(
        reverse("brokerage:propose_booking", args=[session.pk]),
        {"invitee": max_.pk, "slot": free[0].pk},
    )
    booking = SlotBooking.objects.get()
    login(client, cast.cluster_manager)
    max_agenda = reverse("brokerage:agenda", args=[session.pk, max_.pk])
    assert "Ada (Vision Systems SME) proposes" in client.get(max_agenda).content.decode()
    page = client.post(
        reverse("brokerage:answer_booking", args=[booking.pk]), {"accept": "1"}, follow=True
    ).content.decode()
    assert "Booked: the meeting is on both agendas." in page
    assert "Ada (Vision Systems SME)" in page  # on Max's agenda
    ics = client.get(reverse("brokerage:agenda_ics", args=[session.pk, max_.pk]))
    calendar = icalendar.Calendar.from_ical(ics.content)
    starts = {event["DTSTART"].dt for event in calendar.walk("VEVENT")}
    assert free[0].start_at in starts
    # Carla (not a side) cannot answer or withdraw it: 404
    login(client, cast.outsider)
    assert client.post(reverse("brokerage:withdraw_booking", args=[booking.pk])).status_code == 404


def test_free_slots_through_the_api(cast, day, client: Client, token_for) -> None:
    ada, max_, carla = day["ada"], day["max"], day["carla"]
    ada_token, max_token = token_for(cast.sme_member), token_for(cast.cluster_manager)
    slots = client.get(
        f"{API}/participants/{ada.pk}/free-slots",
        {"with_id": max_.pk},
        HTTP_AUTHORIZATION=ada_token,
    )
    assert slots.status_code == 200
    assert len(slots.json()) == 2  # three slots, Ada meets Carla in one
    slot_id = slots.json()[0]["id"]
    bad = api(
        client,
        "post",
        f"/participants/{ada.pk}/bookings",
        ada_token,
        {"invitee_id": carla.pk, "slot_id": day["meeting"].slot_id},
    )
    assert bad.status_code == 400
    assert "already has a meeting" in bad.json()["errors"]["slot_id"][0]
    made = api(
        client,
        "post",
        f"/participants/{ada.pk}/bookings",
        ada_token,
        {"invitee_id": max_.pk, "slot_id": slot_id},
    )
    assert made.status_code == 201
    booking_id = made.json()["id"]
    # Max lists it, Ada may not answer her own proposal (only the invitee may)
    listed = client.get(f"{API}/participants/{max_.pk}/bookings", HTTP_AUTHORIZATION=max_token)
    assert [row["id"] for row in listed.json()] == [booking_id]
    assert (
        api(
            client, "post", f"/bookings/{booking_id}/answer", ada_token, {"accept": True}
        ).status_code
        == 403
    )
    answered = api(client, "post", f"/bookings/{booking_id}/answer", max_token, {"accept": True})
    assert answered.status_code == 200
    assert answered.json()["status"] == BookingStatus.BOOKED
    agenda = client.get(f"{API}/participants/{max_.pk}/agenda", HTTP_AUTHORIZATION=max_token)
    assert [item["request_id"] for item in agenda.json()] != []


def test_check_in_attendance_and_direct_booking_through_the_api(
    cast, day, client: Client, token_for
) -> None:
    organiser, ada_token = token_for(cast.coordinator), token_for(cast.sme_member)
    session_id = day["session"].pk
    listed = client.get(
        f"{API}/sessions/{session_id}/check-in", {"q": "max"}, HTTP_AUTHORIZATION=organiser
    )
    assert [row["display_name"] for row in listed.json()["items"]] == ["Max"]
    arrived = api(
        client, "post", f"/participants/{day['max'].pk}/arrival", organiser, {"arrived": True}
    )
    assert arrived.status_code == 200
    assert arrived.json()["arrived_at"]
    assert (
        api(
            client, "post", f"/participants/{day['max'].pk}/arrival", ada_token, {"arrived": False}
        ).status_code
        == 403
    )
    assert (
        client.get(
            f"{API}/sessions/{session_id}/check-in", HTTP_AUTHORIZATION=ada_token
        ).status_code
        == 403
    )
    recorded = api(
        client,
        "post",
        f"/requests/{day['meeting'].request_id}/attendance",
        ada_token,
        {"status": "no_show"},
    )
    assert recorded.json()["absent_id"] == day["carla"].pk
    wrong = api(
        client,
        "post",
        f"/requests/{day['meeting'].request_id}/attendance",
        ada_token,
        {"status": "late"},
    )
    assert wrong.status_code == 400
    assert "status" in wrong.json()["errors"]
    running = client.get(f"{API}/sessions/{session_id}/day", HTTP_AUTHORIZATION=organiser).json()
    (meeting,) = running[0]["meetings"]
    assert meeting["attendance"] == "no_show"
    assert {p["display_name"]: p["arrived"] for p in meeting["parties"]} == {
        "Ada": False,
        "Carla": False,
    }
    free = queries.list_free_slots(participant=day["ada"], other=day["max"], now=NOW)[0]
    booked = api(
        client,
        "post",
        f"/sessions/{session_id}/bookings",
        organiser,
        {"participant_ids": [day["ada"].pk, day["max"].pk], "slot_id": free.pk},
    )
    assert booked.status_code == 201
    assert booked.json()["meeting_id"]
    one = api(
        client,
        "post",
        f"/sessions/{session_id}/bookings",
        organiser,
        {"participant_ids": [day["ada"].pk], "slot_id": free.pk},
    )
    assert one.status_code == 400
    assert "participant_ids" in one.json()["errors"]


def test_organisers_record_and_everyone_allowed_edits_agreements(
    cast, day, client: Client, token_for
) -> None:
    session = day["session"]
    login(client, cast.coordinator)
    new = reverse("brokerage:new_agreement", args=[session.pk])
    assert "None: not linked to a meeting" in client.get(new).content.decode()
    response = client.post(
        new,
        {
            "kind": "memorandum",
            "title": "Cluster MoU",
            "partners": [cast.sme.pk, cast.other_cluster.pk],
            "signed_date": NOW.date().isoformat(),
            "request": "",
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.request_id, agreement.kind) == (None, "memorandum")
    # linked to Ada and Carla's meeting, Max's cluster may not be named: the form says so
    page = client.post(
        new,
        {
            "kind": "technical",
            "title": "Wrong partners",
            "partners": [cast.sme.pk, cast.other_cluster.pk],
            "signed_date": NOW.date().isoformat(),
            "request": day["meeting"].request_id,
        },
    ).content.decode()
    assert "took no part in this meeting" in page
    assert Agreement.objects.count() == 1
    # Ada's organisation signed it: she edits it; Carla's did not: 404 on page and API
    login(client, cast.sme_member)
    edit = reverse("brokerage:edit_agreement", args=[agreement.pk])
    client.post(
        edit,
        {
            "kind": "commercial",
            "title": "Cluster contract",
            "partners": [cast.sme.pk, cast.other_cluster.pk],
            "signed_date": (NOW.date() - dt.timedelta(days=1)).isoformat(),
        },
    )
    agreement.refresh_from_db()
    assert (agreement.kind, agreement.title) == ("commercial", "Cluster contract")
    login(client, cast.outsider)
    assert client.get(edit).status_code == 404
    body = {
        "kind": "technical",
        "title": "X",
        "partner_ids": [cast.sme.pk, cast.other_sme.pk],
        "signed_date": "2026-01-01",
    }
    assert (
        api(
            client, "put", f"/agreements/{agreement.pk}", token_for(cast.outsider), body
        ).status_code
        == 404
    )
    future = {**body, "signed_date": "2099-01-01"}
    refused = api(client, "put", f"/agreements/{agreement.pk}", token_for(cast.coordinator), future)
    assert refused.status_code == 400
    assert "signed_date" in refused.json()["errors"]
    agreement.refresh_from_db()
    assert agreement.title == "Cluster contract"  # nothing half-written
    done = api(client, "put", f"/agreements/{agreement.pk}", token_for(cast.coordinator), body)
    assert done.status_code == 200
    assert done.json()["partner_ids"] == sorted([cast.sme.pk, cast.other_sme.pk])


def test_a_booked_meeting_is_in_the_pdf_agenda_and_the_meetings_list(
    cast, day, client: Client
) -> None:
    from crosscluster.brokerage.tests.test_documents import agenda_pdf
    from crosscluster.strategy.tests.helpers import pdf_text
    from tests.list_files import csv_rows, make_list_file

    free = queries.list_free_slots(participant=day["ada"], other=day["max"], now=NOW)[0]
    services.book_slot(
        user=cast.coordinator,
        session=day["session"],
        participant_ids=(day["ada"].pk, day["max"].pk),
        slot_id=free.pk,
        now=NOW,
    )
    login(client, cast.cluster_manager)
    assert "Ada" in pdf_text(agenda_pdf(client, day["max"]))
    organiser = Client()
    organiser.force_login(cast.coordinator)
    rows = csv_rows(make_list_file(organiser, "brokerage.meetings", str(day["session"].pk), "csv"))
    assert {(row["requester"], row["recipient"]) for row in rows} == {
        ("Ada", "Carla"),
        ("Ada", "Max"),
    }
