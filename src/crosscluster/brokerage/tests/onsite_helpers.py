"""A B2B session on the day: a published schedule where Ada (SME) meets Carla (other SME),
and Max (a cluster) is free; shared by the on-site tests and the browser journey."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from crosscluster.brokerage import services
from crosscluster.brokerage.models import B2BSession, Participant, ScheduleRun
from crosscluster.brokerage.tests.factories import join, schedule
from crosscluster.events.models import EventKind
from crosscluster.events.tests.factories import make_event
from tests.cast import Cast


def coming_session(cast: Cast, *, days: int = 30, tables: int = 2) -> B2BSession:
    """A session a month from the real clock (pages use it): three 15-minute slots from 10:00
    at the venue (Rome), ``tables`` tables."""
    day = (timezone.now() + dt.timedelta(days=days)).date()
    event = make_event(
        cast.partnership,
        "Brokerage day in Rome",
        kind=EventKind.BROKERAGE,
        timezone="Europe/Rome",
        city="Rome",
        start_at=dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC),
        hours=10,
    )
    data = services.SessionData(
        periods=[(dt.datetime.combine(day, dt.time(10)), dt.datetime.combine(day, dt.time(11)))],
        slot_minutes=15,
        gap_minutes=5,
        tables=tables,
    )
    return services.configure_session(user=cast.coordinator, event=event, data=data)


def published_day(
    cast: Cast, session: B2BSession, *, now: dt.datetime
) -> tuple[dict[str, Participant], ScheduleRun]:
    """Ada, Carla and Max approved; Ada and Carla meet in the published schedule."""
    people = {
        "ada": join(session, cast.sme_member, cast.sme, name="Ada"),
        "carla": join(session, cast.outsider, cast.other_sme, name="Carla"),
        "max": join(session, cast.cluster_manager, cast.other_cluster, name="Max"),
    }
    request = services.send_request(
        user=cast.sme_member, requester=people["ada"], recipient_id=people["carla"].pk, now=now
    )
    services.answer_request(user=cast.outsider, request=request, accept=True, now=now)
    run = schedule(cast, session, now=now)
    services.publish_run(user=cast.coordinator, run=run, now=now)
    return people, run
