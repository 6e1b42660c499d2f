"""B2B brokerage API: sessions, registrations, requests, scheduler runs, agendas, follow-up.

Reads of a session follow its event's visibility; every write needs a bearer token. Organiser
actions (set up, approve, run, lock, publish) need a coordinator of the partnership; a
participant's own things are 404 to everyone else.

No ``from __future__ import annotations``: ninja resolves annotations at import time.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.brokerage import permissions, queries, services
from crosscluster.brokerage.api.onsite import own_participant
from crosscluster.brokerage.api.schemas import (
    AgendaItemOut,
    AgendaOptionsIn,
    AgreementIn,
    AgreementOut,
    AnswerIn,
    AvailabilityIn,
    FixedTableIn,
    LockIn,
    MeetingOut,
    NeedIn,
    NeedOut,
    OutcomeIn,
    OutcomeOut,
    ParticipantOut,
    RegistrationDecisionIn,
    RegistrationIn,
    RegistrationOpenIn,
    RequestIn,
    RequestOut,
    RunIn,
    RunOut,
    SessionIn,
    SessionOut,
    TableOut,
    UnscheduledOut,
)
from crosscluster.brokerage.models import (
    B2BSession,
    CapturedNeed,
    MeetingRequest,
    Participant,
    ScheduledMeeting,
    ScheduleRun,
    Table,
)
from crosscluster.core.api import ErrorOut, Pagination

router = Router(tags=["brokerage"])

WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# Sessions ----------------------------------------------------------------------------------


@router.get(
    "/sessions/{session_id}", response={200: SessionOut, 404: ErrorOut}, summary="A session"
)
def get_session(request: HttpRequest, session_id: int) -> B2BSession:
    return permissions.access_session(user=api_viewer(request), session_id=session_id)


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


@router.post(
    "/sessions/{session_id}/agenda-options",
    response={200: SessionOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Compact agendas on or off, fairness and half-days, from the next run (organisers)",
)
def set_agenda_options(
    request: HttpRequest, session_id: int, payload: AgendaOptionsIn
) -> B2BSession:
    user = token_user(request)
    session = permissions.access_session_for_organiser(user=user, session_id=session_id)
    return services.set_agenda_options(user=user, session=session, **payload.model_dump())


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
    response=list[ParticipantOut],
    summary="Participants, a page at a time (public list; organisers see every registration)",
)
@paginate(Pagination)
def list_participants(request: HttpRequest, session_id: int) -> QuerySet[Participant]:
    viewer = api_viewer(request)
    session = permissions.access_session(user=viewer, session_id=session_id)
    if permissions.is_organiser(user=viewer, session=session):
        return queries.list_participants(session=session)
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
def decide(
    request: HttpRequest, participant_id: int, payload: RegistrationDecisionIn
) -> Participant:
    user = token_user(request)
    participant = permissions.access_participant_for_organiser(
        user=user, participant_id=participant_id
    )
    return services.decide_registration(
        user=user, participant=participant, approve=payload.approve, now=timezone.now()
    )


_own = own_participant  # organisers read agendas, they do not act for others


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


@router.get(
    "/runs/{run_id}/meetings",
    response=list[MeetingOut],
    auth=token_auth,
    summary="A scheduler run's meetings, a page at a time (organisers)",
)
@paginate(Pagination)
def list_run_meetings(request: HttpRequest, run_id: int) -> QuerySet[ScheduledMeeting]:
    run = permissions.access_run_for_organiser(user=token_user(request), run_id=run_id)
    return queries.list_run_meetings(run=run)


@router.get(
    "/runs/{run_id}/unscheduled",
    response=list[UnscheduledOut],
    auth=token_auth,
    summary="A scheduler run's accepted requests left out and why, a page at a time (organisers)",
)
@paginate(Pagination)
def list_run_unscheduled(request: HttpRequest, run_id: int) -> list[dict[str, object]]:
    run = permissions.access_run_for_organiser(user=token_user(request), run_id=run_id)
    return queries.list_run_unscheduled(run=run)


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
