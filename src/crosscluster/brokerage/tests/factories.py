"""A brokerage event with its B2B session, and participants from the shared cast."""

from __future__ import annotations

import datetime as dt

from crosscluster.accounts.models import OrganisationMembership, User
from crosscluster.brokerage import services
from crosscluster.brokerage.models import (
    PUBLIC_LISTING_CONSENT_VERSION,
    Agreement,
    B2BSession,
    Participant,
    ParticipantStatus,
)
from crosscluster.directory.models import Organisation
from crosscluster.events.models import EventKind
from crosscluster.events.tests.factories import make_event
from tests.cast import Cast, make_user

UTC = dt.UTC
# Tuesday 3 March 2026 in Milan (UTC+1): 09:00-10:00 and 11:00-12:00 local = 08:00/10:00 UTC.
NOW = dt.datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
MORNING = (dt.datetime(2026, 3, 3, 9, 0), dt.datetime(2026, 3, 3, 10, 0))
LATE_MORNING = (dt.datetime(2026, 3, 3, 11, 0), dt.datetime(2026, 3, 3, 12, 0))


def make_session(cast: Cast, **changes: object) -> B2BSession:
    event = make_event(
        cast.partnership,
        "Brokerage event in Milan",
        kind=EventKind.BROKERAGE,
        timezone="Europe/Rome",
        city="Milan",
        venue_name="Fiera Milano",
    )
    fields: dict[str, object] = {
        "periods": [MORNING, LATE_MORNING],
        "slot_minutes": 15,
        "gap_minutes": 5,
        "tables": 2,
    }
    fields.update(changes)
    data = services.SessionData(**fields)  # type: ignore[arg-type]
    return services.configure_session(user=cast.coordinator, event=event, data=data)


def join(
    session: B2BSession,
    user: User,
    organisation: Organisation,
    *,
    status: str = ParticipantStatus.APPROVED,
    name: str = "",
    **fields: object,
) -> Participant:
    """A participant created directly (the registration flow has its own tests)."""
    if fields.get("listed_publicly"):
        fields.setdefault("listed_publicly_at", NOW)
        fields.setdefault("listed_publicly_text", PUBLIC_LISTING_CONSENT_VERSION)
    return Participant.objects.create(
        session=session,
        user=user,
        organisation=organisation,
        display_name=name or user.email.split("@")[0].title(),
        status=status,
        registered_at=NOW,
        **fields,
    )


def colleague(organisation: Organisation, email: str) -> User:
    user = make_user(email)
    OrganisationMembership.objects.create(user=user, organisation=organisation, role="member")
    return user


def schedule(cast: Cast, session: B2BSession, *, time_limit: float = 1.0, **options: object):  # type: ignore[no-untyped-def]
    """Queue a run as the coordinator, let the background worker solve it, return it."""
    from crosscluster.core.tasks import run_queued_tasks

    run = services.run_scheduler(
        user=cast.coordinator,
        session=session,
        now=options.pop("now", NOW),  # type: ignore[arg-type]
        time_limit=time_limit,
        **options,  # type: ignore[arg-type]
    )
    run_queued_tasks(queue="scheduling")
    run.refresh_from_db()
    return run


def sign(cast: Cast, session: B2BSession, *, request_id: int, title: str) -> Agreement:
    """A technical agreement of the SME and the other SME from their meeting, recorded by the
    coordinator."""
    return services.record_agreement(
        user=cast.coordinator,
        session=session,
        kind="technical",
        title=title,
        partner_ids=[cast.sme.pk, cast.other_sme.pk],
        signed_date=NOW.date(),
        request_id=request_id,
        now=NOW,
    )
