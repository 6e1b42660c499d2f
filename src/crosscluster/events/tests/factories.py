"""Events for tests, and a second partnership with its own coordinator."""

from __future__ import annotations

import datetime as dt

from django.utils.text import slugify

from crosscluster.events.models import Event, EventKind, ProgrammeItem, ProgrammeItemKind
from crosscluster.partnerships.models import Partnership, PartnershipCoordinator, PartnershipKind
from tests.cast import Cast, make_user

UTC = dt.UTC
# Tuesday 3 March 2026, 08:00-16:00 UTC = 09:00-17:00 in Berlin (CET, UTC+1).
TUESDAY_0800 = dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


def make_event(
    partnership: Partnership,
    title: str = "Study visit to Berlin",
    *,
    start_at: dt.datetime = TUESDAY_0800,
    hours: float = 8,
    **fields: object,
) -> Event:
    fields.setdefault("slug", slugify(title))
    fields.setdefault("kind", EventKind.STUDY_VISIT)
    fields.setdefault("timezone", "Europe/Berlin")
    fields.setdefault("city", "Berlin")
    end_at = fields.pop("end_at", None) or start_at + dt.timedelta(hours=hours)
    return Event.objects.create(
        partnership=partnership, title=title, start_at=start_at, end_at=end_at, **fields
    )


def make_other_partnership(cast: Cast) -> tuple[Partnership, object]:
    """A second partnership (same coordinating cluster) and the user who coordinates only it."""
    other = Partnership.objects.create(
        slug="other-alliance",
        name="Other Alliance",
        kind=PartnershipKind.ESCP_S3,
        coordinator=cast.other_cluster,
        start_date=dt.date(2020, 1, 1),
        duration_months=24,
        summary="Another partnership.",
    )
    coordinator = make_user("other.coordinator@example.eu")
    PartnershipCoordinator.objects.create(partnership=other, user=coordinator)
    return other, coordinator


def make_programme_item(
    event: Event,
    title: str = "Welcome",
    *,
    start_at: dt.datetime | None = None,
    minutes: int = 60,
    **fields: object,
) -> ProgrammeItem:
    """An item of ``event``'s programme, by default its first hour."""
    start = start_at or event.start_at
    fields.setdefault("kind", ProgrammeItemKind.TALK)
    fields.setdefault("position", ProgrammeItem.objects.filter(event=event).count())
    return ProgrammeItem.objects.create(
        event=event,
        title=title,
        start_at=start,
        end_at=start + dt.timedelta(minutes=minutes),
        **fields,
    )
