"""Writes for events. Atomic, keyword-only; errors name the field and the fix.

Only the partnership's coordinators and platform administrators may create, change or delete
its events. Times come in as the venue's wall-clock time (naive datetimes, read in ``timezone``)
or as aware instants, and are stored in UTC.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from crosscluster.core.choices import Visibility
from crosscluster.core.text import unique_slug
from crosscluster.core.times import (
    NonexistentLocalTimeError,
    get_zone,
    to_local,
    to_utc,
)
from crosscluster.core.validation import at_most, choose_one_of
from crosscluster.directory import queries as directory_queries
from crosscluster.events.models import Event, EventKind, ProgrammeItem
from crosscluster.events.services._common import NOT_A_COORDINATOR, check_coordinator, venue_time
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from crosscluster.directory.models import Country, Organisation
    from crosscluster.partnerships.models import Partnership

# Slugs that would shadow a page of the events app.
RESERVED_SLUGS = frozenset({"new"})
SLUG_MAX_LENGTH = 120
LONGEST_EVENT = dt.timedelta(days=90)
TEXT_LIMITS = {
    "title": 200,
    "venue_name": 200,
    "venue_address": 300,
    "city": 120,
    "online_url": 200,
    "description": 20_000,
}


@dataclass(frozen=True)
class EventData:
    """Everything an event says. ``start_at``/``end_at`` naive = wall-clock time at the venue."""

    title: str
    kind: str
    start_at: dt.datetime
    end_at: dt.datetime
    timezone: str
    description: str = ""
    venue_name: str = ""
    venue_address: str = ""
    city: str = ""
    country: str = ""  # ISO 3166 alpha-2 code, or empty
    online_url: str = ""
    held_online: bool = False  # a link implies it; without one, "the link follows"
    host_id: int | None = None
    visibility: str = Visibility.PUBLIC
    slug: str = ""  # empty: generated from the title on creation, kept on update
    is_illustrative: bool = False


def data_from_event(event: Event) -> EventData:
    """An event's data as the venue's wall clock shows it (the starting point of an edit)."""
    zone = get_zone(event.timezone)
    return EventData(
        title=event.title,
        kind=event.kind,
        start_at=to_local(event.start_at, zone) if zone else event.start_at,
        end_at=to_local(event.end_at, zone) if zone else event.end_at,
        timezone=event.timezone,
        description=event.description,
        venue_name=event.venue_name,
        venue_address=event.venue_address,
        city=event.city,
        country=event.country_id or "",
        online_url=event.online_url,
        held_online=event.held_online,
        host_id=event.host_id,
        visibility=event.visibility,
        slug=event.slug,
        is_illustrative=event.is_illustrative,
    )


def _clean(data: EventData) -> EventData:
    """Strip the texts; naive times stay naive (they are read in the venue's zone later)."""
    return dataclasses.replace(
        data,
        title=data.title.strip(),
        kind=data.kind.strip(),
        timezone=data.timezone.strip(),
        description=data.description.strip(),
        venue_name=data.venue_name.strip(),
        venue_address=data.venue_address.strip(),
        city=data.city.strip(),
        country=data.country.strip().upper(),
        online_url=data.online_url.strip(),
        visibility=data.visibility.strip(),
        slug=data.slug.strip().lower(),
    )


@dataclass(frozen=True)
class _Checked:
    start_at: dt.datetime
    end_at: dt.datetime
    country: Country | None
    host: Organisation | None


def _validate(
    data: EventData, *, partnership: Partnership, event: Event | None
) -> tuple[_Checked, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    for field, limit in TEXT_LIMITS.items():
        value = getattr(data, field)
        if len(value) > limit:
            errors[field] = [at_most(limit, len(value))]
    if not data.title:
        errors["title"] = [_("Give the event a title.")]
    if data.kind not in EventKind.values:
        errors["kind"] = [choose_one_of(EventKind.values)]
    if data.visibility not in Visibility.values:
        errors["visibility"] = [choose_one_of(Visibility.values)]
    if get_zone(data.timezone) is None:
        errors["timezone"] = [
            _(
                "%(timezone)r is not an IANA time zone: use a name such as Europe/Berlin, Europe/Rome or UTC (the venue's zone)."
            )
            % {"timezone": data.timezone}
        ]
    start_at = venue_time("start_at", data.start_at, data.timezone, errors)
    end_at = venue_time("end_at", data.end_at, data.timezone, errors)
    if start_at is not None and end_at is not None:
        if end_at <= start_at:
            errors["end_at"] = [_("The event must end after it starts: give a later end time.")]
        elif end_at - start_at > LONGEST_EVENT:
            errors["end_at"] = [
                _(
                    "An event lasts at most %(days)s days: check the end date, or split a longer programme into several events."
                )
                % {"days": LONGEST_EVENT.days}
            ]
    if data.online_url:
        try:
            URLValidator(schemes=["http", "https"])(data.online_url)
        except ValidationError:
            errors["online_url"] = [
                _("Give the full address of the online meeting, starting with https://.")
            ]
    if not (
        data.online_url
        or data.held_online
        or data.venue_name
        or data.venue_address
        or data.city
        or data.country
    ):
        message = _(
            "Say where it takes place (venue, address, city or at least the country), "
            "give an online link, or say it is held online."
        )
        errors.setdefault("venue_name", []).append(message)
        errors.setdefault("online_url", []).append(message)
    country = None
    if data.country:
        try:
            country = directory_queries.get_country(code=data.country)
        except ObjectDoesNotExist:
            errors["country"] = [
                _(
                    "Unknown country code %(country)r: use an ISO 3166 two-letter code such as DE, IT or SE."
                )
                % {"country": data.country}
            ]
    host = None
    if data.host_id is not None:
        host = directory_queries.list_organisations_by_id(organisation_ids=[data.host_id]).get(
            data.host_id
        )
        if host is None:
            errors["host_id"] = [
                _(
                    "No organisation with id %(host_id)s in the directory: pick the host from the directory, or leave it empty."
                )
                % {"host_id": data.host_id}
            ]
    if data.slug:
        slug_errors = _slug_errors(data.slug, partnership=partnership, event=event)
        if slug_errors:
            errors["slug"] = slug_errors
    checked = _Checked(
        start_at=start_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        end_at=end_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        country=country,
        host=host,
    )
    return checked, errors


def _slug_errors(slug: str, *, partnership: Partnership, event: Event | None) -> list[str]:
    try:
        validate_slug(slug)
    except ValidationError:
        return [_("Use only lower-case letters, digits and hyphens, e.g. study-visit-berlin.")]
    if len(slug) > SLUG_MAX_LENGTH:
        return [
            _("Use at most %(slug_max_length)s characters (now %(count)s).")
            % {"slug_max_length": SLUG_MAX_LENGTH, "count": len(slug)}
        ]
    if slug in RESERVED_SLUGS:
        return [
            _("%(slug)r is reserved for a page of the site: choose another address.")
            % {"slug": slug}
        ]
    taken = Event.objects.filter(partnership=partnership, slug=slug)
    if event is not None:
        taken = taken.exclude(pk=event.pk)
    if taken.exists():
        return [
            _("Another event of this partnership already uses %(slug)r: choose another address.")
            % {"slug": slug}
        ]
    return []


def _generate_slug(title: str, *, partnership: Partnership) -> str:
    taken = set(Event.objects.filter(partnership=partnership).values_list("slug", flat=True))
    return unique_slug(title, taken | RESERVED_SLUGS, max_length=SLUG_MAX_LENGTH)


def _apply(event: Event, data: EventData, checked: _Checked) -> None:
    event.title = data.title
    event.kind = data.kind
    event.description = data.description
    event.start_at = checked.start_at
    event.end_at = checked.end_at
    event.timezone = data.timezone
    event.venue_name = data.venue_name
    event.venue_address = data.venue_address
    event.city = data.city
    event.country = checked.country
    event.online_url = data.online_url
    event.held_online = data.held_online or bool(data.online_url)
    event.host = checked.host
    event.visibility = data.visibility
    event.is_illustrative = data.is_illustrative


def _save(event: Event) -> None:
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError as error:
        # Two coordinators saving the same address at once: the constraint decides.
        raise ValidationError(
            {
                "slug": [
                    _("Another event of this partnership already uses %(slug)r.")
                    % {"slug": event.slug}
                ]
            }
        ) from error


def create_event(*, user: AnyUser, partnership: Partnership, data: EventData) -> Event:
    """Add an event to a partnership (coordinators and administrators); all or nothing."""
    check_coordinator(user, partnership.pk)
    data = _clean(data)
    checked, errors = _validate(data, partnership=partnership, event=None)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event = Event(partnership=partnership)
        _apply(event, data, checked)
        event.slug = data.slug or _generate_slug(data.title, partnership=partnership)
        _save(event)
    return event


def update_event(*, user: AnyUser, event: Event, data: EventData) -> Event:
    """Replace an event's data (start from :func:`data_from_event`); the slug stays unless given.

    The programme moves with the event: when its start moves (or its zone changes), every item
    keeps its wall-clock distance from the start at the venue. An item that would then fall
    outside the event is refused, naming it.
    """
    check_coordinator(user, event.partnership_id)
    data = _clean(data)
    checked, errors = _validate(data, partnership=event.partnership, event=event)
    moves: list[tuple[ProgrammeItem, dt.datetime, dt.datetime]] = []
    if not errors:
        moves = _moved_programme(event, data, checked, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _apply(event, data, checked)
        if data.slug:
            event.slug = data.slug
        _save(event)
        for item, start_at, end_at in moves:
            item.start_at, item.end_at = start_at, end_at
        ProgrammeItem.objects.bulk_update(
            [item for item, _, _ in moves], ["start_at", "end_at"], batch_size=500
        )
    return event


def _moved_programme(
    event: Event, data: EventData, checked: _Checked, errors: dict[str, list[str]]
) -> list[tuple[ProgrammeItem, dt.datetime, dt.datetime]]:
    """Where the programme goes when the event becomes ``checked``; outside items are errors."""
    old_zone: dt.tzinfo = get_zone(event.timezone) or dt.UTC
    new_zone = get_zone(data.timezone)
    assert new_zone is not None  # _validate checked it
    shift = to_local(checked.start_at, new_zone) - to_local(event.start_at, old_zone)
    moves = []
    outside: list[str] = []
    for item in ProgrammeItem.objects.filter(event=event).order_by("start_at", "position", "pk"):
        try:
            start_at = to_utc(to_local(item.start_at, old_zone) + shift, new_zone)
            end_at = to_utc(to_local(item.end_at, old_zone) + shift, new_zone)
        except NonexistentLocalTimeError:
            outside.append(f"{item.title!r} (its time does not exist in {data.timezone})")
            continue
        if start_at < checked.start_at or end_at > checked.end_at or end_at <= start_at:
            outside.append(repr(item.title))
        moves.append((item, start_at, end_at))
    if outside:
        errors.setdefault("end_at", []).append(
            _(
                "The programme moves with the event, and %(count)s of its items would then fall outside it: %(items)s%(more)s. Change or delete those items first, or give the event a longer span."
            )
            % {
                "count": len(outside),
                "items": ", ".join(outside[:5]),
                "more": " ..." if len(outside) > 5 else "",
            }
        )
    return [move for move in moves if (move[1], move[2]) != (move[0].start_at, move[0].end_at)]


def delete_event(*, user: AnyUser, event: Event) -> None:
    """Remove an event (coordinators and administrators)."""
    check_coordinator(user, event.partnership_id)
    with transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()


# The programme of an event: its own module, re-exported here (``services.add_programme_item``).
from crosscluster.events.services.programme import (  # noqa: E402
    PROGRAMME_LIMIT,
    PROGRAMME_TEXT_LIMITS,
    ProgrammeItemData,
    add_programme_item,
    data_from_programme_item,
    delete_programme_item,
    event_span_text,
    reorder_programme,
    update_programme_item,
)

__all__ = [
    "LONGEST_EVENT",
    "NOT_A_COORDINATOR",
    "PROGRAMME_LIMIT",
    "PROGRAMME_TEXT_LIMITS",
    "RESERVED_SLUGS",
    "EventData",
    "ProgrammeItemData",
    "add_programme_item",
    "create_event",
    "data_from_event",
    "data_from_programme_item",
    "delete_event",
    "delete_programme_item",
    "event_span_text",
    "reorder_programme",
    "update_event",
    "update_programme_item",
]
