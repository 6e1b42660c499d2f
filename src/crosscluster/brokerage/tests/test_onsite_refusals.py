"""Refused on-site actions come back as the page they were made on (400), as typed, the
problem beside the participant, meeting, proposal or field it is about; nothing is written.
The agenda's per-meeting forms each have their own field ids."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import services
from crosscluster.brokerage.models import (
    Agreement,
    MeetingAttendance,
    Participant,
    ParticipantStatus,
    SlotBooking,
)
from crosscluster.brokerage.tests.factories import NOW, join
from crosscluster.brokerage.tests.onsite_helpers import coming_session, published_day
from crosscluster.brokerage.tests.test_onsite_pages import login
from tests.cast import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cast):  # type: ignore[no-untyped-def]
    session = coming_session(cast)
    people, run = published_day(cast, session, now=NOW)
    return {"session": session, "run": run, "meeting": run.meetings.get(), **people}


def row(page: str, testid: str) -> str:
    """The table row (or block) of ``data-testid``: what is beside it."""
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</tr>", start)] if "</tr>" in page[start:] else page[start:]


def test_a_refused_arrival_shows_the_desk_again(cast, day, client: Client) -> None:
    pending = join(
        day["session"],
        make_user("pia@example.eu"),
        cast.other_cluster,
        name="Pia",
        status=ParticipantStatus.PENDING,
    )
    login(client, cast.coordinator)
    desk = reverse("brokerage:check_in", args=[day["session"].pk])
    response = client.post(
        reverse("brokerage:arrival", args=[pending.pk]), {"arrived": "1", "next": f"{desk}?q=ada"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Only approved participants check in: approve them first." in page
    assert 'value="ada"' in page  # the desk's search kept
    assert Participant.objects.get(pk=pending.pk).arrived_at is None


def test_refused_attendance_on_the_running_day_is_beside_the_meeting(
    cast, day, client: Client
) -> None:
    login(client, cast.coordinator)
    meeting = day["meeting"]
    here = reverse("brokerage:running_day", args=[day["session"].pk]) + f"?slot={meeting.slot_id}"
    response = client.post(
        reverse("brokerage:attendance", args=[meeting.request_id]),
        {"status": "no_show", "absent": day["max"].pk, "next": here},  # Max is not in it
    )
    assert response.status_code == 400
    beside = row(response.content.decode(), f"day-meeting-{meeting.request_id}")
    assert "Name who did not come: one of the meeting&#x27;s participants." in beside
    assert f'name="next" value="{here}"' in beside  # the forms go back to the same slot
    assert not MeetingAttendance.objects.exists()


def test_refused_attendance_on_the_agenda_is_beside_the_meeting(cast, day, client: Client) -> None:
    login(client, cast.sme_member)
    meeting = day["meeting"]
    agenda = reverse("brokerage:agenda", args=[day["session"].pk, day["ada"].pk])
    response = client.post(
        reverse("brokerage:attendance", args=[meeting.request_id]),
        {"status": "no_show", "absent": day["ada"].pk, "next": agenda},  # herself
    )
    assert response.status_code == 400
    beside = row(response.content.decode(), f"attendance-{meeting.request_id}")
    assert "one of the meeting&#x27;s other participants" in beside
    assert not MeetingAttendance.objects.exists()


def test_a_refused_proposal_and_a_late_answer_come_back_on_the_agenda(
    cast, day, client: Client
) -> None:
    session, ada, max_ = day["session"], day["ada"], day["max"]
    busy = day["meeting"].slot
    login(client, cast.sme_member)
    response = client.post(
        reverse("brokerage:propose_booking", args=[session.pk]),
        {"invitee": max_.pk, "slot": busy.pk, "message": "Coffee?"},
    )
    assert response.status_code == 400
    section = row(response.content.decode(), "free-slots")
    assert "Ada already has a meeting in this slot: choose another." in section
    assert "Free slots you share with Max" in section  # the one she chose
    assert not SlotBooking.objects.exists()
    free = next(slot for slot in session.slots.order_by("start_at") if slot != busy)
    booking = services.propose_booking(
        user=cast.sme_member, proposer=ada, invitee_id=max_.pk, slot_id=free.pk, now=NOW
    )
    services.withdraw_booking(user=cast.sme_member, booking=booking, now=NOW)
    login(client, cast.cluster_manager)  # Max answers a proposal withdrawn meanwhile
    response = client.post(reverse("brokerage:answer_booking", args=[booking.pk]), {"accept": "1"})
    assert response.status_code == 400
    assert "This proposal has been answered already." in row(
        response.content.decode(), "free-slots"
    )


def test_a_refused_agreement_is_a_400_with_the_form_as_typed(cast, day, client: Client) -> None:
    login(client, cast.coordinator)
    response = client.post(
        reverse("brokerage:new_agreement", args=[day["session"].pk]),
        {
            "kind": "technical",
            "title": "Wrong partners",
            "partners": [cast.sme.pk, cast.other_cluster.pk],
            "signed_date": NOW.date().isoformat(),
            "request": day["meeting"].request_id,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "took no part in this meeting" in page
    assert 'value="Wrong partners"' in page
    assert not Agreement.objects.exists()


def test_the_agenda_has_no_duplicate_ids(cast, day, client: Client) -> None:
    session, ada, max_ = day["session"], day["ada"], day["max"]
    busy = day["meeting"].slot
    free = next(slot for slot in session.slots.order_by("start_at") if slot != busy)
    services.book_slot(
        user=cast.coordinator,
        session=session,
        participant_ids=(ada.pk, max_.pk),
        slot_id=free.pk,
        now=NOW,
    )
    login(client, cast.sme_member)
    page = client.get(reverse("brokerage:agenda", args=[session.pk, ada.pk])).content.decode()
    assert page.count('name="wave"') == 2  # two meetings, each with its forms
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, count in ids.items() if count > 1] == []
