"""Writes for B2B sessions. Atomic, keyword-only; errors name the field and the fix.

Organisers are the partnership's coordinators (and platform administrators): they set up the
session, approve registrations, run the scheduler, lock meetings and publish. Participants
register, say when they are available, send and answer meeting requests, withdraw, and report
outcomes. The clock is always passed in (``now``).

``run_scheduler`` runs inside the request with a short time limit (small events). It is built
as ``prepare -> solve -> store`` so the solve can move to a django-tasks background task for
large events without changing its callers (see docs/brokerage.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q

from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.brokerage import adapters
from crosscluster.brokerage.models import (
    Agreement,
    AgreementKind,
    B2BSession,
    MeetingRequest,
    Outcome,
    OutcomeReport,
    Participant,
    ParticipantStatus,
    Priority,
    RequestStatus,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
    SessionPeriod,
    SessionStatus,
    Slot,
    SurveyWave,
    Table,
)
from crosscluster.directory.models import Organisation
from crosscluster.engines.scheduling import Instance, Meeting, ScheduleResult, schedule_meetings
from crosscluster.events.models import Event
from crosscluster.events.times import NonexistentLocalTimeError, get_zone, to_utc
from crosscluster.partnerships.queries import AnyUser, is_coordinator

NOT_AN_ORGANISER = "Only the partnership's coordinators may organise its B2B meetings."
MAX_SLOTS = 400
MAX_TIME_LIMIT = 10.0
SIX_MONTHS = dt.timedelta(days=182)


def check_organiser(*, user: AnyUser, session: B2BSession) -> None:
    if not is_coordinator(user=user, partnership=session.event.partnership):
        raise PermissionDenied(NOT_AN_ORGANISER)


# Session set-up --------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionData:
    """``periods``: (start, end) pairs; naive = wall-clock time at the venue. Breaks are the
    gaps between periods; each period is filled with slots of ``slot_minutes`` + ``gap_minutes``."""

    periods: Sequence[tuple[dt.datetime, dt.datetime]]
    slot_minutes: int = 20
    gap_minutes: int = 5
    tables: int = 10
    table_names: Sequence[str] = ()
    capacity: int | None = None
    max_meetings: int | None = None
    max_consecutive: int | None = None
    questions: Sequence[str] = ()
    video_url: str = ""
    request_days: int = 7


def _aware(value: dt.datetime, zone_name: str) -> dt.datetime:
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(dt.UTC)
    zone = get_zone(zone_name) or ZoneInfo("UTC")
    return to_utc(value, zone)


def generate_slots(
    periods: Sequence[tuple[dt.datetime, dt.datetime]], *, slot_minutes: int, gap_minutes: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Slots filling each period: a slot, a gap, a slot... (a partial slot at the end is left out)."""
    slots = []
    length = dt.timedelta(minutes=slot_minutes)
    step = length + dt.timedelta(minutes=gap_minutes)
    for start, end in sorted(periods):
        cursor = start
        while cursor + length <= end:
            slots.append((cursor, cursor + length))
            cursor += step
    return slots


def _validate_session(
    data: SessionData, event: Event
) -> tuple[list[tuple[dt.datetime, dt.datetime]], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if not 5 <= data.slot_minutes <= 240:
        errors["slot_minutes"] = ["Give a slot length between 5 and 240 minutes."]
    if not 0 <= data.gap_minutes <= 120:
        errors["gap_minutes"] = ["Give a gap between 0 and 120 minutes (0 = back to back)."]
    if not 1 <= data.tables <= 2000:
        errors["tables"] = ["Give between 1 and 2,000 tables per slot."]
    if data.table_names and len(data.table_names) != data.tables:
        errors["table_names"] = [
            f"Name every table or none: {len(data.table_names)} names for {data.tables} tables."
        ]
    if any(not name.strip() or len(name) > 80 for name in data.table_names):
        errors["table_names"] = ["Each table name needs 1 to 80 characters."]
    for name in ("capacity", "max_meetings", "max_consecutive"):
        value = getattr(data, name)
        if value is not None and value < 1:
            errors[name] = ["Give a number of at least 1, or leave it empty for no limit."]
    if not 1 <= data.request_days <= 90:
        errors["request_days"] = ["Requests wait between 1 and 90 days for an answer."]
    if any(not q.strip() or len(q) > 300 for q in data.questions):
        errors["questions"] = ["Each question needs 1 to 300 characters."]
    if data.video_url:
        try:
            URLValidator(schemes=["https"])(data.video_url)
        except ValidationError:
            errors["video_url"] = ["Give the video room's full address, starting with https://."]
    periods: list[tuple[dt.datetime, dt.datetime]] = []
    if not data.periods:
        errors["periods"] = ["Give at least one period (e.g. 09:00-12:30 on the first day)."]
    for start, end in data.periods:
        try:
            period = (_aware(start, event.timezone), _aware(end, event.timezone))
        except NonexistentLocalTimeError:
            errors["periods"] = [
                f"{start:%Y-%m-%d %H:%M} or {end:%H:%M} does not exist in {event.timezone} "
                "(clocks go forward): choose a time outside the skipped hour."
            ]
            continue
        if period[1] <= period[0]:
            errors["periods"] = [f"The period starting {start:%Y-%m-%d %H:%M} must end later."]
        elif period[0] < event.start_at or period[1] > event.end_at:
            errors["periods"] = [
                f"The period starting {start:%Y-%m-%d %H:%M} lies outside the event "
                "(its start and end): move it inside, or change the event's times."
            ]
        periods.append(period)
    ordered = sorted(periods)
    for (_, end), (start, _) in itertools.pairwise(ordered):
        if start < end:
            errors["periods"] = ["Periods overlap: make each one start after the previous ends."]
    slots: list[tuple[dt.datetime, dt.datetime]] = []
    if "periods" not in errors and "slot_minutes" not in errors and "gap_minutes" not in errors:
        slots = generate_slots(
            ordered, slot_minutes=data.slot_minutes, gap_minutes=data.gap_minutes
        )
        if not slots:
            errors["periods"] = ["No slot fits in the periods: lengthen them or shorten the slots."]
        elif len(slots) > MAX_SLOTS:
            errors["periods"] = [f"{len(slots)} slots; at most {MAX_SLOTS}: use longer slots."]
    return slots, errors


def configure_session(*, user: AnyUser, event: Event, data: SessionData) -> B2BSession:
    """Create (or, before the first scheduler run, replace) the B2B session of an event."""
    session = B2BSession.objects.filter(event=event).first()
    if not is_coordinator(user=user, partnership=event.partnership):
        raise PermissionDenied(NOT_AN_ORGANISER)
    slots, errors = _validate_session(data, event)
    if session is not None and session.runs.exists():
        errors["periods"] = [
            "The scheduler has already run: slots can no longer change (participants' "
            "availability and meetings refer to them)."
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if session is None:
            session = B2BSession(event=event)
        session.slot_minutes = data.slot_minutes
        session.gap_minutes = data.gap_minutes
        session.tables = data.tables
        session.capacity = data.capacity
        session.max_meetings = data.max_meetings
        session.max_consecutive = data.max_consecutive
        session.questions = [q.strip() for q in data.questions]
        session.video_url = data.video_url
        session.request_days = data.request_days
        session.save()
        session.periods.all().delete()
        session.slots.all().delete()
        session.named_tables.all().delete()
        SessionPeriod.objects.bulk_create(
            SessionPeriod(
                session=session,
                start_at=_aware(s, event.timezone),
                end_at=_aware(e, event.timezone),
            )
            for s, e in data.periods
        )
        Slot.objects.bulk_create(
            Slot(session=session, start_at=start, end_at=end, tables=data.tables)
            for start, end in slots
        )
        Table.objects.bulk_create(
            Table(session=session, number=number, name=name.strip())
            for number, name in enumerate(data.table_names, start=1)
        )
    return session


def set_registration_open(*, user: AnyUser, session: B2BSession, is_open: bool) -> B2BSession:
    """Open or close registration (publishing a schedule does not close it: late registrations
    are fitted in by the next repair)."""
    check_organiser(user=user, session=session)
    session.registration_open = is_open
    session.save(update_fields=["registration_open", "updated_at"])
    return session


def assign_fixed_table(
    *, user: AnyUser, session: B2BSession, participant: Participant, number: int
) -> Table:
    """A host meets everyone at table ``number`` (named tables need not exist beforehand)."""
    check_organiser(user=user, session=session)
    if participant.session_id != session.pk:
        raise ValidationError({"participant": ["This participant is not in this session."]})
    if not 1 <= number <= session.tables:
        raise ValidationError({"number": [f"Choose a table between 1 and {session.tables}."]})
    with transaction.atomic():
        Table.objects.filter(host=participant).exclude(number=number).update(host=None)
        table, _ = Table.objects.get_or_create(
            session=session, number=number, defaults={"name": f"Table {number}"}
        )
        if table.host_id not in (None, participant.pk):
            raise ValidationError(
                {"number": [f"Table {number} is already fixed for another host: choose another."]}
            )
        table.host = participant
        table.save()
    return table


# Registration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationData:
    organisation_id: int
    display_name: str
    profile: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    listed_publicly: bool = False
    is_online: bool = False


def register(
    *, user: AnyUser, session: B2BSession, data: RegistrationData, now: dt.datetime
) -> Participant:
    """Register the user for their organisation; the organisers approve (or waiting list)."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to register.")
    errors: dict[str, list[str]] = {}
    if not session.registration_open:
        errors["session"] = ["Registration is closed for this session."]
    if data.organisation_id not in list_organisation_ids(user=user):
        errors["organisation_id"] = [
            "Register for an organisation you belong to (join it in the directory first)."
        ]
    name = data.display_name.strip()
    if not name or len(name) > 120:
        errors["display_name"] = ["Give your name as others should see it (1 to 120 characters)."]
    if len(data.profile) > 5000:
        errors["profile"] = ["Use at most 5,000 characters."]
    answers = {q: str(data.answers.get(q, "")).strip() for q in session.questions}
    missing = [q for q, a in answers.items() if not a]
    if missing:
        errors["answers"] = [f"Answer every question; missing: {'; '.join(missing)}"]
    unknown = sorted(set(data.answers) - set(session.questions))
    if unknown:
        errors.setdefault("answers", []).append(f"Unknown questions: {'; '.join(unknown)}")
    if Participant.objects.filter(session=session, user_id=user.pk).exists():
        errors["session"] = ["You are already registered for this session."]
    if errors:
        raise ValidationError(errors)
    return Participant.objects.create(
        session=session,
        user_id=user.pk,
        organisation_id=data.organisation_id,
        display_name=name,
        profile=data.profile.strip(),
        answers=answers,
        listed_publicly=data.listed_publicly,
        is_online=data.is_online,
        registered_at=now,
    )


def _has_room(session: B2BSession) -> bool:
    if session.capacity is None:
        return True
    approved = Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)
    return approved.count() < session.capacity


def decide_registration(
    *, user: AnyUser, participant: Participant, approve: bool, now: dt.datetime
) -> Participant:
    """Approve (or put on the waiting list when full), or turn down a registration."""
    session = participant.session
    check_organiser(user=user, session=session)
    if participant.status == ParticipantStatus.WITHDRAWN:
        raise ValidationError({"status": ["The participant has withdrawn."]})
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        B2BSession.objects.select_for_update().filter(pk=session.pk).first()
        if not approve:
            locked.status = ParticipantStatus.REJECTED
        elif locked.status != ParticipantStatus.APPROVED:
            locked.status = (
                ParticipantStatus.APPROVED if _has_room(session) else ParticipantStatus.WAITING
            )
        locked.decided_at = now
        locked.save(update_fields=["status", "decided_at"])
    return locked


def withdraw(*, user: AnyUser, participant: Participant, now: dt.datetime) -> Participant:
    """The participant leaves: their requests are cancelled; the waiting list moves up."""
    if participant.user_id != user.pk:
        raise PermissionDenied("Only the participant may withdraw their registration.")
    if participant.status == ParticipantStatus.WITHDRAWN:
        raise ValidationError({"status": ["You have already withdrawn."]})
    with transaction.atomic():
        was_approved = participant.status == ParticipantStatus.APPROVED
        participant.status = ParticipantStatus.WITHDRAWN
        participant.decided_at = now
        participant.save(update_fields=["status", "decided_at"])
        MeetingRequest.objects.filter(
            Q(requester=participant) | Q(recipient=participant),
            status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
        ).update(status=RequestStatus.CANCELLED, answered_at=now)
        MeetingRequest.objects.filter(delegate=participant).update(delegate=None)
        if was_approved:
            first = (
                Participant.objects.filter(
                    session_id=participant.session_id, status=ParticipantStatus.WAITING
                )
                .order_by("registered_at", "pk")
                .first()
            )
            if first is not None:
                first.status = ParticipantStatus.APPROVED
                first.decided_at = now
                first.save(update_fields=["status", "decided_at"])
    return participant


def _check_self(user: AnyUser, participant: Participant) -> None:
    if participant.user_id != user.pk:
        raise PermissionDenied("Only the participant may change this.")


def set_availability(
    *,
    user: AnyUser,
    participant: Participant,
    available_slot_ids: Sequence[int],
    max_meetings: int | None = None,
    max_consecutive: int | None = None,
) -> Participant:
    """The slots the participant can attend (every other slot of the session is blocked)."""
    _check_self(user, participant)
    slot_ids = set(
        Slot.objects.filter(session_id=participant.session_id).values_list("pk", flat=True)
    )
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(available_slot_ids) - slot_ids)
    if unknown:
        errors["available_slot_ids"] = [
            f"Slots {unknown} are not slots of this session: pick from the session's slots."
        ]
    for name, value in (("max_meetings", max_meetings), ("max_consecutive", max_consecutive)):
        if value is not None and not 1 <= value <= 200:
            errors[name] = ["Give a number from 1 to 200, or leave it empty for the session's."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        participant.unavailable_slots.set(sorted(slot_ids - set(available_slot_ids)))
        participant.max_meetings = max_meetings
        participant.max_consecutive = max_consecutive
        participant.save(update_fields=["max_meetings", "max_consecutive"])
    return participant


# Meeting requests ------------------------------------------------------------------------


def send_request(
    *,
    user: AnyUser,
    requester: Participant,
    recipient_id: int,
    message: str = "",
    priority: int = Priority.MEDIUM,
    delegate_id: int | None = None,
    now: dt.datetime,
) -> MeetingRequest:
    """Ask another approved participant for a meeting; a colleague may come along."""
    _check_self(user, requester)
    errors: dict[str, list[str]] = {}
    if requester.status != ParticipantStatus.APPROVED:
        errors["requester"] = ["Your registration is not approved yet: wait for the organisers."]
    recipient = Participant.objects.filter(
        pk=recipient_id, session_id=requester.session_id, status=ParticipantStatus.APPROVED
    ).first()
    if recipient is None:
        errors["recipient_id"] = ["Choose an approved participant of this session."]
    elif recipient.pk == requester.pk:
        errors["recipient_id"] = ["You cannot request a meeting with yourself."]
    elif recipient.organisation_id == requester.organisation_id:
        errors["recipient_id"] = ["Choose someone from another organisation."]
    elif (
        MeetingRequest.objects.filter(
            Q(requester=requester, recipient=recipient)
            | Q(requester=recipient, recipient=requester)
        )
        .exclude(
            status__in=[RequestStatus.DECLINED, RequestStatus.EXPIRED, RequestStatus.CANCELLED]
        )
        .exists()
    ):
        errors["recipient_id"] = ["You already have a request with this participant."]
    if priority not in Priority.values:
        errors["priority"] = ["Choose 3 (high), 2 (medium) or 1 (low)."]
    if len(message) > 2000:
        errors["message"] = ["Use at most 2,000 characters."]
    if delegate_id is not None:
        delegate = Participant.objects.filter(
            pk=delegate_id, session_id=requester.session_id, status=ParticipantStatus.APPROVED
        ).first()
        if (
            delegate is None
            or delegate.organisation_id != requester.organisation_id
            or delegate.pk == requester.pk
        ):
            errors["delegate_id"] = [
                "The second delegate must be another approved participant of your organisation."
            ]
    if errors:
        raise ValidationError(errors)
    assert recipient is not None
    with transaction.atomic():
        MeetingRequest.objects.filter(requester=requester, recipient=recipient).delete()
        return MeetingRequest.objects.create(
            session_id=requester.session_id,
            requester=requester,
            recipient=recipient,
            delegate_id=delegate_id,
            message=message.strip(),
            priority=priority,
            created_at=now,
            expires_at=now + dt.timedelta(days=requester.session.request_days),
        )


def answer_request(
    *, user: AnyUser, request: MeetingRequest, accept: bool, now: dt.datetime
) -> MeetingRequest:
    """The recipient accepts or declines a pending request."""
    if request.recipient.user_id != user.pk:
        raise PermissionDenied("Only the participant asked may answer this request.")
    if request.status != RequestStatus.PENDING or request.expires_at <= now:
        raise ValidationError(
            {
                "status": [
                    f"This request is {request.get_status_display().lower()}; it can no longer be answered."
                ]
            }
            if request.status != RequestStatus.PENDING
            else {"status": ["This request has expired: ask the participant to send a new one."]}
        )
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_at = now
    request.save(update_fields=["status", "answered_at"])
    return request


def cancel_request(*, user: AnyUser, request: MeetingRequest, now: dt.datetime) -> MeetingRequest:
    """Either side calls the meeting off; a published schedule is repaired at the next run."""
    if user.pk not in (request.requester.user_id, request.recipient.user_id):
        raise PermissionDenied("Only the two participants may cancel this meeting.")
    if request.status not in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        raise ValidationError({"status": ["Only pending or accepted requests can be cancelled."]})
    request.status = RequestStatus.CANCELLED
    request.answered_at = now
    request.save(update_fields=["status", "answered_at"])
    return request


def expire_requests(*, now: dt.datetime) -> int:
    """Pending requests past their answer deadline expire; returns how many."""
    return MeetingRequest.objects.filter(status=RequestStatus.PENDING, expires_at__lte=now).update(
        status=RequestStatus.EXPIRED, answered_at=now
    )


# Scheduling ------------------------------------------------------------------------------


def default_time_limit(request_count: int) -> float:
    """Seconds the scheduler may take inside a web request (small events)."""
    return 2.0 if request_count <= 2_000 else 5.0


@dataclass(frozen=True)
class PreparedRun:
    """Everything a scheduler run needs, read from the database: the engine's input.

    Splitting ``prepare -> solve -> store`` lets the solve move to a background task (the
    instance and ``previous`` are plain frozen dataclasses) without changing the callers.
    """

    session_id: int
    instance: Instance
    previous: tuple[Meeting, ...] | None
    locked: frozenset[int]
    members: dict[int, tuple[int, ...]]
    fixed_tables: dict[int, int]
    participant_names: dict[int, str]
    slot_names: dict[int, str]
    time_limit: float


def prepare_run(*, session: B2BSession, time_limit: float | None = None) -> PreparedRun:
    """Approved participants, their accepted requests, availability, caps, locks, previous."""
    if time_limit is not None and not 0 < time_limit <= MAX_TIME_LIMIT:
        raise ValidationError(
            {"time_limit": [f"Give a time limit between 0 and {MAX_TIME_LIMIT:g} seconds."]}
        )
    slots = list(session.slots.order_by("start_at"))
    if not slots:
        raise ValidationError({"session": ["The session has no slots: set its periods first."]})
    participants = list(
        Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)
        .prefetch_related("unavailable_slots")
        .order_by("pk")
    )
    active = {p.pk for p in participants}
    requests = [
        r
        for r in MeetingRequest.objects.filter(
            session=session, status=RequestStatus.ACCEPTED
        ).order_by("pk")
        if r.requester_id in active and r.recipient_id in active
    ]
    for r in requests:
        if r.delegate_id is not None and r.delegate_id not in active:
            r.delegate_id = None  # the colleague withdrew; the meeting still takes place
    request_ids = {r.pk for r in requests}
    published = session.runs.filter(status=RunStatus.PUBLISHED).first()
    latest = (
        session.runs.exclude(status=RunStatus.SUPERSEDED).order_by("-created_at", "-pk").first()
    )
    locked = {
        m.request_id: m.slot_id
        for m in (latest.meetings.filter(is_locked=True) if latest is not None else [])
        if m.request_id in request_ids
    }
    instance = adapters.build_instance(
        slots=slots,
        participants=participants,
        unavailable={p.pk: {s.pk for s in p.unavailable_slots.all()} for p in participants},
        requests=requests,
        locked=locked,
        default_max_meetings=session.max_meetings,
        default_max_consecutive=session.max_consecutive,
    )
    previous = None
    if published is not None:
        previous = tuple(
            m
            for m in adapters.meetings_from_rows(published.meetings.all())
            if m.request in request_ids
        )
    return PreparedRun(
        session_id=session.pk,
        instance=instance,
        previous=previous,
        locked=frozenset(locked),
        members={r.pk: tuple(p.pk for p in r.members() if p.pk in active) for r in requests},
        fixed_tables=dict(
            Table.objects.filter(session=session, host__isnull=False).values_list(
                "host_id", "number"
            )
        ),
        participant_names={p.pk: p.display_name for p in participants},
        slot_names={s.pk: f"{s.start_at:%Y-%m-%d %H:%M} UTC" for s in slots},
        time_limit=time_limit if time_limit is not None else default_time_limit(len(requests)),
    )


def solve_run(prepared: PreparedRun, *, seed: int = 0) -> ScheduleResult:
    """The engine's part: no database (safe in a worker)."""
    return schedule_meetings(
        prepared.instance,
        previous=prepared.previous,
        time_limit=prepared.time_limit,
        seed=seed,
    )


def store_run(
    *, prepared: PreparedRun, result: ScheduleResult, user_id: int | None, now: dt.datetime
) -> ScheduleRun:
    """Save a provisional run with its meetings (fixed tables for hosts), quality and reasons."""
    meetings = adapters.place_fixed_tables(
        result.meetings, members=prepared.members, fixed_table=prepared.fixed_tables
    )
    busy = {person for m in meetings for person in prepared.members[int(m.request)]}
    with transaction.atomic():
        run = ScheduleRun.objects.create(
            session_id=prepared.session_id,
            started_by_id=user_id,
            created_at=now,
            is_repair=prepared.previous is not None,
            time_limit=prepared.time_limit,
            objective=result.objective,
            upper_bound=result.upper_bound,
            ratio=result.ratio,
            bound_method=result.bound_method[:200],
            moved=result.moved,
            dropped=result.dropped,
            request_count=len(prepared.instance.requests),
            unscheduled=[
                {
                    "request": u.request,
                    "reason": adapters.humanise_reason(
                        u.reason,
                        participants=prepared.participant_names,
                        slots=prepared.slot_names,
                    ),
                }
                for u in result.unscheduled
            ],
            without_meeting=[pk for pk in prepared.participant_names if pk not in busy],
        )
        ScheduledMeeting.objects.bulk_create(
            ScheduledMeeting(
                run=run,
                request_id=int(m.request),
                slot_id=adapters.slot_pk(m.slot),
                table=m.table,
                is_locked=int(m.request) in prepared.locked,
            )
            for m in meetings
        )
    return run


def run_scheduler(
    *,
    user: AnyUser,
    session: B2BSession,
    now: dt.datetime,
    time_limit: float | None = None,
    seed: int = 0,
) -> ScheduleRun:
    """Schedule the accepted requests; a repair of the published schedule once there is one.

    Meetings the organiser locked stay in their slot. With a published schedule, its
    still-feasible meetings stay where they are (confirmed meetings are never dropped to make
    room); the run records moved/dropped counts. Runs in the request for now (time limit of a
    few seconds); ``prepare_run``/``solve_run``/``store_run`` are the seams for a task.
    """
    check_organiser(user=user, session=session)
    prepared = prepare_run(session=session, time_limit=time_limit)
    result = solve_run(prepared, seed=seed)
    return store_run(prepared=prepared, result=result, user_id=user.pk, now=now)


def lock_meeting(*, user: AnyUser, meeting: ScheduledMeeting, locked: bool) -> ScheduledMeeting:
    """Fix a meeting of a provisional schedule in its slot for the next runs."""
    check_organiser(user=user, session=meeting.run.session)
    if meeting.run.status != RunStatus.PROVISIONAL:
        raise ValidationError({"run": ["Only meetings of a provisional schedule can be locked."]})
    meeting.is_locked = locked
    meeting.save(update_fields=["is_locked"])
    return meeting


def publish_run(*, user: AnyUser, run: ScheduleRun, now: dt.datetime) -> ScheduleRun:
    """Make a provisional schedule the session's agenda; the previous one is superseded."""
    session = run.session
    check_organiser(user=user, session=session)
    if run.status != RunStatus.PROVISIONAL:
        raise ValidationError(
            {"run": [f"This schedule is {run.status}; publish a provisional one."]}
        )
    newer = session.runs.filter(created_at__gt=run.created_at).exclude(pk=run.pk).exists()
    if newer:
        raise ValidationError({"run": ["A newer run exists: publish the latest schedule."]})
    with transaction.atomic():
        session.runs.filter(status=RunStatus.PUBLISHED).update(status=RunStatus.SUPERSEDED)
        run.status = RunStatus.PUBLISHED
        run.published_at = now
        run.save(update_fields=["status", "published_at"])
        session.status = SessionStatus.PUBLISHED
        session.save(update_fields=["status", "updated_at"])
    return run


# Follow-up -------------------------------------------------------------------------------


def record_outcome(
    *,
    user: AnyUser,
    participant: Participant,
    request: MeetingRequest,
    wave: str,
    outcome: str,
    comment: str = "",
    now: dt.datetime,
) -> OutcomeReport:
    """A participant says what came of one of their published meetings (one answer per wave)."""
    _check_self(user, participant)
    errors: dict[str, list[str]] = {}
    event = participant.session.event
    if participant.pk not in {request.requester_id, request.recipient_id, request.delegate_id}:
        errors["request_id"] = ["Report on one of your own meetings."]
    elif not ScheduledMeeting.objects.filter(
        request=request, run__status=RunStatus.PUBLISHED
    ).exists():
        errors["request_id"] = ["This meeting is not in the published schedule."]
    if wave not in SurveyWave.values:
        errors["wave"] = [f"Choose one of: {', '.join(SurveyWave.values)}."]
    elif wave == SurveyWave.AFTER_EVENT and now < event.start_at:
        errors["wave"] = ["The survey opens when the event starts."]
    elif wave == SurveyWave.SIX_MONTHS and now < event.end_at + SIX_MONTHS:
        errors["wave"] = [f"The six-month survey opens on {(event.end_at + SIX_MONTHS):%Y-%m-%d}."]
    if outcome not in Outcome.values:
        errors["outcome"] = [f"Choose one of: {', '.join(Outcome.values)}."]
    if len(comment) > 2000:
        errors["comment"] = ["Use at most 2,000 characters."]
    if errors:
        raise ValidationError(errors)
    report, _ = OutcomeReport.objects.update_or_create(
        participant=participant,
        request=request,
        wave=wave,
        defaults={"outcome": outcome, "comment": comment.strip(), "answered_at": now},
    )
    return report


def record_agreement(
    *,
    user: AnyUser,
    session: B2BSession,
    kind: str,
    title: str,
    partner_ids: Sequence[int],
    signed_date: dt.date,
    request_id: int | None = None,
    now: dt.datetime,
) -> Agreement:
    """Add to the agreement register (organisers, or a participant for their organisation)."""
    organiser = is_coordinator(user=user, partnership=session.event.partnership)
    own = set(
        Participant.objects.filter(session=session, user_id=user.pk or 0).values_list(
            "organisation_id", flat=True
        )
    )
    if not organiser and not own:
        raise PermissionDenied("Only participants and organisers may record agreements.")
    errors: dict[str, list[str]] = {}
    if kind not in AgreementKind.values:
        errors["kind"] = [f"Choose one of: {', '.join(AgreementKind.values)}."]
    if not title.strip() or len(title) > 200:
        errors["title"] = ["Give the agreement a title (1 to 200 characters)."]
    partners = set(partner_ids)
    found = set(Organisation.objects.filter(pk__in=partners).values_list("pk", flat=True))
    if len(partners) < 2:
        errors["partner_ids"] = ["Name at least two partner organisations."]
    elif found != partners:
        errors["partner_ids"] = [f"Unknown organisations {sorted(partners - found)}."]
    elif not organiser and not own & partners:
        errors["partner_ids"] = ["Include your own organisation among the partners."]
    if signed_date > now.date():
        errors["signed_date"] = ["Record agreements once signed: the date is in the future."]
    if (
        request_id is not None
        and not MeetingRequest.objects.filter(pk=request_id, session=session).exists()
    ):
        errors["request_id"] = ["No such meeting in this session; leave it empty if unrelated."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement = Agreement.objects.create(
            session=session,
            request_id=request_id,
            kind=kind,
            title=title.strip(),
            signed_date=signed_date,
            recorded_by_id=user.pk,
            recorded_at=now,
        )
        agreement.partners.set(sorted(partners))
    return agreement
