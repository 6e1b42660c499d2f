"""The day itself, by its services: check-in, whether meetings took place, free slots booked
on site without ever double-booking a person or a table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from crosscluster.brokerage import queries, services
from crosscluster.brokerage.models import (
    BookingStatus,
    MeetingAttendance,
    MeetingRequest,
    MeetingSeat,
    ParticipantStatus,
    RunStatus,
    ScheduledMeeting,
    SlotBooking,
)
from crosscluster.brokerage.tests.factories import NOW, colleague, join, make_session
from crosscluster.brokerage.tests.onsite_helpers import published_day
from crosscluster.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cast):  # type: ignore[no-untyped-def]
    session = make_session(cast)
    people, run = published_day(cast, session, now=NOW)
    meeting = run.meetings.get()
    return {"session": session, "run": run, "meeting": meeting, **people}


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# Check-in ------------------------------------------------------------------------------------


def test_the_desk_checks_a_participant_in_and_undoes_it(cast, day) -> None:
    ada = day["ada"]
    services.check_in(user=cast.coordinator, participant=ada, arrived=True, now=NOW)
    ada.refresh_from_db()
    assert ada.arrived_at == NOW
    assert ada.arrival_recorded_by_id == cast.coordinator.pk
    desk = queries.list_check_in(session=day["session"], search="vision")  # the organisation
    assert [p.display_name for p in desk.people] == ["Ada"]
    assert (desk.arrived, desk.total) == (1, 3)
    services.check_in(user=cast.coordinator, participant=ada, arrived=False, now=NOW)
    ada.refresh_from_db()
    assert ada.arrived_at is None
    assert ada.arrival_recorded_by_id is None


def test_only_organisers_check_in_and_only_approved_people(cast, day) -> None:
    with pytest.raises(PermissionDenied):
        services.check_in(user=cast.sme_member, participant=day["ada"], arrived=True, now=NOW)
    waiting = join(
        day["session"],
        colleague(cast.sme, "eve@vision.example"),
        cast.sme,
        status=ParticipantStatus.WAITING,
    )
    with pytest.raises(ValidationError) as error:
        services.check_in(user=cast.coordinator, participant=waiting, arrived=True, now=NOW)
    assert "approve them first" in _messages(error)["participant_id"][0]
    waiting.refresh_from_db()
    assert waiting.arrived_at is None


def test_the_running_day_shows_who_had_not_arrived_by_each_slot(cast, day) -> None:
    start = day["meeting"].slot.start_at
    services.check_in(
        user=cast.coordinator, participant=day["ada"], arrived=True, now=start - dt.timedelta(1)
    )
    # Carla checks in five minutes after her meeting began: she was not there at its start
    services.check_in(
        user=cast.coordinator,
        participant=day["carla"],
        arrived=True,
        now=start + dt.timedelta(minutes=5),
    )
    (row,) = queries.build_running_day(session=day["session"])
    (item,) = row.meetings
    assert {p.participant.display_name: p.arrived for p in item.parties} == {
        "Ada": True,
        "Carla": False,
    }
    assert item.missing


# Attendance ----------------------------------------------------------------------------------


def test_a_participant_says_the_other_side_did_not_come(cast, day) -> None:
    request = day["meeting"].request
    row = services.record_attendance(
        user=cast.sme_member, request=request, status="no_show", now=NOW
    )
    assert row.absent_id == day["carla"].pk  # the other side of a two-person meeting
    assert queries.count_attendance(session=day["session"]) == {
        "held": 0,
        "no_show": 1,
        "cancelled": 0,
        "unknown": 0,
    }
    # the organiser corrects it: held (the answer replaces the last one, no absent kept)
    services.record_attendance(user=cast.coordinator, request=request, status="held", now=NOW)
    row = MeetingAttendance.objects.get()
    assert (row.status, row.absent_id, row.recorded_by_id) == ("held", None, cast.coordinator.pk)


def test_attendance_refuses_bad_input_and_outsiders(cast, day) -> None:
    request = day["meeting"].request
    with pytest.raises(ValidationError) as error:
        services.record_attendance(user=cast.sme_member, request=request, status="maybe", now=NOW)
    assert "held, no_show, cancelled" in _messages(error)["status"][0]
    with pytest.raises(ValidationError) as error:  # naming yourself as absent
        services.record_attendance(
            user=cast.sme_member,
            request=request,
            status="no_show",
            absent_id=day["ada"].pk,
            now=NOW,
        )
    assert "absent_id" in _messages(error)
    with pytest.raises(PermissionDenied):
        services.record_attendance(
            user=cast.cluster_manager, request=request, status="held", now=NOW
        )
    unscheduled = services.send_request(
        user=cast.sme_member, requester=day["ada"], recipient_id=day["max"].pk, now=NOW
    )
    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            user=cast.coordinator, request=unscheduled, status="held", now=NOW
        )
    assert "not in the published schedule" in _messages(error)["request_id"][0]
    assert not MeetingAttendance.objects.exists()


# Free slots ----------------------------------------------------------------------------------


def test_publishing_seats_everyone_of_the_schedule(day) -> None:
    seats = set(MeetingSeat.objects.values_list("participant_id", "slot_id"))
    slot = day["meeting"].slot_id
    assert seats == {(day["ada"].pk, slot), (day["carla"].pk, slot)}


def test_a_proposed_free_slot_becomes_a_meeting_on_both_agendas(cast, day) -> None:
    ada, max_ = day["ada"], day["max"]
    busy = day["meeting"].slot
    free = queries.list_free_slots(participant=ada, other=max_, now=NOW)
    assert busy not in free
    assert len(free) == 5  # six slots, Ada busy in one
    booking = services.propose_booking(
        user=cast.sme_member, proposer=ada, invitee_id=max_.pk, slot_id=free[0].pk, now=NOW
    )
    notice = Notification.objects.get(recipient=cast.cluster_manager)
    assert "Ada proposes to meet you at" in notice.text
    services.answer_booking(user=cast.cluster_manager, booking=booking, accept=True, now=NOW)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    meeting = booking.meeting
    assert meeting is not None
    assert (meeting.run_id, meeting.slot_id, meeting.is_locked) == (day["run"].pk, free[0].pk, True)
    assert meeting.request.status == "accepted"
    for person in (ada, max_):
        agenda = queries.list_agenda(participant=person, run=day["run"])
        assert meeting.pk in {item.meeting.pk for item in agenda}
    assert Notification.objects.filter(recipient=cast.sme_member, text__contains="Max accepted")


def test_no_one_is_booked_twice_in_a_slot(cast, day) -> None:
    ada, carla, max_ = day["ada"], day["carla"], day["max"]
    slot = queries.list_free_slots(participant=ada, other=max_, now=NOW)[0]
    first = services.propose_booking(
        user=cast.sme_member, proposer=ada, invitee_id=max_.pk, slot_id=slot.pk, now=NOW
    )
    second = services.propose_booking(
        user=cast.outsider, proposer=carla, invitee_id=max_.pk, slot_id=slot.pk, now=NOW
    )
    services.answer_booking(user=cast.cluster_manager, booking=first, accept=True, now=NOW)
    with pytest.raises(ValidationError) as error:
        services.answer_booking(user=cast.cluster_manager, booking=second, accept=True, now=NOW)
    assert "Max already has a meeting in this slot" in _messages(error)["slot_id"][0]
    second.refresh_from_db()
    assert second.status == BookingStatus.PENDING  # nothing written
    assert ScheduledMeeting.objects.filter(slot=slot).count() == 1
    # and a slot Ada is busy in cannot even be proposed
    with pytest.raises(ValidationError) as error:
        services.propose_booking(
            user=cast.sme_member,
            proposer=ada,
            invitee_id=max_.pk,
            slot_id=day["meeting"].slot_id,
            now=NOW,
        )
    assert "Ada already has a meeting in this slot" in _messages(error)["slot_id"][0]


def test_the_database_refuses_a_second_seat_or_table(day) -> None:
    meeting = day["meeting"]
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingSeat.objects.create(
            meeting=meeting, run=meeting.run, slot=meeting.slot, participant=day["ada"]
        )
    other = MeetingRequest.objects.create(
        session=day["session"],
        requester=day["max"],
        recipient=day["carla"],
        status="accepted",
        created_at=NOW,
        expires_at=NOW,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledMeeting.objects.create(
            run=meeting.run, request=other, slot=meeting.slot, table=meeting.table
        )


def test_a_full_slot_and_a_slot_before_publication_are_refused(cast) -> None:
    session = make_session(cast, tables=1)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    max_ = join(session, cast.cluster_manager, cast.other_cluster, name="Max")
    slot = session.slots.order_by("start_at").first()
    with pytest.raises(ValidationError) as error:
        services.propose_booking(
            user=cast.sme_member, proposer=ada, invitee_id=max_.pk, slot_id=slot.pk, now=NOW
        )
    assert "once the schedule is published" in _messages(error)["slot_id"][0]
    assert not SlotBooking.objects.exists()


def test_the_organiser_books_directly_and_a_full_slot_is_refused(cast) -> None:
    session = make_session(cast, tables=1)
    people, run = published_day(cast, session, now=NOW)
    taken = run.meetings.get().slot
    with pytest.raises(ValidationError) as error:  # its one table holds Ada and Carla
        services.book_slot(
            user=cast.coordinator,
            session=session,
            participant_ids=(
                people["max"].pk,
                join(session, colleague(cast.sme, "eve@vision.example"), cast.sme, name="Eve").pk,
            ),
            slot_id=taken.pk,
            now=NOW,
        )
    assert "Every table is taken in this slot" in _messages(error)["slot_id"][0]
    later = session.slots.exclude(pk=taken.pk).order_by("start_at").first()
    booking = services.book_slot(
        user=cast.coordinator,
        session=session,
        participant_ids=(people["max"].pk, people["ada"].pk),
        slot_id=later.pk,
        now=NOW,
    )
    assert booking.status == BookingStatus.BOOKED
    assert booking.meeting is not None
    assert booking.meeting.run.status == RunStatus.PUBLISHED
    with pytest.raises(ValidationError) as error:  # they meet already
        services.book_slot(
            user=cast.coordinator,
            session=session,
            participant_ids=(people["ada"].pk, people["max"].pk),
            slot_id=session.slots.order_by("-start_at").first().pk,
            now=NOW,
        )
    assert "already meet" in _messages(error)["participant_id"][0]
    with pytest.raises(PermissionDenied):
        services.book_slot(
            user=cast.sme_member,
            session=session,
            participant_ids=(people["max"].pk, people["carla"].pk),
            slot_id=later.pk,
            now=NOW,
        )


def test_a_repair_keeps_a_meeting_booked_on_site(cast, day) -> None:
    from crosscluster.brokerage.tests.factories import schedule

    slot = queries.list_free_slots(participant=day["ada"], other=day["max"], now=NOW)[-1]
    booking = services.book_slot(
        user=cast.coordinator,
        session=day["session"],
        participant_ids=(day["ada"].pk, day["max"].pk),
        slot_id=slot.pk,
        now=NOW,
    )
    repair = schedule(cast, day["session"])
    kept = repair.meetings.get(request=booking.meeting.request)
    assert kept.slot_id == slot.pk


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_racing_for_one_person_cannot_both_win(cast) -> None:
    """On PostgreSQL (CI runs the suite on it): two requests accept at the same moment; the
    lock on the published run queues the second, which then finds Max busy."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite writes one at a time)")
    session = make_session(cast, tables=4)
    people, _run = published_day(cast, session, now=NOW)
    ada, carla, max_ = people["ada"], people["carla"], people["max"]
    slot = queries.list_free_slots(participant=ada, other=max_, now=NOW)[0]
    proposals = [
        services.propose_booking(
            user=person.user, proposer=person, invitee_id=max_.pk, slot_id=slot.pk, now=NOW
        )
        for person in (ada, carla)
    ]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(booking: SlotBooking) -> None:
        try:
            start.wait()
            services.answer_booking(
                user=cast.cluster_manager, booking=booking, accept=True, now=NOW
            )
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(booking,)) for booking in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "booked"
    assert "Max already has a meeting in this slot" in sorted(outcomes)[0]
    assert MeetingSeat.objects.filter(participant=max_, slot=slot).count() == 1
    assert SlotBooking.objects.filter(status=BookingStatus.BOOKED).count() == 1
