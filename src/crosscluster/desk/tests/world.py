"""A small world for the overview's tests: a B2B session a month from now with the cast
registered, one published meeting, one request waiting, a need with matches, a draft."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from crosscluster.brokerage import services as brokerage_services
from crosscluster.brokerage.models import (
    B2BSession,
    MeetingRequest,
    Participant,
    RequestStatus,
    RunState,
    RunStatus,
    ScheduledMeeting,
    ScheduleRun,
)
from crosscluster.brokerage.tests.factories import join
from crosscluster.events.models import EventKind
from crosscluster.events.tests.factories import make_event
from crosscluster.marketplace.models import MatchSuggestion, Opportunity, OpportunityKind
from crosscluster.marketplace.tests.helpers import make_opportunity
from tests.cast import Cast

ROME = zoneinfo.ZoneInfo("Europe/Rome")


@dataclass
class World:
    session: B2BSession
    member: Participant  # the SME member's registration
    manager: Participant  # the cluster manager's
    outsider: Participant  # the outsider's
    meeting: ScheduledMeeting  # member and manager, published
    waiting: MeetingRequest  # outsider -> member, pending
    need: Opportunity  # the SME's, published, two matches
    draft: Opportunity  # the SME's
    offer: Opportunity  # the outsider's organisation's, published


def coming_session(cast: Cast, *, days: int = 30) -> B2BSession:
    """A brokerage event in Milan ``days`` from now, 09:00-11:00 at the venue."""
    day = (timezone.now() + dt.timedelta(days=days)).astimezone(ROME).date()
    start = dt.datetime.combine(day, dt.time(9, 0))
    event = make_event(
        cast.partnership,
        "Coming brokerage in Milan",
        start_at=start.replace(tzinfo=ROME),
        hours=2,
        kind=EventKind.BROKERAGE,
        timezone="Europe/Rome",
        city="Milan",
    )
    data = brokerage_services.SessionData(
        periods=[(start, start + dt.timedelta(hours=2))], slot_minutes=15, gap_minutes=5, tables=2
    )
    return brokerage_services.configure_session(user=cast.coordinator, event=event, data=data)


def build_world(cast: Cast) -> World:
    now = timezone.now()
    session = coming_session(cast)
    member = join(session, cast.sme_member, cast.sme, name="Maria Member")
    manager = join(session, cast.cluster_manager, cast.other_cluster, name="Marco Manager")
    outsider = join(session, cast.outsider, cast.other_sme, name="Olga Outsider")
    accepted = MeetingRequest.objects.create(
        session=session,
        requester=manager,
        recipient=member,
        status=RequestStatus.ACCEPTED,
        created_at=now,
        expires_at=now + dt.timedelta(days=7),
    )
    waiting = MeetingRequest.objects.create(
        session=session,
        requester=outsider,
        recipient=member,
        message="Let us talk about vision systems.",
        created_at=now,
        expires_at=now + dt.timedelta(days=7),
    )
    run = ScheduleRun.objects.create(
        session=session,
        created_at=now,
        status=RunStatus.PUBLISHED,
        state=RunState.DONE,
        time_limit=1,
    )
    meeting = ScheduledMeeting.objects.create(
        run=run, request=accepted, slot=session.slots.order_by("start_at").first(), table=2
    )
    need = make_opportunity(user=cast.sme_member, owner=cast.sme, now=now)
    for provider in (cast.other_sme, cast.other_cluster):
        MatchSuggestion.objects.create(
            opportunity=need, provider_organisation=provider, score=0.7, computed_at=now
        )
    draft = make_opportunity(
        user=cast.sme_member, owner=cast.sme, title="Predictive maintenance", publish=False, now=now
    )
    offer = make_opportunity(
        user=cast.outsider,
        owner=cast.other_sme,
        kind=OpportunityKind.ICT_OFFER,
        title="Edge AI offer",
        now=now,
    )
    return World(
        session=session,
        member=member,
        manager=manager,
        outsider=outsider,
        meeting=meeting,
        waiting=waiting,
        need=need,
        draft=draft,
        offer=offer,
    )
