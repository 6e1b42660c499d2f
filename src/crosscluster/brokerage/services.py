"""Writes for B2B sessions. Atomic, keyword-only; errors name the field and the fix.

Organisers are the partnership's coordinators (and platform administrators): they set up the
session, approve registrations, run the scheduler, lock meetings and publish. Participants
register, say when they are available, send and answer meeting requests, withdraw, and report
outcomes. The clock is always passed in (``now``).

``run_scheduler`` only queues a run: the django-tasks task ``solve_schedule_run`` (queue
"scheduling") calls ``execute_run`` = ``prepare -> solve -> store`` in the worker, so nothing
slow happens inside a request (see docs/brokerage.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.brokerage import adapters, documents, queries
from crosscluster.brokerage.models import (
    RUN_IN_PROGRESS,
    Agreement,
    AgreementKind,
    B2BSession,
    CapturedNeed,
    MeetingRequest,
    Outcome,
    OutcomeReport,
    Participant,
    ParticipantStatus,
    Priority,
    ReminderKind,
    ReminderSent,
    RequestStatus,
    RunState,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
    SessionPeriod,
    SessionStatus,
    Slot,
    SurveyWave,
    Table,
)
from crosscluster.brokerage.queries import AgendaItem
from crosscluster.core.times import NonexistentLocalTimeError, get_zone, to_utc
from crosscluster.directory.models import Organisation
from crosscluster.engines.scheduling import Instance, Meeting, ScheduleResult, schedule_meetings
from crosscluster.events.models import Event
from crosscluster.marketplace import services as marketplace_services
from crosscluster.marketplace.models import OpportunityKind, OpportunityVisibility
from crosscluster.partnerships.queries import AnyUser, involved_organisations, is_coordinator

NOT_AN_ORGANISER = "Only the partnership's coordinators may organise its B2B meetings."
MAX_SLOTS = 400
MAX_TIME_LIMIT = 60.0
SIX_MONTHS = dt.timedelta(days=182)

logger = logging.getLogger(__name__)


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
    reminder_days: int = 2


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
    if not 0 <= data.reminder_days <= 30:
        errors["reminder_days"] = [
            "Send the reminder between 0 and 30 days before the event (0 = no reminder)."
        ]
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
        session.reminder_days = data.reminder_days
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
    """A host meets everyone at table ``number`` (named tables need not exist beforehand).

    Takes effect at the next scheduler run (the adapter swaps tables within each slot)."""
    check_organiser(user=user, session=session)
    if participant.session_id != session.pk:
        raise ValidationError(
            {"participant_id": ["This participant is not in this session: pick one of its own."]}
        )
    if participant.status in (ParticipantStatus.WITHDRAWN, ParticipantStatus.REJECTED):
        raise ValidationError(
            {
                "participant_id": [
                    f"{participant.display_name} is {participant.get_status_display().lower()}: "
                    "fix a table for a registered participant."
                ]
            }
        )
    if not 1 <= number <= session.tables:
        raise ValidationError({"number": [f"Choose a table between 1 and {session.tables}."]})
    with transaction.atomic():
        occupied = (
            Table.objects.filter(session=session, number=number)
            .exclude(host__isnull=True)
            .exclude(host=participant)
            .select_related("host")
            .first()
        )
        if occupied is not None:
            raise ValidationError(
                {
                    "number": [
                        f"{occupied.name} is already fixed for {occupied.host}: choose another "
                        "table, or release it first."
                    ]
                }
            )
        Table.objects.filter(host=participant).exclude(number=number).update(host=None)
        table, _ = Table.objects.get_or_create(
            session=session, number=number, defaults={"name": f"Table {number}"}
        )
        table.host = participant
        table.save(update_fields=["host"])
    return table


def release_fixed_table(*, user: AnyUser, session: B2BSession, participant: Participant) -> None:
    """The host no longer stays at one table (from the next scheduler run)."""
    check_organiser(user=user, session=session)
    if participant.session_id != session.pk:
        raise ValidationError(
            {"participant_id": ["This participant is not in this session: pick one of its own."]}
        )
    released = Table.objects.filter(session=session, host=participant).update(host=None)
    if not released:
        raise ValidationError(
            {"participant_id": [f"{participant.display_name} has no fixed table to release."]}
        )


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

#: a queued or running run older than this is taken as lost (worker stopped) when the organiser
#: starts a new one; it is then marked failed with a message saying so
STALE_RUN_AFTER = dt.timedelta(minutes=30)


def default_time_limit(request_count: int) -> float:
    """Seconds the background solve may take by default (the engine's figures at these sizes)."""
    if request_count <= 2_000:
        return 2.0
    return 5.0 if request_count <= 10_000 else 10.0


@dataclass(frozen=True)
class PreparedRun:
    """Everything a scheduler run needs, read from the database: the engine's input.

    ``prepare -> solve -> store``: the solve needs no database (the instance and ``previous``
    are plain frozen dataclasses); the background task calls the three in turn.
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


def _check_time_limit(time_limit: float | None) -> None:
    if time_limit is not None and not 0 < time_limit <= MAX_TIME_LIMIT:
        raise ValidationError(
            {"time_limit": [f"Give a time limit between 0 and {MAX_TIME_LIMIT:g} seconds."]}
        )


def _schedulable_requests(session: B2BSession) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(
        session=session,
        status=RequestStatus.ACCEPTED,
        requester__status=ParticipantStatus.APPROVED,
        recipient__status=ParticipantStatus.APPROVED,
    )


def prepare_run(*, session: B2BSession, time_limit: float | None = None) -> PreparedRun:
    """Approved participants, their accepted requests, availability, caps, locks, previous."""
    _check_time_limit(time_limit)
    slots = list(session.slots.order_by("start_at"))
    if not slots:
        raise ValidationError({"session": ["The session has no slots: set its periods first."]})
    participants = list(
        Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)
        .prefetch_related("unavailable_slots")
        .order_by("pk")
    )
    active = {p.pk for p in participants}
    requests = list(_schedulable_requests(session).order_by("pk"))
    for r in requests:
        if r.delegate_id is not None and r.delegate_id not in active:
            r.delegate_id = None  # the colleague withdrew; the meeting still takes place
    request_ids = {r.pk for r in requests}
    published = session.runs.filter(status=RunStatus.PUBLISHED).first()
    latest = (
        session.runs.filter(state=RunState.DONE)
        .exclude(status=RunStatus.SUPERSEDED)
        .order_by("-created_at", "-pk")
        .first()
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
    *, run: ScheduleRun, prepared: PreparedRun, result: ScheduleResult, now: dt.datetime
) -> ScheduleRun:
    """Fill a run with its meetings (fixed tables for hosts), quality and reasons: done."""
    meetings = adapters.place_fixed_tables(
        result.meetings, members=prepared.members, fixed_table=prepared.fixed_tables
    )
    busy = {person for m in meetings for person in prepared.members[int(m.request)]}
    with transaction.atomic():
        run.state = RunState.DONE
        run.finished_at = now
        run.is_repair = prepared.previous is not None
        run.time_limit = prepared.time_limit
        run.objective = result.objective
        run.upper_bound = result.upper_bound
        run.ratio = result.ratio
        run.bound_method = result.bound_method[:200]
        run.moved = result.moved
        run.dropped = result.dropped
        run.request_count = len(prepared.instance.requests)
        run.unscheduled = [
            {
                "request": u.request,
                "reason": adapters.humanise_reason(
                    u.reason,
                    participants=prepared.participant_names,
                    slots=prepared.slot_names,
                ),
            }
            for u in result.unscheduled
        ]
        run.without_meeting = [pk for pk in prepared.participant_names if pk not in busy]
        run.save()
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


def _fail_stale_runs(*, session: B2BSession, now: dt.datetime) -> None:
    session.runs.filter(state__in=RUN_IN_PROGRESS, created_at__lt=now - STALE_RUN_AFTER).update(
        state=RunState.FAILED,
        finished_at=now,
        error=(
            "The run did not finish within "
            f"{int(STALE_RUN_AFTER.total_seconds() // 60)} minutes: is the background worker "
            "(crosscluster db_worker) running? A new run was started instead."
        ),
    )


def run_scheduler(
    *,
    user: AnyUser,
    session: B2BSession,
    now: dt.datetime,
    time_limit: float | None = None,
    seed: int = 0,
) -> ScheduleRun:
    """Queue a scheduler run for the background; a repair of the published schedule if any.

    The run is created ``queued`` and ``solve_schedule_run`` (brokerage/tasks.py, queue
    "scheduling") is enqueued in the same transaction: the worker sees it on commit. One run
    at a time per session. Meetings the organiser locked stay in their slot; with a published
    schedule, its still-feasible meetings stay where they are (never dropped to make room).
    """
    from crosscluster.brokerage.tasks import solve_schedule_run

    check_organiser(user=user, session=session)
    _check_time_limit(time_limit)
    if not session.slots.exists():
        raise ValidationError({"session": ["The session has no slots: set its periods first."]})
    with transaction.atomic():
        B2BSession.objects.select_for_update().filter(pk=session.pk).first()
        _fail_stale_runs(session=session, now=now)
        if session.runs.filter(state__in=RUN_IN_PROGRESS).exists():
            raise ValidationError(
                {
                    "session": [
                        "A scheduler run is already in progress for this session: wait for it "
                        "to finish (the organiser page shows its status)."
                    ]
                }
            )
        limit = time_limit
        if limit is None:
            limit = default_time_limit(_schedulable_requests(session).count())
        run = ScheduleRun.objects.create(
            session=session,
            started_by_id=user.pk,
            created_at=now,
            state=RunState.QUEUED,
            time_limit=limit,
            seed=seed,
            is_repair=session.runs.filter(status=RunStatus.PUBLISHED).exists(),
        )
        result = solve_schedule_run.enqueue(run.pk)
        run.task_id = str(result.id)[:64]
        run.save(update_fields=["task_id"])
    return run


def _readable_failure(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return " ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return (
        f"The scheduler stopped with an internal error ({type(error).__name__}). Run it again; "
        "if it fails again, tell the platform's administrators (the worker's log has the details)."
    )


def execute_run(*, run_id: int, now: Callable[[], dt.datetime]) -> ScheduleRun | None:
    """The background task's work: queued -> running -> done (or failed, with the reason).

    ``now`` is a clock (called when the run starts and when it ends). Returns None when the
    run is gone or no longer queued (e.g. marked stale): nothing to do. A failure marks the run
    failed with a message for the organiser, then re-raises so the task result records it too.
    """
    with transaction.atomic():
        run = (
            ScheduleRun.objects.select_for_update()
            .filter(pk=run_id, state=RunState.QUEUED)
            .select_related("session")
            .first()
        )
        if run is None:
            return None
        run.state = RunState.RUNNING
        run.started_at = now()
        run.save(update_fields=["state", "started_at"])
    try:
        prepared = prepare_run(session=run.session, time_limit=run.time_limit)
        result = solve_run(prepared, seed=run.seed)
        return store_run(run=run, prepared=prepared, result=result, now=now())
    except Exception as error:
        logger.exception("scheduler run %s failed", run_id)
        ScheduleRun.objects.filter(pk=run_id).update(
            state=RunState.FAILED, finished_at=now(), error=_readable_failure(error)
        )
        raise


def lock_meeting(*, user: AnyUser, meeting: ScheduledMeeting, locked: bool) -> ScheduledMeeting:
    """Fix a meeting of a provisional schedule in its slot for the next runs."""
    check_organiser(user=user, session=meeting.run.session)
    if meeting.run.status != RunStatus.PROVISIONAL:
        raise ValidationError({"run": ["Only meetings of a provisional schedule can be locked."]})
    if meeting.run.session.runs.filter(state__in=RUN_IN_PROGRESS).exists():
        raise ValidationError(
            {"run": ["A scheduler run is in progress: lock meetings once it has finished."]}
        )
    meeting.is_locked = locked
    meeting.save(update_fields=["is_locked"])
    return meeting


def publish_run(*, user: AnyUser, run: ScheduleRun, now: dt.datetime) -> ScheduleRun:
    """Make a provisional schedule the session's agenda; the previous one is superseded."""
    session = run.session
    check_organiser(user=user, session=session)
    if run.state != RunState.DONE:
        raise ValidationError(
            {"run": [f"This run is {run.get_state_display().lower()}: publish a finished run."]}
        )
    if run.status != RunStatus.PROVISIONAL:
        raise ValidationError(
            {"run": [f"This schedule is {run.status}; publish a provisional one."]}
        )
    if session.runs.filter(state__in=RUN_IN_PROGRESS).exists():
        raise ValidationError(
            {"run": ["A scheduler run is in progress: wait for it and publish the latest."]}
        )
    newer = session.runs.filter(
        Q(created_at__gt=run.created_at) | Q(created_at=run.created_at, pk__gt=run.pk),
        state=RunState.DONE,
    ).exists()
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


# Needs heard on site -----------------------------------------------------------------------


def _need_owner_participant(
    *, session: B2BSession, request: MeetingRequest | None, organisation_id: int
) -> Participant | None:
    """The participant whose organisation will own the need (one of the meeting's parties,
    or, without a meeting, any approved participant of the session)."""
    if request is not None:
        return next((m for m in request.members() if m.organisation_id == organisation_id), None)
    return (
        Participant.objects.filter(
            session=session, organisation_id=organisation_id, status=ParticipantStatus.APPROVED
        )
        .order_by("pk")
        .first()
    )


def capture_need(
    *,
    user: AnyUser,
    session: B2BSession,
    organisation_id: int,
    title: str,
    description: str,
    request_id: int | None,
    now: dt.datetime,
) -> CapturedNeed:
    """Record a need heard at a meeting as a draft industrial need on the marketplace.

    Participants record needs heard at their own meetings in the published schedule;
    organisers may record them for any meeting of the session, or without one. The need
    belongs to the organisation of one of the meeting's parties (without a meeting: of an
    approved participant). The draft is private to that organisation (and to the brokers of
    the partnership when the organisation takes part in it); its members publish it.
    """
    organiser = is_coordinator(user=user, partnership=session.event.partnership)
    me = Participant.objects.filter(
        session=session, user_id=user.pk or 0, status=ParticipantStatus.APPROVED
    ).first()
    if not organiser and me is None:
        raise PermissionDenied(
            "Only the session's approved participants and its organisers record needs."
        )
    errors: dict[str, list[str]] = {}
    request = None
    if request_id is not None:
        request = (
            MeetingRequest.objects.filter(pk=request_id, session=session)
            .select_related("requester", "recipient", "delegate")
            .first()
        )
        if request is None:
            errors["request_id"] = ["No such meeting in this session: pick one of your meetings."]
        elif not organiser and me not in request.members():
            errors["request_id"] = ["Record needs heard at your own meetings."]
        elif not ScheduledMeeting.objects.filter(
            request=request, run__status=RunStatus.PUBLISHED
        ).exists():
            errors["request_id"] = ["This meeting is not in the published schedule."]
    elif not organiser:
        errors["request_id"] = ["Say at which of your meetings you heard the need."]
    owner_participant = None
    if not errors:
        owner_participant = _need_owner_participant(
            session=session, request=request, organisation_id=organisation_id
        )
        if owner_participant is None:
            errors["organisation_id"] = [
                "The need belongs to the organisation of a participant"
                + (" of this meeting" if request is not None else " of this session")
                + ": choose one of theirs."
            ]
    if errors:
        raise ValidationError(errors)
    assert owner_participant is not None
    owner = owner_participant.organisation
    # create_opportunity accepts members of the owner only: the recorder if they are one, else
    # the owner's participant at the meeting (recorded_by keeps who actually recorded it).
    acting = user if owner.pk in list_organisation_ids(user=user) else owner_participant.user
    partnership = session.event.partnership
    takes_part = involved_organisations(partnership=partnership).filter(pk=owner.pk).exists()
    data = marketplace_services.OpportunityData(
        kind=OpportunityKind.INDUSTRIAL_NEED,
        title=title,
        description=description,
        partnership=partnership if takes_part else None,
        visibility=OpportunityVisibility.PRIVATE,
    )
    with transaction.atomic():
        try:
            opportunity = marketplace_services.create_opportunity(
                user=acting, owner=owner, data=data, now=now
            )
        except PermissionDenied:
            raise ValidationError(
                {
                    "organisation_id": [
                        f"Nobody at this meeting still belongs to {owner.name}: ask one of its "
                        "members to record the need on the marketplace."
                    ]
                }
            ) from None
        need = CapturedNeed.objects.create(
            session=session,
            request=request,
            opportunity=opportunity,
            recorded_by_id=user.pk,
            recorded_at=now,
        )
        marketplace_services.notify(
            recipients=marketplace_services.organisation_people(owner.pk),
            text=(
                f"A need heard at {session.event.title} is a draft for {owner.name}: "
                f"“{opportunity.title}”. Review and publish it on the marketplace."
            ),
            path=reverse("marketplace:opportunity_detail", args=[opportunity.pk]),
            now=now,
        )
    return need


# Reminders -------------------------------------------------------------------------------

#: survey invitations go out at most this long after their wave opens (a first run of the
#: command long after an event sends nothing stale)
SURVEY_SEND_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class ReminderCounts:
    before_event: int = 0
    survey_after_event: int = 0
    survey_six_months: int = 0

    @property
    def total(self) -> int:
        return self.before_event + self.survey_after_event + self.survey_six_months


def _send_once(
    *, participant: Participant, kind: str, now: dt.datetime, message: EmailMessage
) -> bool:
    """Record and send one e-mail; a failed send rolls the record back (tried again later)."""
    try:
        with transaction.atomic():
            _, created = ReminderSent.objects.get_or_create(
                participant=participant, kind=kind, defaults={"sent_at": now}
            )
            if not created:
                return False
            message.send()
    except IntegrityError:  # another run of the command got there first
        return False
    except Exception:
        logger.exception("could not send the %s e-mail to participant %s", kind, participant.pk)
        return False
    return True


def _render_reminder(
    *, participant: Participant, published: ScheduleRun | None, items: Sequence[AgendaItem]
) -> str:
    event = participant.session.event
    return render_to_string(
        "brokerage/email/before_event.txt",
        {
            "participant": participant,
            "event": event,
            "published": published,
            "items": items,
            "fixed_table": queries.get_fixed_table(participant=participant),
            "agenda_url": documents.agenda_url(participant),
        },
    )


def _reminder_message(*, participant: Participant, now: dt.datetime) -> EmailMessage:
    session = participant.session
    event = session.event
    zone = get_zone(event.timezone) or dt.UTC
    published = queries.get_published_run(session=session)
    items = queries.list_agenda(participant=participant, run=published)
    with timezone.override(zone):  # times in the e-mail are the venue's, like the agenda
        body = _render_reminder(participant=participant, published=published, items=items)
    message = EmailMessage(
        subject=f"Reminder: {event.title} on {event.start_at.astimezone(zone):%d %B %Y}",
        body=body,
        to=[participant.user.email],
    )
    if items:
        message.attach(
            "b2b-agenda.ics",
            documents.render_agenda_ics(participant=participant, items=items, stamp=now),
            documents.ICS_CONTENT_TYPE,
        )
    return message


def _survey_message(*, participant: Participant, wave: str, meetings: int) -> EmailMessage:
    event = participant.session.event
    body = render_to_string(
        "brokerage/email/survey.txt",
        {
            "participant": participant,
            "event": event,
            "wave": wave,
            "count": meetings,
            "agenda_url": documents.agenda_url(participant),
        },
    )
    when = "six months on" if wave == SurveyWave.SIX_MONTHS else "how did it go"
    return EmailMessage(
        subject=f"{event.title}, {when}: what came of your meetings?",
        body=body,
        to=[participant.user.email],
    )


def _reachable(rows: QuerySet[Participant]) -> QuerySet[Participant]:
    return (
        rows.filter(status=ParticipantStatus.APPROVED, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "organisation", "session__event")
        .order_by("pk")
    )


def send_reminders(*, now: dt.datetime) -> ReminderCounts:
    """E-mail what is due at ``now``, each e-mail once per participant (recorded).

    - ``reminder_days`` before the event (until it starts): approved participants get the
      date, venue, their meetings and agenda link, with their agenda as an ICS attachment.
    - When the event ends, and six months later: approved participants with meetings in the
      published schedule are invited to the outcome survey (within 30 days of the wave
      opening, so a late first run sends nothing stale).
    """
    counts = dict.fromkeys(ReminderKind.values, 0)
    soon = B2BSession.objects.filter(reminder_days__gt=0, event__start_at__gt=now).select_related(
        "event"
    )
    for session in soon:
        if now < session.event.start_at - dt.timedelta(days=session.reminder_days):
            continue
        due = _reachable(session.participants.all()).exclude(
            reminders_sent__kind=ReminderKind.BEFORE_EVENT
        )
        for participant in due:
            message = _reminder_message(participant=participant, now=now)
            if _send_once(
                participant=participant, kind=ReminderKind.BEFORE_EVENT, now=now, message=message
            ):
                counts[ReminderKind.BEFORE_EVENT] += 1
    waves = (
        (ReminderKind.SURVEY_AFTER_EVENT, SurveyWave.AFTER_EVENT, dt.timedelta(0)),
        (ReminderKind.SURVEY_SIX_MONTHS, SurveyWave.SIX_MONTHS, SIX_MONTHS),
    )
    for kind, wave, delay in waves:
        sessions = B2BSession.objects.filter(
            event__end_at__lte=now - delay,
            event__end_at__gt=now - delay - SURVEY_SEND_WINDOW,
            runs__status=RunStatus.PUBLISHED,
        ).distinct()
        for session in sessions:
            published = session.runs.get(status=RunStatus.PUBLISHED)
            meetings: dict[int, int] = {}
            for meeting in published.meetings.select_related("request"):
                for member_id in (
                    meeting.request.requester_id,
                    meeting.request.recipient_id,
                    meeting.request.delegate_id,
                ):
                    if member_id is not None:
                        meetings[member_id] = meetings.get(member_id, 0) + 1
            due = _reachable(session.participants.filter(pk__in=list(meetings))).exclude(
                reminders_sent__kind=kind
            )
            for participant in due:
                message = _survey_message(
                    participant=participant, wave=wave, meetings=meetings[participant.pk]
                )
                if _send_once(participant=participant, kind=kind, now=now, message=message):
                    counts[kind] += 1
    return ReminderCounts(**counts)
