"""Reads for a person's own overview (the desk): their coming meetings, the meeting requests
waiting for their answer and their registrations to coming sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from crosscluster.accounts.queries import AnyUser
from crosscluster.brokerage.models import (
    MeetingRequest,
    Participant,
    ParticipantStatus,
    RequestStatus,
    RunStatus,
    ScheduledMeeting,
    Table,
    table_name,
)

#: registrations still alive: the person is (or may yet be) expected at the session
LIVE_REGISTRATIONS = (
    ParticipantStatus.PENDING,
    ParticipantStatus.APPROVED,
    ParticipantStatus.WAITING,
)


@dataclass(frozen=True)
class UpcomingMeeting:
    """One meeting of the person's published agenda: when, where, with whom."""

    meeting: ScheduledMeeting
    participant: Participant  # the person's own registration (their agenda's owner)
    table: str
    others: tuple[Participant, ...]


def list_upcoming_meetings(
    *, user: AnyUser, now: dt.datetime, limit: int = 20
) -> list[UpcomingMeeting]:
    """The person's meetings in the published schedules of sessions, not yet over, soonest first
    (as requester, recipient or the delegate who comes along)."""
    if not user.is_authenticated:
        return []
    own = Q(request__requester__user_id=user.pk) | Q(request__recipient__user_id=user.pk)
    own |= Q(request__delegate__user_id=user.pk)
    rows = (
        ScheduledMeeting.objects.filter(own, run__status=RunStatus.PUBLISHED, slot__end_at__gt=now)
        .select_related(
            "slot",
            "run__session__event__partnership",
            "request__requester__organisation",
            "request__recipient__organisation",
            "request__delegate__organisation",
        )
        .order_by("slot__start_at", "table", "pk")[:limit]
    )
    meetings = list(rows)
    session_ids = {meeting.run.session_id for meeting in meetings}
    names = {
        (table.session_id, table.number): table.name
        for table in Table.objects.filter(session_id__in=session_ids)
    }
    items = []
    for meeting in meetings:
        members = meeting.request.members()
        mine = next(member for member in members if member.user_id == user.pk)
        items.append(
            UpcomingMeeting(
                meeting=meeting,
                participant=mine,
                table=names.get((meeting.run.session_id, meeting.table))
                or table_name(meeting.table),
                others=tuple(member for member in members if member.user_id != user.pk),
            )
        )
    return items


def list_requests_to_answer(*, user: AnyUser, now: dt.datetime) -> QuerySet[MeetingRequest]:
    """Meeting requests sent to the person, still pending and not expired, oldest deadline
    first."""
    if not user.is_authenticated:
        return MeetingRequest.objects.none()
    return (
        MeetingRequest.objects.filter(
            recipient__user_id=user.pk, status=RequestStatus.PENDING, expires_at__gt=now
        )
        .select_related("requester__organisation", "session__event__partnership")
        .order_by("expires_at", "pk")
    )


def list_upcoming_registrations(*, user: AnyUser, now: dt.datetime) -> QuerySet[Participant]:
    """The person's registrations (pending, approved or waiting) to sessions of events not yet
    over, soonest event first."""
    if not user.is_authenticated:
        return Participant.objects.none()
    return (
        Participant.objects.filter(
            user_id=user.pk, status__in=LIVE_REGISTRATIONS, session__event__end_at__gt=now
        )
        .select_related("organisation", "session__event__partnership")
        .order_by("session__event__start_at", "pk")
    )
