"""Taking a meeting booked on site off the schedule: organisers at any time, either side
before it starts; the meeting and its seats go in one transaction (the slot is free again for
both), its request is cancelled, the other side is told (in their language: the notice keeps
the catalogue's sentence); anybody else gets 404, on the page and over the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import queries, services
from crosscluster.brokerage.models import (
    BookingStatus,
    MeetingRequest,
    MeetingSeat,
    ScheduledMeeting,
    SlotBooking,
)
from crosscluster.brokerage.services.onsite import BOOKING_REMOVED
from crosscluster.brokerage.tests.factories import NOW
from crosscluster.brokerage.tests.onsite_helpers import coming_session, published_day
from crosscluster.brokerage.tests.test_onsite_pages import api, login
from crosscluster.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(cast):  # type: ignore[no-untyped-def]
    """Ada and Max meet in a free slot Ada proposed and Max accepted."""
    session = coming_session(cast)
    people, run = published_day(cast, session, now=NOW)
    ada, max_ = people["ada"], people["max"]
    slot = queries.list_free_slots(participant=ada, other=max_, now=NOW)[0]
    booking = services.propose_booking(
        user=cast.sme_member, proposer=ada, invitee_id=max_.pk, slot_id=slot.pk, now=NOW
    )
    services.answer_booking(user=cast.cluster_manager, booking=booking, accept=True, now=NOW)
    booking.refresh_from_db()
    Notification.objects.all().delete()
    return {"session": session, "run": run, "booking": booking, "slot": slot, **people}


def test_a_side_takes_it_off_before_it_starts_and_the_slot_is_free_again(cast, booked) -> None:
    booking, ada, max_ = booked["booking"], booked["ada"], booked["max"]
    meeting = booking.meeting
    assert MeetingSeat.objects.filter(meeting=meeting).count() == 2
    services.remove_booking(user=cast.sme_member, booking=booking, now=NOW)
    booking.refresh_from_db()
    assert (booking.status, booking.meeting) == (BookingStatus.REMOVED, None)
    assert not ScheduledMeeting.objects.filter(pk=meeting.pk).exists()
    assert not MeetingSeat.objects.filter(slot=booked["slot"], participant__in=[ada, max_]).exists()
    assert MeetingRequest.objects.get(pk=meeting.request_id).status == "cancelled"
    assert booked["slot"] in queries.list_free_slots(participant=ada, other=max_, now=NOW)
    notice = Notification.objects.get()  # Max only: Ada took it off herself
    assert notice.recipient == cast.cluster_manager
    assert notice.message == BOOKING_REMOVED
    assert notice.display_text.startswith("Your meeting with Ada at ")
    # taken off already: refused, naming the proposal
    with pytest.raises(ValidationError, match="not on the schedule any more"):
        services.remove_booking(user=cast.coordinator, booking=booking, now=NOW)


def test_once_it_started_only_the_organisers_take_it_off(cast, booked) -> None:
    booking = booked["booking"]
    started = booked["slot"].start_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="ask the organisers at the desk"):
        services.remove_booking(user=cast.cluster_manager, booking=booking, now=started)
    assert ScheduledMeeting.objects.filter(pk=booking.meeting_id).exists()
    services.remove_booking(user=cast.coordinator, booking=booking, now=started)
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert told == {cast.sme_member.email, cast.cluster_manager.email}  # both sides


def test_on_the_agenda_and_the_running_day(cast, booked, client: Client) -> None:
    booking, session = booked["booking"], booked["session"]
    agenda = reverse("brokerage:agenda", args=[session.pk, booked["ada"].pk])
    login(client, cast.sme_member)
    page = client.get(agenda).content.decode()
    assert f'data-testid="remove-booking-{booking.pk}"' in page
    login(client, cast.coordinator)
    day = reverse("brokerage:running_day", args=[session.pk]) + f"?slot={booked['slot'].pk}"
    assert f'data-testid="remove-booking-{booking.pk}"' in client.get(day).content.decode()
    response = client.post(
        reverse("brokerage:remove_booking", args=[booking.pk]), {"next": day}, follow=True
    )
    assert "The meeting is off the schedule: the slot is free again." in response.content.decode()
    assert SlotBooking.objects.get().status == BookingStatus.REMOVED
    # again, from the running day: refused there, 400, the problem shown
    response = client.post(reverse("brokerage:remove_booking", args=[booking.pk]), {"next": day})
    assert response.status_code == 400
    assert "This meeting is not on the schedule any more." in response.content.decode()


def test_nobody_else_may_and_the_api_does_the_same(cast, booked, client: Client, token_for) -> None:
    booking = booked["booking"]
    login(client, cast.outsider)  # Carla: in the session, not a side of this booking
    response = client.post(reverse("brokerage:remove_booking", args=[booking.pk]))
    assert response.status_code == 404
    url = f"/bookings/{booking.pk}/remove"
    assert api(client, "post", url, token_for(cast.outsider)).status_code == 404
    assert SlotBooking.objects.get().status == BookingStatus.BOOKED
    answer = api(client, "post", url, token_for(cast.cluster_manager))
    assert answer.status_code == 200
    assert answer.json()["status"] == "removed"
    again = api(client, "post", url, token_for(cast.coordinator))
    assert again.status_code == 400
    assert "booking_id" in again.json()["errors"]
