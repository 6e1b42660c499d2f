"""Reads other apps ask about meeting requests: who may hear of one (the notifications
centre), and which coming sessions two organisations both attend (conversations)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crosscluster.brokerage.models import (
    B2BSession,
    MeetingRequest,
    Participant,
    ParticipantStatus,
)
from crosscluster.partnerships.queries import AnyUser


def can_see_request(*, user: AnyUser, request_id: int | None) -> bool:
    """May ``user`` see this meeting request (one of its participants, or an administrator)?
    Asked by the notifications centre before a notice of it is delivered."""
    if request_id is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    request = MeetingRequest.objects.filter(pk=request_id).select_related(
        "requester", "recipient", "delegate"
    )
    found = request.first()
    return found is not None and user.pk in {member.user_id for member in found.members()}


@dataclass(frozen=True)
class MeetingPair:
    """Two organisations both registered (approved) to a coming B2B session: ``mine`` is the
    asking person's participant, ``theirs`` the other organisation's first one."""

    session: B2BSession
    mine: Participant
    theirs: Participant


def list_meeting_pairs(
    *, user: AnyUser, own_organisation_id: int, other_organisation_id: int, now: dt.datetime
) -> list[MeetingPair]:
    """Coming sessions (brokerage events, study visits) where ``user`` is an approved
    participant for their organisation and the other organisation has one too."""
    if not user.is_authenticated:
        return []
    mine = (
        Participant.objects.filter(
            user_id=user.pk,
            organisation_id=own_organisation_id,
            status=ParticipantStatus.APPROVED,
            session__event__start_at__gt=now,
        )
        .select_related("session__event", "organisation")
        .order_by("session__event__start_at", "pk")
    )
    pairs = []
    for participant in mine:
        theirs = (
            Participant.objects.filter(
                session_id=participant.session_id,
                organisation_id=other_organisation_id,
                status=ParticipantStatus.APPROVED,
            )
            .select_related("organisation")
            .order_by("pk")
            .first()
        )
        if theirs is not None:
            pairs.append(MeetingPair(session=participant.session, mine=participant, theirs=theirs))
    return pairs
