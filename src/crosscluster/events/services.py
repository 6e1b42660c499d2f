"""Writes for events. Atomic, keyword-only; errors name the field and the fix.

Only the partnership's coordinators and platform administrators may create, change or delete
its events. Times come in as the venue's wall-clock time (naive datetimes, read in ``timezone``)
or as aware instants, and are stored in UTC.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.core.choices import Visibility
from crosscluster.core.text import unique_slug
from crosscluster.core.times import (
    NonexistentLocalTimeError,
    format_span,
    get_zone,
    to_local,
    to_utc,
)
from crosscluster.core.validation import at_most, choose_one_of
from crosscluster.directory import queries as directory_queries
from crosscluster.events.models import Event, EventKind, ProgrammeItem, ProgrammeItemKind
from crosscluster.partnerships.queries import AnyUser, require_coordinator

if TYPE_CHECKING:
    from crosscluster.directory.models import Country, Organisation
    from crosscluster.partnerships.models import Partnership

NOT_A_COORDINATOR = gettext_lazy("Only the partnership's coordinators may change its events.")

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


def _check_coordinator(user: AnyUser, partnership_id: int) -> None:
    require_coordinator(user=user, partnership_id=partnership_id, message=NOT_A_COORDINATOR)


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


def _time(
    field: str, value: dt.datetime, zone_name: str, errors: dict[str, list[str]]
) -> dt.datetime | None:
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(dt.UTC)
    zone = get_zone(zone_name)
    if zone is None:
        return None  # the time zone error says what to fix
    try:
        return to_utc(value, zone)
    except NonexistentLocalTimeError:
        errors[field] = [
            _(
                "%(time)s on %(date)s does not exist in %(zone_name)s (the clocks go forward that night): choose a time outside the skipped hour."
            )
            % {
                "time": format(value, "%H:%M"),
                "date": format(value, "%Y-%m-%d"),
                "zone_name": zone_name,
            }
        ]
        return None


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
    start_at = _time("start_at", data.start_at, data.timezone, errors)
    end_at = _time("end_at", data.end_at, data.timezone, errors)
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
    _check_coordinator(user, partnership.pk)
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
    _check_coordinator(user, event.partnership_id)
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
    _check_coordinator(user, event.partnership_id)
    with transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()


# The programme of an event ------------------------------------------------------------------

PROGRAMME_TEXT_LIMITS = {"title": 200, "place": 300, "speakers": 300, "description": 20_000}
PROGRAMME_LIMIT = 200  # items per event


@dataclass(frozen=True)
class ProgrammeItemData:
    """One programme item. ``start_at``/``end_at`` naive = wall-clock time at the event's venue."""

    title: str
    kind: str
    start_at: dt.datetime
    end_at: dt.datetime
    description: str = ""
    place: str = ""
    speakers: str = ""
    visited_organisation_id: int | None = None


def data_from_programme_item(item: ProgrammeItem) -> ProgrammeItemData:
    """An item's data as the venue's wall clock shows it (the starting point of an edit)."""
    zone = get_zone(item.event.timezone)
    return ProgrammeItemData(
        title=item.title,
        kind=item.kind,
        start_at=to_local(item.start_at, zone) if zone else item.start_at,
        end_at=to_local(item.end_at, zone) if zone else item.end_at,
        description=item.description,
        place=item.place,
        speakers=item.speakers,
        visited_organisation_id=item.visited_organisation_id,
    )


def _clean_item(data: ProgrammeItemData) -> ProgrammeItemData:
    return dataclasses.replace(
        data,
        title=data.title.strip(),
        kind=data.kind.strip(),
        description=data.description.strip(),
        place=data.place.strip(),
        speakers=data.speakers.strip(),
    )


def event_span_text(event: Event) -> str:
    """``Tue 3 March 2026, 09:00-17:00 Europe/Berlin``: the event's span at the venue."""
    zone = get_zone(event.timezone) or dt.UTC
    return f"{format_span(event.start_at, event.end_at, zone)} {event.timezone}"


@dataclass(frozen=True)
class _CheckedItem:
    start_at: dt.datetime
    end_at: dt.datetime
    visited_organisation: Organisation | None


def _validate_item(
    data: ProgrammeItemData, *, event: Event
) -> tuple[_CheckedItem, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    for field, limit in PROGRAMME_TEXT_LIMITS.items():
        value = getattr(data, field)
        if len(value) > limit:
            errors[field] = [at_most(limit, len(value))]
    if not data.title:
        errors["title"] = [_("Give the programme item a title, e.g. Welcome and introductions.")]
    if data.kind not in ProgrammeItemKind.values:
        errors["kind"] = [choose_one_of(ProgrammeItemKind.values)]
    start_at = _time("start_at", data.start_at, event.timezone, errors)
    end_at = _time("end_at", data.end_at, event.timezone, errors)
    span = event_span_text(event)
    if start_at is not None and end_at is not None and end_at <= start_at:
        errors["end_at"] = [_("The item must end after it starts: give a later end time.")]
    else:
        if start_at is not None and not event.start_at <= start_at < event.end_at:
            errors["start_at"] = [
                _("The programme lies within the event (%(span)s): give a start inside that span.")
                % {"span": span}
            ]
        if end_at is not None and not event.start_at < end_at <= event.end_at:
            errors["end_at"] = [
                _("The programme lies within the event (%(span)s): give an end inside that span.")
                % {"span": span}
            ]
    organisation = None
    if data.visited_organisation_id is not None:
        if data.kind != ProgrammeItemKind.COMPANY_VISIT:
            errors["visited_organisation_id"] = [
                _(
                    "Only a company visit names a visited organisation: choose the kind %(value)r, or leave the organisation empty."
                )
                % {"value": ProgrammeItemKind.COMPANY_VISIT.value}
            ]
        organisation = directory_queries.list_organisations_by_id(
            organisation_ids=[data.visited_organisation_id]
        ).get(data.visited_organisation_id)
        if organisation is None:
            errors["visited_organisation_id"] = [
                _(
                    "No organisation with id %(visited_organisation_id)s in the directory: pick the visited organisation from the directory, or leave it empty."
                )
                % {"visited_organisation_id": data.visited_organisation_id}
            ]
    checked = _CheckedItem(
        start_at=start_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        end_at=end_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        visited_organisation=organisation,
    )
    return checked, errors


def _apply_item(item: ProgrammeItem, data: ProgrammeItemData, checked: _CheckedItem) -> None:
    item.title = data.title
    item.kind = data.kind
    item.description = data.description
    item.start_at = checked.start_at
    item.end_at = checked.end_at
    item.place = data.place
    item.speakers = data.speakers
    item.visited_organisation = checked.visited_organisation


def add_programme_item(*, user: AnyUser, event: Event, data: ProgrammeItemData) -> ProgrammeItem:
    """Add an item to an event's programme (the partnership's coordinators); all or nothing.

    Items may overlap (parallel sessions); see ``queries.build_programme`` for how that shows.
    """
    _check_coordinator(user, event.partnership_id)
    data = _clean_item(data)
    checked, errors = _validate_item(data, event=event)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the event so two coordinators adding at once get distinct positions.
        Event.objects.select_for_update().filter(pk=event.pk).first()
        items = ProgrammeItem.objects.filter(event=event)
        count = items.count()
        if count >= PROGRAMME_LIMIT:
            raise ValidationError(
                {
                    "title": [
                        _(
                            "An event's programme holds at most %(programme_limit)s items: delete some, or split the event."
                        )
                        % {"programme_limit": PROGRAMME_LIMIT}
                    ]
                }
            )
        top = items.aggregate(top=Max("position"))["top"]
        item = ProgrammeItem(event=event, position=0 if top is None else top + 1)
        _apply_item(item, data, checked)
        item.save()
    return item


def update_programme_item(
    *, user: AnyUser, item: ProgrammeItem, data: ProgrammeItemData
) -> ProgrammeItem:
    """Replace a programme item's data (start from :func:`data_from_programme_item`)."""
    _check_coordinator(user, item.event.partnership_id)
    data = _clean_item(data)
    checked, errors = _validate_item(data, event=item.event)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _apply_item(item, data, checked)
        item.save()
    return item


def delete_programme_item(*, user: AnyUser, item: ProgrammeItem) -> None:
    """Remove an item from its event's programme."""
    _check_coordinator(user, item.event.partnership_id)
    with transaction.atomic():
        ProgrammeItem.objects.filter(pk=item.pk).delete()


def reorder_programme(*, user: AnyUser, event: Event, item_ids: Sequence[int]) -> None:
    """Set the order of the items: ``item_ids`` lists every item of the programme once.

    The programme is shown by time; the order decides among items that start at the same time
    (parallel sessions), e.g. which track comes first.
    """
    _check_coordinator(user, event.partnership_id)
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        items = {item.pk: item for item in ProgrammeItem.objects.filter(event=event)}
        given = list(item_ids)
        repeated = sorted({pk for pk in given if given.count(pk) > 1})
        unknown = [pk for pk in dict.fromkeys(given) if pk not in items]
        missing = sorted(set(items) - set(given))
        problems = []
        if repeated:
            problems.append(_("repeated: %(choices)s") % {"choices": ", ".join(map(str, repeated))})
        if unknown:
            problems.append(
                _("not in this programme: %(choices)s") % {"choices": ", ".join(map(str, unknown))}
            )
        if missing:
            problems.append(_("missing: %(choices)s") % {"choices": ", ".join(map(str, missing))})
        if problems:
            raise ValidationError(
                {
                    "item_ids": [
                        _("List every item of this programme exactly once (%(choices)s).")
                        % {"choices": "; ".join(problems)}
                    ]
                }
            )
        for position, pk in enumerate(given):
            items[pk].position = position
        ProgrammeItem.objects.bulk_update(list(items.values()), ["position"], batch_size=500)
