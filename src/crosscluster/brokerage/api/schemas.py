"""The brokerage API's request and response shapes (the routes are in ``brokerage.api``).

No ``from __future__ import annotations``: ninja resolves annotations at import time.
"""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from crosscluster.brokerage import queries
from crosscluster.brokerage.models import (
    Agreement,
    AgreementKind,
    Attendance,
    B2BSession,
    BookingStatus,
    CapturedNeed,
    Outcome,
    Participant,
    ScheduleRun,
    SurveyWave,
)
from crosscluster.core import stored_text

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
    compact_agendas: bool = Field(description="Fewest idle gaps after the most meetings.")
    max_break_difference: int | None = Field(description="Fairness: most difference in breaks.")
    half_day_agendas: bool = Field(description="Each participant's meetings in one half-day.")
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
    periods: list[PeriodIn] = Field(
        description="Stretches filled with slots; gaps are breaks. Each ends after it starts, "
        "on the same day at the venue (after midnight is a second period)."
    )
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
    compact_agendas: bool = Field(
        True, description="Fewest idle gaps in participants' days, never one meeting less."
    )
    max_break_difference: int | None = Field(
        None, description="Fairness: breaks of two participants differ by at most this (0-50)."
    )
    half_day_agendas: bool = Field(
        False, description="Keep each participant's meetings within one half-day when they can."
    )


class AgendaOptionsIn(Schema):
    compact_agendas: bool = True
    max_break_difference: int | None = Field(None, description="0-50; null: no fairness limit.")
    half_day_agendas: bool = False


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


class RegistrationDecisionIn(Schema):
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


class RunReasonPartsOut(Schema):
    code: str = Field(
        description=(
            "Why the request is left out, as a code (the scheduling engine's; empty for a "
            "reason of a run from before the codes that could not be read back): "
            "never_meets, never_in_a_row (a participant accepts no meetings: at most 0, at most "
            "0 in a row), never_available (a participant has no available slot), "
            "no_common_slot (the participants share no available slot), limit_reached (a "
            "participant has the most meetings they accept), busy_everywhere (a participant has "
            "a meeting in every common slot), slots_taken (every common slot, or the locked "
            "one, is taken or full: see its values), time_limit (not placed in the time limit, "
            "a slot is still free), and for a locked meeting: locked_unavailable, locked_busy, "
            "locked_no_table, locked_limit, locked_in_a_row, locked_conflict."
        )
    )
    values: dict[str, Any] = Field(
        description=(
            "The code's values: participant (a participant's id), participants (ids), slot (a "
            "slot's id), other (the locked request in the way), limit, count, tables; for "
            "slots_taken: locked and heavier (flags), total (common slots), busy ([participant "
            "id, slots]), full (slots without a free table), in_a_row ([participant id, limit, "
            "slots])."
        )
    )
    dropped: bool = Field(
        description="A meeting of the published schedule that fits nowhere now (a repair)."
    )


class UnscheduledOut(Schema):
    request: int
    reason: str = Field(description="Why it is left out, in the request's language.")
    reason_parts: RunReasonPartsOut = Field(description="The same as a code and its values.")


class MeetingOut(Schema):
    id: int
    request_id: int
    slot_id: int
    table: int
    is_locked: bool


class WorstOffOut(Schema):
    participant: int
    name: str
    breaks: int


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
    bound_method: str = Field(
        description="How the upper bound was proven, in the request's language (from bound_code)."
    )
    bound_code: str = Field(
        description=(
            "How the upper bound was proven, as a code: counting (each participant's possible "
            "meetings counted), person (a linear programme per person), person-kept (the same, "
            "the published meetings kept: a repair), time (a linear programme over the slots; "
            "HiGHS' method in bound_solver), cp-sat (the optimum, proven by CP-SAT on the whole "
            "session), given (a bound given with the session); empty until the run is done (and "
            "for an old run whose method could not be read back: bound_method as stored)."
        )
    )
    bound_solver: str = Field(
        description="With bound_code time: the linear programme's HiGHS method; else empty."
    )
    moved: int
    dropped: int
    meetings_count: int = Field(
        description="Meetings scheduled; list them with /runs/{id}/meetings."
    )
    unscheduled_count: int = Field(
        description="Accepted requests left out; list them with /runs/{id}/unscheduled."
    )
    without_meeting: list[int] = Field(description="Approved participants with no meeting.")
    compact_agendas: bool = Field(description="Whether this run compacted the agendas.")
    breaks: int = Field(description="Idle periods between participants' first and last meeting.")
    breaks_lower_bound: int = Field(description="Proven: no schedule of these meetings has fewer.")
    breaks_before: int = Field(description="Breaks of the same meetings before compacting.")
    breaks_distribution: dict[str, int] = Field(
        description='Participants with 0, 1 and 2+ breaks: {"0": n, "1": n, "2+": n}.'
    )
    worst_off: list[WorstOffOut] = Field(description="Participants with the most breaks.")

    @staticmethod
    def resolve_meetings_count(run: ScheduleRun) -> int:
        return run.meetings.count()

    @staticmethod
    def resolve_unscheduled_count(run: ScheduleRun) -> int:
        return len(run.unscheduled)

    @staticmethod
    def resolve_error(run: ScheduleRun) -> str:
        return stored_text.word(run.error)

    @staticmethod
    def resolve_summary(run: ScheduleRun) -> str:
        return queries.build_run_report(run=run).summary

    @staticmethod
    def resolve_bound_method(run: ScheduleRun) -> str:
        return queries.word_bound_method(
            code=run.bound_code, solver=run.bound_solver, method=run.bound_method
        )


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
    def resolve_partner_ids(agreement: Agreement) -> list[int]:
        return queries.list_agreement_partner_ids(agreement=agreement)


class RegistrationOpenIn(Schema):
    registration_open: bool


class FixedTableIn(Schema):
    participant_id: int
    number: int = Field(description="The table (1 to the session's tables per slot).")


class TableOut(Schema):
    number: int
    name: str
    host_id: int | None = Field(description="The participant who stays at this table.")


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


# On the day ------------------------------------------------------------------------------------


class CheckInOut(Schema):
    id: int
    display_name: str
    organisation_id: int
    organisation: str
    arrived_at: dt.datetime | None = Field(description="UTC; empty: not checked in.")

    @staticmethod
    def resolve_organisation(participant: Participant) -> str:
        return participant.organisation.name


class ParticipantPickOut(Schema):
    """One match of the running day's participant picker."""

    value: str = Field(description="The participant's id, as the booking form posts it")
    label: str = Field(description='"Name (Organisation)"')


class BadgeIn(Schema):
    token: str = Field(
        max_length=200, description="The code a badge's QR code holds, as a scanner reads it"
    )


class ArrivalIn(Schema):
    arrived: bool = Field(description="true: checked in now; false: undo the check-in.")


ATTENDANCE_HELP = (
    f"One of: {', '.join(Attendance.values)} (held; the other side did not come; cancelled)."
)


class DayPartyOut(Schema):
    participant_id: int
    display_name: str
    organisation: str
    arrived: bool = Field(description="Checked in by the slot's start.")


class DayMeetingOut(Schema):
    meeting_id: int
    request_id: int
    table: str
    parties: list[DayPartyOut]
    attendance: str = Field(description=f"{ATTENDANCE_HELP} Empty: not recorded yet.")
    absent_id: int | None = Field(description="Who did not come (a no-show).")


class DaySlotOut(Schema):
    slot_id: int
    start_at: dt.datetime = Field(description="UTC.")
    end_at: dt.datetime = Field(description="UTC.")
    meetings: list[DayMeetingOut]


class AttendanceIn(Schema):
    status: str = Field(description=ATTENDANCE_HELP)
    absent_id: int | None = Field(
        None,
        description=(
            "For no_show: the participant who did not come (a participant of a two-person "
            "meeting may leave it empty: the other side)."
        ),
    )


class AttendanceOut(Schema):
    request_id: int
    status: str = Field(description=ATTENDANCE_HELP)
    absent_id: int | None
    recorded_at: dt.datetime


class BookingIn(Schema):
    invitee_id: int = Field(description="The approved participant proposed to meet.")
    slot_id: int
    message: str = ""


class DirectBookingIn(Schema):
    participant_ids: list[int] = Field(description="The two approved participants who meet.")
    slot_id: int


class BookingOut(Schema):
    id: int
    session_id: int
    slot_id: int
    proposer_id: int
    invitee_id: int
    message: str
    status: str = Field(description=f"One of: {', '.join(BookingStatus.values)}.")
    meeting_id: int | None = Field(description="The meeting booked (status booked).")
    created_at: dt.datetime
    answered_at: dt.datetime | None
