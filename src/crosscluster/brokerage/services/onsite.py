"""On the day of a session: the desk's check-in, whether each meeting took place, and meetings
booked on site in free slots (docs/brokerage.md, "On the day").

A booked meeting is a locked meeting of the published schedule (so a repair keeps it), with a
seat per person: ``MeetingSeat`` is unique per schedule, slot and person and
``ScheduledMeeting`` per schedule, slot and table, so two bookings racing for one person or one
table cannot both be written. The service checks first (under a lock on the published run, so
bookings of one session queue behind each other on PostgreSQL) and names the problem.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from crosscluster.brokerage.models import (
    Attendance,
    B2BSession,
    BookingStatus,
    MeetingAttendance,
    MeetingRequest,
    MeetingSeat,
    Participant,
    ParticipantStatus,
    RequestStatus,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
    Slot,
    SlotBooking,
    Table,
)
from crosscluster.brokerage.queries.badges import read_badge_token
from crosscluster.brokerage.queries.onsite import free_table, host_tables
from crosscluster.brokerage.services.registration import check_self
from crosscluster.brokerage.services.sessions import check_organiser
from crosscluster.core.times import format_moment, venue_zone
from crosscluster.core.validation import FieldErrors, choose_one_of
from crosscluster.notifications.services import notify
from crosscluster.partnerships.queries import AnyUser, is_coordinator

#: the kind of notification of free slots proposed and accepted (``apps.BrokerageConfig.ready``)
BOOKING_NOTICE = "brokerage.booking"
BOOKING_PROPOSED = gettext_noop("%(name)s proposes to meet you at %(time)s (a free slot).")
BOOKING_ACCEPTED = gettext_noop("%(name)s accepted: you meet at %(time)s, %(table)s.")
BOOKING_REMOVED = gettext_noop(
    "Your meeting with %(name)s at %(time)s is off the schedule: the slot is free again."
)


# Seats ---------------------------------------------------------------------------------------


def seat_run(*, run: ScheduleRun) -> None:
    """Give every person of the run's meetings their seat (publishing does it; seats already
    there stay)."""
    seated = set(MeetingSeat.objects.filter(run=run).values_list("meeting_id", flat=True))
    seats: list[MeetingSeat] = []
    for meeting in run.meetings.exclude(pk__in=seated).select_related("request"):
        seats.extend(
            MeetingSeat(meeting=meeting, run=run, slot_id=meeting.slot_id, participant_id=member)
            for member in _member_ids(meeting.request)
        )
    MeetingSeat.objects.bulk_create(seats)


def _member_ids(request: MeetingRequest) -> list[int]:
    return [pk for pk in (request.requester_id, request.recipient_id, request.delegate_id) if pk]


# Check-in ------------------------------------------------------------------------------------


def check_in(
    *, user: AnyUser, participant: Participant, arrived: bool, now: dt.datetime
) -> Participant:
    """The desk marks an approved participant as arrived (``arrived``) or undoes it."""
    check_organiser(user=user, session=participant.session)
    if participant.status != ParticipantStatus.APPROVED:
        raise ValidationError(
            {"participant_id": [_("Only approved participants check in: approve them first.")]}
        )
    participant.arrived_at = now if arrived else None
    participant.arrival_recorded_by_id = user.pk if arrived else None
    participant.save(update_fields=["arrived_at", "arrival_recorded_by"])
    return participant


def check_in_by_badge(
    *, user: AnyUser, session: B2BSession, token: str, now: dt.datetime
) -> Participant:
    """The desk scans a badge (its QR code, typed by the scanner into the search box): the
    participant whose code it is has arrived. A code changed or made up, or one of another
    session, is refused naming ``token``."""
    check_organiser(user=user, session=session)
    code = read_badge_token(token)
    if code is None:
        raise ValidationError(
            {"token": [_("This badge's code is not valid: check the person in by name.")]}
        )
    participant = Participant.objects.filter(
        pk=code.participant_id, session_id=code.session_id
    ).first()
    if code.session_id != session.pk or participant is None:
        raise ValidationError(
            {"token": [_("This badge is for another B2B session: check the person in by name.")]}
        )
    try:
        return check_in(user=user, participant=participant, arrived=True, now=now)
    except ValidationError as error:
        raise ValidationError({"token": error.messages}) from None


# Attendance ----------------------------------------------------------------------------------


def record_attendance(
    *,
    user: AnyUser,
    request: MeetingRequest,
    status: str,
    absent_id: int | None = None,
    now: dt.datetime,
) -> MeetingAttendance:
    """Say whether a published meeting took place: held, a no-show (``absent_id``: who did not
    come) or cancelled. Organisers and the meeting's own participants; a new answer replaces
    the last one."""
    session = request.session
    members = request.members()
    mine = [m for m in members if m.user_id == user.pk]
    if not mine and not is_coordinator(user=user, partnership=session.event.partnership):
        raise PermissionDenied(_("Only the meeting's participants and organisers may say this."))
    errors = FieldErrors()
    if not ScheduledMeeting.objects.filter(
        request=request, run__status=RunStatus.PUBLISHED
    ).exists():
        errors.add("request_id", _("This meeting is not in the published schedule."))
    if status not in Attendance.values:
        errors.add("status", choose_one_of(Attendance.values))
    elif status == Attendance.NO_SHOW:
        others = [m for m in members if m not in mine]
        if absent_id is None and len(others) == 1 and mine:
            absent_id = others[0].pk  # a participant's "the other side did not come"
        if absent_id not in {m.pk for m in others}:
            errors.add(
                "absent_id",
                _("Name who did not come: one of the meeting's other participants.")
                if mine
                else _("Name who did not come: one of the meeting's participants."),
            )
    else:
        absent_id = None
    errors.raise_if_any()
    attendance, _created = MeetingAttendance.objects.update_or_create(
        request=request,
        defaults={
            "status": status,
            "absent_id": absent_id,
            "recorded_by_id": user.pk,
            "recorded_at": now,
        },
    )
    return attendance


# Free slots booked on site -------------------------------------------------------------------


def _published(session: B2BSession, *, lock: bool = False) -> ScheduleRun:
    runs = ScheduleRun.objects.filter(session=session, status=RunStatus.PUBLISHED)
    run = (runs.select_for_update() if lock else runs).first()
    if run is None:
        raise ValidationError(
            {"slot_id": [_("Free slots are booked once the schedule is published.")]}
        )
    return run


def _check_free(
    *, run: ScheduleRun, slot: Slot, people: list[Participant], now: dt.datetime
) -> FieldErrors:
    """What stops these people meeting in ``slot`` of the published schedule (nothing: empty)."""
    errors = FieldErrors()
    if slot.session_id != run.session_id:
        errors.add("slot_id", _("No such slot in this session."))
        return errors
    if slot.end_at <= now:
        errors.add("slot_id", _("This slot is over: choose a later one."))
    for person in people:
        if person.status != ParticipantStatus.APPROVED or person.session_id != run.session_id:
            errors.add(
                "participant_id",
                _("%(name)s is not an approved participant of this session.")
                % {"name": person.display_name},
            )
        elif MeetingSeat.objects.filter(run=run, slot=slot, participant=person).exists():
            errors.add(
                "slot_id",
                _("%(name)s already has a meeting in this slot: choose another.")
                % {"name": person.display_name},
            )
        elif person.unavailable_slots.filter(pk=slot.pk).exists():
            errors.add(
                "slot_id",
                _("%(name)s is not available in this slot: choose another.")
                % {"name": person.display_name},
            )
    if len({p.organisation_id for p in people}) < len(people):
        errors.add("participant_id", _("Book a meeting with someone of another organisation."))
    if _free_table(run=run, slot=slot, people=people) is None:
        errors.add("slot_id", _("Every table is taken in this slot: choose another."))
    return errors


def _free_table(*, run: ScheduleRun, slot: Slot, people: list[Participant]) -> int | None:
    return free_table(
        tables=slot.tables,
        taken=ScheduledMeeting.objects.filter(run=run, slot=slot).values_list("table", flat=True),
        hosts=host_tables(session_id=run.session_id),
        people=[person.pk for person in people],
    )


def _book(
    *,
    session: B2BSession,
    slot: Slot,
    first: Participant,
    second: Participant,
    now: dt.datetime,
) -> ScheduledMeeting:
    """Write the meeting (inside the caller's transaction, the published run locked)."""
    run = _published(session, lock=True)
    people = list(
        Participant.objects.select_for_update().filter(pk__in=[first.pk, second.pk]).order_by("pk")
    )
    errors = _check_free(run=run, slot=slot, people=people, now=now)
    pair = Q(requester=first, recipient=second) | Q(requester=second, recipient=first)
    request = MeetingRequest.objects.filter(pair, session=session).order_by("pk").first()
    if request is not None and ScheduledMeeting.objects.filter(run=run, request=request).exists():
        errors.add(
            "participant_id",
            _("%(first)s and %(second)s already meet in the schedule.")
            % {"first": first.display_name, "second": second.display_name},
        )
    errors.raise_if_any()
    if request is None:
        request = MeetingRequest.objects.create(
            session=session,
            requester=first,
            recipient=second,
            status=RequestStatus.ACCEPTED,
            created_at=now,
            expires_at=now,
            answered_at=now,
        )
    elif request.status != RequestStatus.ACCEPTED:
        request.status = RequestStatus.ACCEPTED
        request.answered_at = now
        request.save(update_fields=["status", "answered_at"])
    table = _free_table(run=run, slot=slot, people=people)
    assert table is not None  # checked above, under the lock
    try:
        with transaction.atomic():
            meeting = ScheduledMeeting.objects.create(
                run=run, request=request, slot=slot, table=table, is_locked=True
            )
            seat_run(run=run)
    except IntegrityError:
        raise ValidationError(
            {"slot_id": [_("Someone booked this slot a moment ago: choose another.")]}
        ) from None
    return meeting


def propose_booking(
    *,
    user: AnyUser,
    proposer: Participant,
    invitee_id: int,
    slot_id: int,
    message: str = "",
    now: dt.datetime,
) -> SlotBooking:
    """A participant proposes a free slot to another approved participant, who accepts or
    declines (``answer_booking``)."""
    check_self(user, proposer)
    session = proposer.session
    run = _published(session)
    invitee = Participant.objects.filter(pk=invitee_id, session=session).first()
    slot = Slot.objects.filter(pk=slot_id, session=session).first()
    errors = FieldErrors()
    if invitee is None or invitee.pk == proposer.pk:
        errors.add("invitee_id", _("Choose another approved participant of this session."))
    if slot is None:
        errors.add("slot_id", _("No such slot in this session."))
    text = errors.text("message", message, limit=500)
    errors.raise_if_any()
    assert invitee is not None
    assert slot is not None
    errors = _check_free(run=run, slot=slot, people=[proposer, invitee], now=now)
    if SlotBooking.objects.filter(
        slot=slot, proposer=proposer, invitee=invitee, status=BookingStatus.PENDING
    ).exists():
        errors.add("slot_id", _("You have proposed this slot already: wait for the answer."))
    errors.raise_if_any()
    booking = SlotBooking.objects.create(
        session=session,
        slot=slot,
        proposer=proposer,
        invitee=invitee,
        message=text,
        created_by_id=user.pk,
        created_at=now,
    )
    _tell(booking, to=invitee, message=BOOKING_PROPOSED, name=proposer.display_name, now=now)
    return booking


def answer_booking(
    *, user: AnyUser, booking: SlotBooking, accept: bool, now: dt.datetime
) -> SlotBooking:
    """The invitee accepts (the meeting is booked, if both are still free) or declines."""
    check_self(user, booking.invitee)
    if booking.status != BookingStatus.PENDING:
        raise ValidationError({"accept": [_("This proposal has been answered already.")]})
    with transaction.atomic():
        if accept:
            booking.meeting = _book(
                session=booking.session,
                slot=booking.slot,
                first=booking.proposer,
                second=booking.invitee,
                now=now,
            )
        booking.status = BookingStatus.BOOKED if accept else BookingStatus.DECLINED
        booking.answered_at = now
        booking.save(update_fields=["status", "answered_at", "meeting"])
    if accept and booking.meeting is not None:
        _tell(
            booking,
            to=booking.proposer,
            message=BOOKING_ACCEPTED,
            name=booking.invitee.display_name,
            now=now,
            table=_table_label(booking.meeting),
        )
    return booking


def withdraw_booking(*, user: AnyUser, booking: SlotBooking, now: dt.datetime) -> SlotBooking:
    """The proposer takes back a proposal not answered yet."""
    check_self(user, booking.proposer)
    if booking.status != BookingStatus.PENDING:
        raise ValidationError({"booking_id": [_("This proposal has been answered already.")]})
    booking.status = BookingStatus.WITHDRAWN
    booking.answered_at = now
    booking.save(update_fields=["status", "answered_at"])
    return booking


def book_slot(
    *,
    user: AnyUser,
    session: B2BSession,
    participant_ids: tuple[int, int],
    slot_id: int,
    now: dt.datetime,
) -> SlotBooking:
    """An organiser books a free slot for two approved participants directly."""
    check_organiser(user=user, session=session)
    people = [Participant.objects.filter(pk=pk, session=session).first() for pk in participant_ids]
    slot = Slot.objects.filter(pk=slot_id, session=session).first()
    errors = FieldErrors()
    if None in people or participant_ids[0] == participant_ids[1]:
        errors.add("participant_ids", _("Choose two approved participants of this session."))
    if slot is None:
        errors.add("slot_id", _("No such slot in this session."))
    errors.raise_if_any()
    first, second = people
    assert first is not None
    assert second is not None
    assert slot is not None
    with transaction.atomic():
        meeting = _book(session=session, slot=slot, first=first, second=second, now=now)
        booking = SlotBooking.objects.create(
            session=session,
            slot=slot,
            proposer=first,
            invitee=second,
            status=BookingStatus.BOOKED,
            created_by_id=user.pk,
            created_at=now,
            answered_at=now,
            meeting=meeting,
        )
    return booking


def remove_booking(*, user: AnyUser, booking: SlotBooking, now: dt.datetime) -> SlotBooking:
    """Take a meeting booked on site off the published schedule: its seats go with it (the slot
    is free again for both), its request is cancelled (a repair does not put it back), and the
    other side hears of it (both sides when an organiser takes it off). Organisers at any time;
    either side before the meeting starts."""
    organiser = is_coordinator(user=user, partnership=booking.session.event.partnership)
    sides = {booking.proposer.user_id: booking.invitee, booking.invitee.user_id: booking.proposer}
    if not organiser and user.pk not in sides:
        raise PermissionDenied(_("Only the meeting's two sides and the organisers may do this."))
    with transaction.atomic():
        locked = SlotBooking.objects.select_for_update().get(pk=booking.pk)
        errors = FieldErrors()
        if locked.status != BookingStatus.BOOKED or locked.meeting_id is None:
            errors.add("booking_id", _("This meeting is not on the schedule any more."))
        elif not organiser and booking.slot.start_at <= now:
            errors.add(
                "booking_id",
                _("This meeting has started: ask the organisers at the desk to take it off."),
            )
        errors.raise_if_any()
        assert locked.meeting_id is not None  # checked above
        meeting = ScheduledMeeting.objects.select_related("request").get(pk=locked.meeting_id)
        MeetingSeat.objects.filter(meeting=meeting).delete()
        request = meeting.request
        meeting.delete()
        request.status = RequestStatus.CANCELLED
        request.save(update_fields=["status"])
        booking.status = BookingStatus.REMOVED
        booking.meeting = None
        booking.save(update_fields=["status", "meeting"])
    side = sides.get(user.pk or 0)
    told = [side] if side is not None else list(sides.values())
    for person in told:
        other = booking.invitee if person == booking.proposer else booking.proposer
        _tell(booking, to=person, message=BOOKING_REMOVED, name=other.display_name, now=now)
    return booking


def _table_label(meeting: ScheduledMeeting) -> str:
    table = Table.objects.filter(session_id=meeting.run.session_id, number=meeting.table).first()
    return table.label if table is not None else str(meeting.table)


def _tell(
    booking: SlotBooking,
    *,
    to: Participant,
    message: str,
    name: str,
    now: dt.datetime,
    table: str = "",
) -> None:
    zone = venue_zone(booking.session.event.timezone)
    notify(
        kind=BOOKING_NOTICE,
        recipients=[to.user],
        message=message,
        parameters={
            "name": name,
            "time": format_moment(booking.slot.start_at, zone),
            "table": table,
        },
        url=reverse("brokerage:agenda", args=[booking.session_id, to.pk]),
        subject_id=booking.pk,
        now=now,
    )
