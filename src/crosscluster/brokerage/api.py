"""B2B brokerage API: sessions, registrations, requests, scheduler runs, agendas, follow-up.

Reads of a session follow its event's visibility; every write needs a bearer token. Organiser
actions (set up, approve, run, lock, publish) need a coordinator of the partnership; a
participant's own things are 404 to everyone else.

No ``from __future__ import annotations``: ninja resolves annotations at import time.
"""

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.brokerage import permissions, queries, services
from crosscluster.brokerage.models import (
    AgreementKind,
    B2BSession,
    CapturedNeed,
    MeetingRequest,
    Outcome,
    Participant,
    ScheduledMeeting,
    ScheduleRun,
    SurveyWave,
    Table,
)
from crosscluster.core.api import ErrorOut
from crosscluster.partnerships.queries import AnyUser

router = Router(tags=["brokerage"])

WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
TIMES_HELP = "Local time at the venue without an offset, or an instant with an offset."


class SlotOut(Schema):
    id: int
    start_at: dt.datetime = Field(description="UTC.")
    end_at: dt.datetime = Field(description="UTC.")
    tables: int


class SessionOut(Schema):
    id: int
    event_id: int
    status: str
    registration_open: bool
    slot_minutes: int
    gap_minutes: int
    tables: int
    capacity: int | None
    max_meetings: int | None
    max_consecutive: int | None
    questions: list[str]
    video_url: str
    request_days: int
    reminder_days: int
    slots: list[SlotOut]

    @staticmethod
    def resolve_slots(session: B2BSession) -> list[SlotOut]:
        return [
            SlotOut(id=s.pk, start_at=s.start_at, end_at=s.end_at, tables=s.tables)
            for s in queries.list_slots(session=session)
        ]


class PeriodIn(Schema):
    start_at: dt.datetime = Field(description=TIMES_HELP)
    end_at: dt.datetime = Field(description=TIMES_HELP)


class SessionIn(Schema):
    event_id: int
    periods: list[PeriodIn] = Field(description="Stretches filled with slots; gaps are breaks.")
    slot_minutes: int = 20
    gap_minutes: int = 5
    tables: int = 10
    table_names: list[str] = Field(default=[], description="One name per table, or none.")
    capacity: int | None = None
    max_meetings: int | None = None
    max_consecutive: int | None = None
    questions: list[str] = []
    video_url: str = Field("", description="https link; {table} becomes the table number.")
    request_days: int = 7
    reminder_days: int = Field(2, description="Days before the event for the reminder (0 = none).")


class ParticipantOut(Schema):
    id: int
    display_name: str
    organisation_id: int
    organisation: str
    status: str
    profile: str

    @staticmethod
    def resolve_organisation(participant: Participant) -> str:
        return participant.organisation.name


class RegistrationIn(Schema):
    organisation_id: int
    display_name: str
    profile: str = ""
    answers: dict[str, str] = {}
    listed_publicly: bool = False
    is_online: bool = False


class DecisionIn(Schema):
    approve: bool


class AvailabilityIn(Schema):
    available_slot_ids: list[int]
    max_meetings: int | None = None
    max_consecutive: int | None = None


class RequestIn(Schema):
    recipient_id: int
    message: str = ""
    priority: int = Field(2, description="3 high, 2 medium, 1 low (the scheduler's weight).")
    delegate_id: int | None = Field(None, description="A colleague who joins (3-person meeting).")


class RequestOut(Schema):
    id: int
    requester_id: int
    recipient_id: int
    delegate_id: int | None
    message: str
    priority: int
    status: str
    expires_at: dt.datetime


class AnswerIn(Schema):
    accept: bool


class RunIn(Schema):
    time_limit: float | None = Field(
        None, description="Seconds (0-60) the background solve may take; default by size."
    )
    seed: int = 0


class UnscheduledOut(Schema):
    request: int
    reason: str


class MeetingOut(Schema):
    id: int
    request_id: int
    slot_id: int
    table: int
    is_locked: bool


class RunOut(Schema):
    id: int
    session_id: int
    state: str = Field(description="queued, running, done or failed (then see error).")
    error: str = Field(description="Why the run failed; empty otherwise.")
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    status: str = Field(description="Of a done run: provisional, published or superseded.")
    is_repair: bool
    objective: float = Field(description="Total weight of the scheduled meetings.")
    upper_bound: float = Field(description="Proven: no schedule weighs more.")
    ratio: float
    summary: str
    bound_method: str
    moved: int
    dropped: int
    meetings: list[MeetingOut]
    unscheduled: list[UnscheduledOut]
    without_meeting: list[int] = Field(description="Approved participants with no meeting.")

    @staticmethod
    def resolve_meetings(run: ScheduleRun) -> list[ScheduledMeeting]:
        return list(run.meetings.order_by("slot__start_at", "table"))

    @staticmethod
    def resolve_summary(run: ScheduleRun) -> str:
        return queries.build_run_report(run=run).summary


class LockIn(Schema):
    locked: bool


class AgendaItemOut(Schema):
    request_id: int
    start_at: dt.datetime
    end_at: dt.datetime
    table: str
    others: list[str] = Field(description="The other parties, with their organisation.")
    video_url: str


class OutcomeIn(Schema):
    request_id: int
    wave: str = Field(description=f"One of: {', '.join(SurveyWave.values)}.")
    outcome: str = Field(description=f"One of: {', '.join(Outcome.values)}.")
    comment: str = ""


class OutcomeOut(Schema):
    id: int
    request_id: int
    wave: str
    outcome: str


class AgreementIn(Schema):
    kind: str = Field(description=f"One of: {', '.join(AgreementKind.values)}.")
    title: str
    partner_ids: list[int]
    signed_date: dt.date
    request_id: int | None = None


class AgreementOut(Schema):
    id: int
    kind: str
    title: str
    signed_date: dt.date
    partner_ids: list[int]

    @staticmethod
    def resolve_partner_ids(agreement: object) -> list[int]:
        return sorted(agreement.partners.values_list("pk", flat=True))  # type: ignore[attr-defined]


# Sessions ----------------------------------------------------------------------------------


@router.get(
    "/sessions/{session_id}", response={200: SessionOut, 404: ErrorOut}, summary="A session"
)
def get_session(request: HttpRequest, session_id: int) -> B2BSession:
    return permissions.access_session(user=request.user, session_id=session_id)


@router.post(
    "/sessions",
    response={201: SessionOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Set up (or, before the first run, replace) an event's B2B session (organisers)",
)
def put_session(request: HttpRequest, payload: SessionIn) -> Status[B2BSession]:
    user = token_user(request)
    event = permissions.access_event_for_set_up(user=user, event_id=payload.event_id)
    data = services.SessionData(
        periods=[(p.start_at, p.end_at) for p in payload.periods],
        **payload.model_dump(exclude={"event_id", "periods"}),
    )
    return Status(201, services.configure_session(user=user, event=event, data=data))


class RegistrationOpenIn(Schema):
    registration_open: bool


@router.post(
    "/sessions/{session_id}/registration",
    response={200: SessionOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Open or close registration (organisers)",
)
def set_registration_open(
    request: HttpRequest, session_id: int, payload: RegistrationOpenIn
) -> B2BSession:
    user = token_user(request)
    session = permissions.access_session_for_organiser(user=user, session_id=session_id)
    return services.set_registration_open(
        user=user, session=session, is_open=payload.registration_open
    )


@router.get(
    "/sessions/{session_id}/participants",
    response={200: list[ParticipantOut], 404: ErrorOut},
    summary="Participants (public list; organisers see every registration)",
)
def list_participants(request: HttpRequest, session_id: int) -> list[Participant]:
    session = permissions.access_session(user=request.user, session_id=session_id)
    if permissions.is_organiser(user=request.user, session=session):
        return list(queries.list_participants(session=session))
    return queries.list_public_participants(session=session)


@router.post(
    "/sessions/{session_id}/participants",
    response={201: ParticipantOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Register for the session",
)
def register(request: HttpRequest, session_id: int, payload: RegistrationIn) -> Status[Participant]:
    user = token_user(request)
    session = permissions.access_session(user=user, session_id=session_id)
    participant = services.register(
        user=user,
        session=session,
        data=services.RegistrationData(**payload.model_dump()),
        now=timezone.now(),
    )
    return Status(201, participant)


@router.post(
    "/participants/{participant_id}/decision",
    response={200: ParticipantOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Approve (or waiting list when full) or turn down a registration (organisers)",
)
def decide(request: HttpRequest, participant_id: int, payload: DecisionIn) -> Participant:
    user = token_user(request)
    participant = permissions.access_participant_for_organiser(
        user=user, participant_id=participant_id
    )
    return services.decide_registration(
        user=user, participant=participant, approve=payload.approve, now=timezone.now()
    )


def _own(user: AnyUser, participant_id: int) -> Participant:
    participant = permissions.access_own_participant(user=user, participant_id=participant_id)
    if participant.user_id != user.pk:
        raise Http404("No such participant.")  # organisers read agendas, they do not act for others
    return participant


@router.post(
    "/participants/{participant_id}/withdraw",
    response={200: ParticipantOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Withdraw your registration",
)
def withdraw(request: HttpRequest, participant_id: int) -> Participant:
    user = token_user(request)
    return services.withdraw(user=user, participant=_own(user, participant_id), now=timezone.now())


@router.put(
    "/participants/{participant_id}/availability",
    response={200: ParticipantOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="The slots you can attend and your caps",
)
def set_availability(
    request: HttpRequest, participant_id: int, payload: AvailabilityIn
) -> Participant:
    user = token_user(request)
    return services.set_availability(
        user=user, participant=_own(user, participant_id), **payload.model_dump()
    )


@router.post(
    "/participants/{participant_id}/requests",
    response={201: RequestOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Ask another participant for a meeting",
)
def send_request(
    request: HttpRequest, participant_id: int, payload: RequestIn
) -> Status[MeetingRequest]:
    user = token_user(request)
    created = services.send_request(
        user=user, requester=_own(user, participant_id), now=timezone.now(), **payload.model_dump()
    )
    return Status(201, created)


@router.post(
    "/requests/{request_id}/answer",
    response={200: RequestOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Accept or decline a request you received",
)
def answer_request(request: HttpRequest, request_id: int, payload: AnswerIn) -> MeetingRequest:
    user = token_user(request)
    meeting_request = permissions.access_request(user=user, request_id=request_id)
    return services.answer_request(
        user=user, request=meeting_request, accept=payload.accept, now=timezone.now()
    )


@router.post(
    "/requests/{request_id}/cancel",
    response={200: RequestOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Call a meeting off",
)
def cancel_request(request: HttpRequest, request_id: int) -> MeetingRequest:
    user = token_user(request)
    meeting_request = permissions.access_request(user=user, request_id=request_id)
    return services.cancel_request(user=user, request=meeting_request, now=timezone.now())


@router.get(
    "/participants/{participant_id}/agenda",
    response={200: list[AgendaItemOut], 401: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="A participant's published agenda (the participant and organisers)",
)
def get_agenda(request: HttpRequest, participant_id: int) -> list[AgendaItemOut]:
    participant = permissions.access_own_participant(
        user=token_user(request), participant_id=participant_id
    )
    items = queries.list_agenda(
        participant=participant, run=queries.get_published_run(session=participant.session)
    )
    return [
        AgendaItemOut.model_validate(
            {
                "request_id": item.meeting.request_id,
                "start_at": item.slot.start_at,
                "end_at": item.slot.end_at,
                "table": item.table,
                "others": [f"{o.display_name} ({o.organisation.name})" for o in item.others],
                "video_url": item.video_url,
            }
        )
        for item in items
    ]


# Scheduling --------------------------------------------------------------------------------


@router.post(
    "/sessions/{session_id}/runs",
    response={202: RunOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Queue a scheduler run, or a repair of the published schedule (organisers)",
    description=(
        "The run is solved in the background (django-tasks, queue 'scheduling'): the answer is "
        "202 with the queued run; poll GET /runs/{id} until its state is done or failed. One "
        "run at a time per session (400 while one is queued or running)."
    ),
)
def run_scheduler(request: HttpRequest, session_id: int, payload: RunIn) -> Status[ScheduleRun]:
    user = token_user(request)
    session = permissions.access_session_for_organiser(user=user, session_id=session_id)
    run = services.run_scheduler(
        user=user,
        session=session,
        now=timezone.now(),
        time_limit=payload.time_limit,
        seed=payload.seed,
    )
    return Status(202, run)


@router.get(
    "/runs/{run_id}",
    response={200: RunOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="A scheduler run: its state, then meetings, quality, reasons (organisers)",
)
def get_run(request: HttpRequest, run_id: int) -> ScheduleRun:
    return permissions.access_run_for_organiser(user=token_user(request), run_id=run_id)


@router.post(
    "/meetings/{meeting_id}/lock",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Lock (or unlock) a provisional meeting in its slot (organisers)",
)
def lock_meeting(request: HttpRequest, meeting_id: int, payload: LockIn) -> ScheduledMeeting:
    user = token_user(request)
    meeting = permissions.access_meeting_for_organiser(user=user, meeting_id=meeting_id)
    return services.lock_meeting(user=user, meeting=meeting, locked=payload.locked)


@router.post(
    "/runs/{run_id}/publish",
    response={200: RunOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Publish a provisional schedule (organisers)",
)
def publish_run(request: HttpRequest, run_id: int) -> ScheduleRun:
    user = token_user(request)
    run = permissions.access_run_for_organiser(user=user, run_id=run_id)
    return services.publish_run(user=user, run=run, now=timezone.now())


class FixedTableIn(Schema):
    participant_id: int
    number: int = Field(description="The table (1 to the session's tables per slot).")


class TableOut(Schema):
    number: int
    name: str
    host_id: int | None = Field(description="The participant who stays at this table.")


@router.get(
    "/sessions/{session_id}/tables",
    response={200: list[TableOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Named tables and fixed hosts (organisers)",
)
def list_tables(request: HttpRequest, session_id: int) -> list[Table]:
    session = permissions.access_session_for_organiser(
        user=token_user(request), session_id=session_id
    )
    return queries.list_tables(session=session)


@router.post(
    "/sessions/{session_id}/fixed-tables",
    response={200: TableOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Fix the table a host stays at for all their meetings (organisers; next run on)",
)
def assign_fixed_table(request: HttpRequest, session_id: int, payload: FixedTableIn) -> Table:
    user = token_user(request)
    session = permissions.access_session_for_organiser(user=user, session_id=session_id)
    participant = permissions.access_participant_for_organiser(
        user=user, participant_id=payload.participant_id
    )
    return services.assign_fixed_table(
        user=user, session=session, participant=participant, number=payload.number
    )


@router.delete(
    "/sessions/{session_id}/fixed-tables/{participant_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Release a host's fixed table (organisers; next run on)",
)
def release_fixed_table(request: HttpRequest, session_id: int, participant_id: int) -> Status[None]:
    user = token_user(request)
    session = permissions.access_session_for_organiser(user=user, session_id=session_id)
    participant = permissions.access_participant_for_organiser(
        user=user, participant_id=participant_id
    )
    services.release_fixed_table(user=user, session=session, participant=participant)
    return Status(204, None)


# Needs heard on site -----------------------------------------------------------------------


class NeedIn(Schema):
    organisation_id: int = Field(description="A meeting party's organisation: the need's owner.")
    title: str
    description: str = Field(description="At least 20 characters, any language.")
    request_id: int | None = Field(
        None, description="The meeting where it was heard (required for participants)."
    )


class NeedOut(Schema):
    id: int
    session_id: int
    request_id: int | None
    opportunity_id: int = Field(description="The marketplace draft (industrial need).")
    organisation_id: int
    title: str
    status: str = Field(description="The marketplace draft's status.")
    recorded_at: dt.datetime

    @staticmethod
    def resolve_organisation_id(need: CapturedNeed) -> int:
        return need.opportunity.owner_id

    @staticmethod
    def resolve_title(need: CapturedNeed) -> str:
        return need.opportunity.title

    @staticmethod
    def resolve_status(need: CapturedNeed) -> str:
        return need.opportunity.status


@router.post(
    "/sessions/{session_id}/needs",
    response={201: NeedOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Record a need heard at a meeting as a draft marketplace need (parties, organisers)",
)
def capture_need(request: HttpRequest, session_id: int, payload: NeedIn) -> Status[CapturedNeed]:
    user = token_user(request)
    session = permissions.access_session(user=user, session_id=session_id)
    if payload.request_id is not None:
        permissions.access_request(user=user, request_id=payload.request_id)
    need = services.capture_need(
        user=user, session=session, now=timezone.now(), **payload.model_dump()
    )
    return Status(201, need)


@router.get(
    "/sessions/{session_id}/needs",
    response={200: list[NeedOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Needs heard at the session (organisers)",
)
def list_needs(request: HttpRequest, session_id: int) -> list[CapturedNeed]:
    session = permissions.access_session_for_organiser(
        user=token_user(request), session_id=session_id
    )
    return queries.list_captured_needs(session=session)


# Follow-up ---------------------------------------------------------------------------------


@router.post(
    "/participants/{participant_id}/outcomes",
    response={200: OutcomeOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Answer the outcome survey for one of your meetings",
)
def record_outcome(request: HttpRequest, participant_id: int, payload: OutcomeIn) -> object:
    user = token_user(request)
    participant = _own(user, participant_id)
    meeting_request = permissions.access_request(user=user, request_id=payload.request_id)
    return services.record_outcome(
        user=user,
        participant=participant,
        request=meeting_request,
        wave=payload.wave,
        outcome=payload.outcome,
        comment=payload.comment,
        now=timezone.now(),
    )


@router.post(
    "/sessions/{session_id}/agreements",
    response={201: AgreementOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add to the agreement register (participants and organisers)",
)
def record_agreement(request: HttpRequest, session_id: int, payload: AgreementIn) -> Status[object]:
    user = token_user(request)
    session = permissions.access_session(user=user, session_id=session_id)
    agreement = services.record_agreement(
        user=user, session=session, now=timezone.now(), **payload.model_dump()
    )
    return Status(201, agreement)


__all__ = ["router"]
