"""Reads about B2B sessions: schedules and their quality, agendas, table plans, participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.brokerage.models import (
    Agreement,
    B2BSession,
    CapturedNeed,
    MeetingRequest,
    Outcome,
    OutcomeReport,
    Participant,
    ParticipantStatus,
    ReminderKind,
    RequestStatus,
    RunState,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
    Slot,
    SurveyWave,
    Table,
    table_name,
)
from crosscluster.brokerage.queries.onsite import count_attendance
from crosscluster.brokerage.queries.runs import RunReport, build_run_report
from crosscluster.core.times import Schedule, get_zone
from crosscluster.directory import queries as directory_queries
from crosscluster.events import queries as event_queries
from crosscluster.partnerships.queries import AnyUser, is_coordinator

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation

#: the second outcome survey opens this long after the event ends
SIX_MONTHS = dt.timedelta(days=182)
#: survey invitations go out at most this long after their wave opens (a first run of the
#: command long after an event sends nothing stale)
SURVEY_SEND_WINDOW = dt.timedelta(days=30)


def get_published_run(*, session: B2BSession) -> ScheduleRun | None:
    return session.runs.filter(status=RunStatus.PUBLISHED).first()


def get_latest_run(*, session: B2BSession) -> ScheduleRun | None:
    """The newest run, whatever its state (queued, running, done, failed)."""
    return session.runs.order_by("-created_at", "-pk").first()


def get_latest_done_run(*, session: B2BSession) -> ScheduleRun | None:
    """The newest finished run: the schedule the organiser reviews, locks and publishes."""
    return session.runs.filter(state=RunState.DONE).order_by("-created_at", "-pk").first()


def list_slots(*, session: B2BSession) -> list[Slot]:
    return list(session.slots.order_by("start_at"))


def list_participants(*, session: B2BSession) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(session=session)
        .select_related("organisation__country", "user")
        .order_by("registered_at", "pk")
    )


def list_public_participants(*, session: B2BSession) -> QuerySet[Participant]:
    """Approved participants who consented to appear in the public list."""
    return list_participants(session=session).filter(
        status=ParticipantStatus.APPROVED, listed_publicly=True
    )


def get_participant_of(*, session: B2BSession, user_id: int | None) -> Participant | None:
    if user_id is None:
        return None
    return Participant.objects.filter(session=session, user_id=user_id).first()


def get_session_id_of_participant(*, participant_id: int) -> int | None:
    """The session a participant registered for (the agenda export's link back to its page)."""
    return (
        Participant.objects.filter(pk=participant_id).values_list("session_id", flat=True).first()
    )


def list_requests_of(*, participant: Participant) -> dict[str, list[MeetingRequest]]:
    """The participant's sent and received requests, newest first."""
    base = MeetingRequest.objects.select_related(
        "requester__organisation", "recipient__organisation", "delegate"
    ).order_by("-created_at", "-pk")
    return {
        "sent": list(base.filter(requester=participant)),
        "received": list(base.filter(recipient=participant)),
    }


def list_tables(*, session: B2BSession) -> list[Table]:
    """The session's named tables with their fixed hosts, by number."""
    return list(
        Table.objects.filter(session=session)
        .select_related("host__organisation")
        .order_by("number")
    )


def list_table_choices(*, session: B2BSession) -> list[tuple[int, str]]:
    """(number, name) of every table of a slot, named or not."""
    names = {table.number: table.name for table in session.named_tables.all()}
    return [(n, names.get(n) or table_name(n)) for n in range(1, session.tables + 1)]


def get_fixed_table(*, participant: Participant) -> Table | None:
    """The table a host stays at for all their meetings, if the organisers fixed one."""
    return Table.objects.filter(host=participant).first()


def video_link(session: B2BSession, number: int) -> str:
    """The video room of a table (``{table}`` in the session's link is the table number)."""
    return session.video_url.replace("{table}", str(number)) if session.video_url else ""


@dataclass(frozen=True)
class AgendaItem:
    meeting: ScheduledMeeting
    slot: Slot
    table: str
    others: tuple[Participant, ...]
    video_url: str

    @property
    def organisations(self) -> list[Organisation]:
        """The meeting's organisations (whose needs can be recorded), each once."""
        unique = {m.organisation_id: m.organisation for m in self.meeting.request.members()}
        return list(unique.values())


def _meetings(run: ScheduleRun) -> QuerySet[ScheduledMeeting]:
    return run.meetings.select_related(
        "slot",
        "request__requester__organisation",
        "request__recipient__organisation",
        "request__delegate__organisation",
    ).order_by("slot__start_at", "table")


def list_agenda(*, participant: Participant, run: ScheduleRun | None) -> list[AgendaItem]:
    """The participant's meetings in a schedule, in time order, with the other parties."""
    if run is None:
        return []
    session = participant.session
    names = {table.number: table.name for table in session.named_tables.all()}
    items = []
    own = _meetings(run).filter(
        Q(request__requester=participant)
        | Q(request__recipient=participant)
        | Q(request__delegate=participant)
    )
    for meeting in own:
        members = meeting.request.members()
        online = any(member.is_online for member in members)
        items.append(
            AgendaItem(
                meeting=meeting,
                slot=meeting.slot,
                table=names.get(meeting.table) or table_name(meeting.table),
                others=tuple(m for m in members if m.pk != participant.pk),
                video_url=video_link(session, meeting.table) if online else "",
            )
        )
    return items


@dataclass(frozen=True)
class TablePlanRow:
    slot: Slot
    tables: tuple[tuple[str, ScheduledMeeting], ...]


def build_table_plan(*, run: ScheduleRun) -> list[TablePlanRow]:
    """Who sits at which table in each slot (for the venue)."""
    names = {table.number: table.name for table in run.session.named_tables.all()}
    rows: dict[int, list[tuple[str, ScheduledMeeting]]] = {}
    slots: dict[int, Slot] = {}
    for meeting in _meetings(run):
        slots[meeting.slot_id] = meeting.slot
        rows.setdefault(meeting.slot_id, []).append(
            (names.get(meeting.table) or table_name(meeting.table), meeting)
        )
    return [TablePlanRow(slot=slots[key], tables=tuple(value)) for key, value in rows.items()]


def count_outcomes(*, session: B2BSession) -> dict[tuple[str, str], int]:
    """(wave, outcome) -> number of answers."""
    rows = (
        OutcomeReport.objects.filter(participant__session=session)
        .values("wave", "outcome")
        .annotate(total=Count("pk"))
    )
    return {(row["wave"], row["outcome"]): row["total"] for row in rows}


def word_outcomes(counts: dict[tuple[str, str], int]) -> list[tuple[str, str, int]]:
    """Survey answers by wave and outcome, named in the reader's language, in the choices'
    order (the wave's time, then the outcome from no contact to an agreement)."""
    waves, outcomes = list(SurveyWave.values), list(Outcome.values)
    return [
        (str(SurveyWave(wave).label), str(Outcome(outcome).label), total)
        for (wave, outcome), total in sorted(
            counts.items(), key=lambda item: (waves.index(item[0][0]), outcomes.index(item[0][1]))
        )
    ]


def list_agreements(*, session: B2BSession) -> list[Agreement]:
    return list(
        Agreement.objects.filter(session=session)
        .prefetch_related("partners")
        .order_by("-signed_date", "-pk")
    )


def session_form_initial(*, session: B2BSession) -> dict[str, object]:
    """A session's settings as the set-up form shows them (periods in venue time)."""
    zone = get_zone(session.event.timezone) or dt.UTC
    periods = []
    for period in session.periods.order_by("start_at"):
        start, end = period.start_at.astimezone(zone), period.end_at.astimezone(zone)
        periods.append({"date": start.date(), "start": start.time(), "end": end.time()})
    return {
        "periods": periods,
        "slot_minutes": session.slot_minutes,
        "gap_minutes": session.gap_minutes,
        "tables": session.tables,
        # the organisers' names only (a fixed host's unnamed table has none)
        "table_names": "\n".join(t.name for t in session.named_tables.order_by("number") if t.name),
        "capacity": session.capacity,
        "max_meetings": session.max_meetings,
        "max_consecutive": session.max_consecutive,
        "questions": "\n".join(session.questions),
        "video_url": session.video_url,
        "request_days": session.request_days,
        "reminder_days": session.reminder_days,
        "compact_agendas": session.compact_agendas,
        "max_break_difference": session.max_break_difference,
        "half_day_agendas": session.half_day_agendas,
    }


def list_captured_needs(
    *, session: B2BSession, request: MeetingRequest | None = None
) -> list[CapturedNeed]:
    """Needs heard at the session (or at one meeting), newest first, with their drafts."""
    rows = CapturedNeed.objects.filter(session=session)
    if request is not None:
        rows = rows.filter(request=request)
    return list(
        rows.select_related(
            "opportunity__owner", "request__requester", "request__recipient"
        ).order_by("-recorded_at", "-pk")
    )


def list_needs_of(*, participant: Participant) -> list[CapturedNeed]:
    """Needs heard at the participant's meetings, newest first."""
    return list(
        CapturedNeed.objects.filter(
            Q(request__requester=participant)
            | Q(request__recipient=participant)
            | Q(request__delegate=participant)
        )
        .select_related("opportunity__owner")
        .order_by("-recorded_at", "-pk")
    )


def list_schedulable_requests(*, session: B2BSession) -> QuerySet[MeetingRequest]:
    """Accepted requests between two approved participants: what a scheduler run places."""
    return MeetingRequest.objects.filter(
        session=session,
        status=RequestStatus.ACCEPTED,
        requester__status=ParticipantStatus.APPROVED,
        recipient__status=ParticipantStatus.APPROVED,
    )


# Reminders and survey invitations that are due ----------------------------------------------


def _reachable(rows: QuerySet[Participant]) -> QuerySet[Participant]:
    return (
        rows.filter(status=ParticipantStatus.APPROVED, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "organisation", "session__event")
        .order_by("pk")
    )


def list_due_reminders(*, now: dt.datetime) -> list[Participant]:
    """Who gets the reminder at ``now``: approved participants with an e-mail address, from
    ``reminder_days`` before their event until it starts, who have not had it yet."""
    due: list[Participant] = []
    soon = B2BSession.objects.filter(reminder_days__gt=0, event__start_at__gt=now).select_related(
        "event"
    )
    for session in soon:
        if now < session.event.start_at - dt.timedelta(days=session.reminder_days):
            continue
        due.extend(
            _reachable(session.participants.all()).exclude(
                reminders_sent__kind=ReminderKind.BEFORE_EVENT
            )
        )
    return due


@dataclass(frozen=True)
class DueSurvey:
    participant: Participant
    kind: str  # ReminderKind
    wave: str  # SurveyWave
    meetings: int  # the participant's meetings in the published schedule


def list_due_surveys(*, now: dt.datetime) -> list[DueSurvey]:
    """Who is invited to an outcome survey at ``now``: approved participants with meetings in
    the published schedule, when the event has ended (and again six months later), within
    ``SURVEY_SEND_WINDOW`` of the wave opening, who have not had that invitation yet."""
    due: list[DueSurvey] = []
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
            rows = _reachable(session.participants.filter(pk__in=list(meetings))).exclude(
                reminders_sent__kind=kind
            )
            due.extend(
                DueSurvey(participant=row, kind=kind, wave=wave, meetings=meetings[row.pk])
                for row in rows
            )
    return due


# What the pages show ------------------------------------------------------------------------


def list_approved_participants(*, session: B2BSession) -> QuerySet[Participant]:
    return Participant.objects.filter(session=session, status=ParticipantStatus.APPROVED)


def list_slot_choices(*, session: B2BSession) -> QuerySet[Slot]:
    """The session's slots in time order (the availability form's choices)."""
    return session.slots.order_by("start_at")


def list_registrable_organisations(*, user: AnyUser) -> QuerySet[Organisation]:
    """The organisations the user may register for: those they belong to."""
    return directory_queries.list_organisation_choices(ids=list_organisation_ids(user=user))


@dataclass(frozen=True)
class MeetingChoices:
    """Whom an approved participant may ask for a meeting, and which colleagues may come."""

    others: QuerySet[Participant]
    colleagues: QuerySet[Participant]
    available_slot_ids: list[int]  # the slots the participant has not blocked


@dataclass(frozen=True)
class SessionPage:
    """What the session page shows a viewer (registration or their requests, by standing)."""

    schedule: Schedule
    me: Participant | None
    is_organiser: bool
    public_participants: list[Participant]
    slots: list[Slot]
    # the organisations a signed-in visitor who has not registered may register for
    registrable_organisations: QuerySet[Organisation] | None
    requests: dict[str, list[MeetingRequest]] | None  # an approved participant's requests
    meeting_choices: MeetingChoices | None  # ... and whom they may ask


def get_session_page(*, session: B2BSession, user: AnyUser) -> SessionPage:
    me = get_participant_of(session=session, user_id=user.pk)
    slots = list_slots(session=session)
    registrable = None
    if me is None and user.is_authenticated:
        registrable = list_registrable_organisations(user=user)
    requests = None
    choices = None
    if me is not None and me.status == ParticipantStatus.APPROVED:
        approved = list_approved_participants(session=session)
        requests = list_requests_of(participant=me)
        blocked = set(me.unavailable_slots.values_list("pk", flat=True))
        choices = MeetingChoices(
            others=approved.exclude(organisation_id=me.organisation_id).select_related(
                "organisation"
            ),
            colleagues=approved.filter(organisation_id=me.organisation_id).exclude(pk=me.pk),
            available_slot_ids=[slot.pk for slot in slots if slot.pk not in blocked],
        )
    return SessionPage(
        schedule=event_queries.get_schedule(event=session.event),
        me=me,
        is_organiser=is_coordinator(user=user, partnership=session.event.partnership),
        public_participants=list(list_public_participants(session=session)),
        slots=slots,
        registrable_organisations=registrable,
        requests=requests,
        meeting_choices=choices,
    )


@dataclass(frozen=True)
class OrganiserPage:
    """Everything the organiser page shows: registrations, the latest run and its report, the
    table plan, fixed tables, needs heard, the agreement register and survey answers."""

    participants: QuerySet[Participant]
    current: ScheduleRun | None  # the newest run, whatever its state
    report: RunReport | None  # of the newest finished run
    plan: list[TablePlanRow]
    tables: list[Table]
    table_numbers: list[tuple[int, str]]
    needs: list[CapturedNeed]
    hosts: QuerySet[Participant]
    published: ScheduleRun | None
    agreements: list[Agreement]
    outcomes: list[tuple[str, str, int]]  # survey wave, outcome (their names), answers
    attendance: dict[str, int]  # meetings held, no_show, cancelled, unknown

    def as_context(self) -> dict[str, object]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


def get_organiser_page(*, session: B2BSession) -> OrganiserPage:
    latest = get_latest_done_run(session=session)
    return OrganiserPage(
        participants=list_participants(session=session),
        current=get_latest_run(session=session),
        report=build_run_report(run=latest) if latest else None,
        plan=build_table_plan(run=latest) if latest else [],
        tables=list_tables(session=session),
        table_numbers=list_table_choices(session=session),
        needs=list_captured_needs(session=session),
        hosts=list_participants(session=session).filter(status=ParticipantStatus.APPROVED),
        published=get_published_run(session=session),
        agreements=list_agreements(session=session),
        outcomes=word_outcomes(count_outcomes(session=session)),
        attendance=count_attendance(session=session),
    )


def get_session_of_event(*, event_id: int) -> B2BSession:
    """The B2B session of an event; ``B2BSession.DoesNotExist`` when it has none."""
    return B2BSession.objects.get(event_id=event_id)


def get_set_up_initial(*, event_id: int) -> dict[str, object] | None:
    """The set-up form's values for an event's session; None before it has one."""
    session = B2BSession.objects.filter(event_id=event_id).first()
    return session_form_initial(session=session) if session is not None else None


def list_run_meetings(*, run: ScheduleRun) -> QuerySet[ScheduledMeeting]:
    """The run's meetings in time order (a query: the API takes one page of it)."""
    return run.meetings.order_by("slot__start_at", "table", "pk")


def list_agreement_partner_ids(*, agreement: Agreement) -> list[int]:
    return sorted(agreement.partners.values_list("pk", flat=True))
