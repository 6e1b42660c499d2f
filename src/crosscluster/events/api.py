"""Events API: list and read what the requester may see; coordinators write with a token.

No ``from __future__ import annotations`` here: ninja's ``paginate`` wrapper resolves parameter
annotations in its own module, so they must be real objects, not strings.
"""

import dataclasses
import datetime as dt
from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import ErrorOut, Pagination
from crosscluster.core.http import absolute_url
from crosscluster.core.times import get_zone
from crosscluster.core.validation import FieldErrors
from crosscluster.events import ics, permissions, queries, services
from crosscluster.events.models import Event, EventKind, ProgrammeItem, ProgrammeItemKind

router = Router(tags=["events"])

TIMES_HELP = (
    "Local time at the venue without an offset (2026-03-03T09:00, read in `timezone`), "
    "or an instant with an offset (2026-03-03T08:00Z)."
)
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class HostOut(Schema):
    id: int
    slug: str
    name: str


class EventOut(Schema):
    id: int
    partnership: str = Field(description="Slug of the partnership.")
    slug: str
    kind: str
    title: str
    description: str = Field(description="Markdown.")
    start_at: dt.datetime = Field(description="Start, in UTC.")
    end_at: dt.datetime = Field(description="End, in UTC.")
    timezone: str = Field(description="IANA time zone of the venue.")
    start_local: dt.datetime = Field(description="Start at the venue, with its UTC offset.")
    end_local: dt.datetime = Field(description="End at the venue, with its UTC offset.")
    venue_name: str
    venue_address: str
    city: str
    country: str | None = Field(description="ISO 3166 alpha-2 code.")
    online_url: str
    held_online: bool = Field(
        description="Held online (alone or beside a venue); true whenever `online_url` is set."
    )
    host: HostOut | None
    visibility: str
    is_illustrative: bool = Field(description="Demo content, not a published event.")
    url: str = Field(description="The event's page.")
    ics_url: str = Field(description="The event as an iCalendar file.")

    @staticmethod
    def resolve_partnership(event: Event) -> str:
        return event.partnership.slug

    @staticmethod
    def resolve_start_at(event: Event) -> dt.datetime:
        return event.start_at.astimezone(dt.UTC)

    @staticmethod
    def resolve_end_at(event: Event) -> dt.datetime:
        return event.end_at.astimezone(dt.UTC)

    @staticmethod
    def resolve_start_local(event: Event) -> dt.datetime:
        return event.start_at.astimezone(get_zone(event.timezone) or dt.UTC)

    @staticmethod
    def resolve_end_local(event: Event) -> dt.datetime:
        return event.end_at.astimezone(get_zone(event.timezone) or dt.UTC)

    @staticmethod
    def resolve_country(event: Event) -> str | None:
        return event.country_id

    @staticmethod
    def resolve_url(event: Event) -> str:
        return ics.event_url(event)

    @staticmethod
    def resolve_ics_url(event: Event) -> str:
        return absolute_url(reverse("events:event_ics", args=[event.partnership.slug, event.slug]))


class EventIn(Schema):
    partnership: str = Field(description="Slug of the partnership the event belongs to.")
    title: str
    kind: str = Field(description=f"One of: {', '.join(EventKind.values)}.")
    start_at: dt.datetime = Field(description=TIMES_HELP)
    end_at: dt.datetime = Field(description=TIMES_HELP)
    timezone: str = Field(description="IANA time zone of the venue, e.g. Europe/Berlin.")
    description: str = ""
    venue_name: str = ""
    venue_address: str = ""
    city: str = ""
    country: str | None = Field(None, description="ISO 3166 alpha-2 code.")
    online_url: str = ""
    held_online: bool = Field(
        False,
        description="Held online, the link to follow: enough as the event's place. "
        "An `online_url` makes it true.",
    )
    host_id: int | None = Field(None, description="Id of the host organisation.")
    visibility: str = Field("public", description="public, partnership or private.")
    slug: str | None = Field(None, description="Generated from the title when left out.")


class EventPatch(Schema):
    """Only the fields sent change. Changing ``timezone`` alone keeps the venue's wall-clock
    times (09:00 stays 09:00 at the venue)."""

    title: str | None = None
    kind: str | None = None
    start_at: dt.datetime | None = Field(None, description=TIMES_HELP)
    end_at: dt.datetime | None = Field(None, description=TIMES_HELP)
    timezone: str | None = None
    description: str | None = None
    venue_name: str | None = None
    venue_address: str | None = None
    city: str | None = None
    country: str | None = Field(None, description="ISO 3166 alpha-2 code; null clears it.")
    online_url: str | None = None
    held_online: bool | None = None
    host_id: int | None = Field(None, description="Id of the host organisation; null clears it.")
    visibility: str | None = None
    slug: str | None = None


PARTNERSHIP_QUERY = Query(None, description="Slug of a partnership.")
KIND_QUERY = Query(None, description=f"One of: {', '.join(EventKind.values)}.")
FROM_QUERY = Query(None, alias="from", description="Events that end on or after this day (UTC).")
TO_QUERY = Query(None, alias="to", description="Events that start on or before this day (UTC).")
UPCOMING_QUERY = Query(False, description="Only events not yet over.")
NULLABLE = frozenset({"country", "host_id"})


@router.get("/", response=list[EventOut], summary="List events the requester may see")
@paginate(Pagination)
def list_events(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    partnership: str | None = PARTNERSHIP_QUERY,
    kind: str | None = KIND_QUERY,
    from_date: date | None = FROM_QUERY,
    to_date: date | None = TO_QUERY,
    upcoming: bool = UPCOMING_QUERY,
):
    errors = FieldErrors()
    if kind and kind not in EventKind.values:
        errors.add(
            "kind", _("Choose one of: %(choices)s.") % {"choices": ", ".join(EventKind.values)}
        )
    if from_date and to_date and to_date < from_date:
        errors.add("to", _("Give a day on or after `from`."))
    errors.raise_if_any()
    ends_after = [timezone.now()] if upcoming else []
    if from_date:
        ends_after.append(dt.datetime.combine(from_date, dt.time.min, tzinfo=dt.UTC))
    starts_before = (
        dt.datetime.combine(to_date + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        if to_date
        else None
    )
    try:
        return queries.list_visible_events(
            user=api_viewer(request),
            partnership_slug=partnership,
            kind=kind,
            ends_after=max(ends_after) if ends_after else None,
            starts_before=starts_before,
        )
    except ObjectDoesNotExist as error:  # Partnership.DoesNotExist: hidden or missing
        raise Http404(str(error)) from error


@router.get("/{event_id}", response={200: EventOut, 404: ErrorOut}, summary="One event")
def get_event(request: HttpRequest, event_id: int) -> Event:
    return permissions.access_event_by_id(user=api_viewer(request), event_id=event_id)


def _services_data(payload: dict[str, Any]) -> dict[str, Any]:
    """Schema fields as service fields (``None`` for a country becomes empty)."""
    data = dict(payload)
    if "country" in data:
        data["country"] = data["country"] or ""
    if data.get("slug") is None:
        data.pop("slug", None)
    return data


@router.post(
    "/",
    response={201: EventOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add an event (coordinators of the partnership)",
)
def create_event(request: HttpRequest, payload: EventIn) -> Status[Event]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_new_event(user=user, slug=payload.partnership)
    data = _services_data(payload.model_dump(exclude={"partnership"}))
    event = services.create_event(
        user=user, partnership=partnership, data=services.EventData(**data)
    )
    return Status(201, permissions.access_event_by_id(user=user, event_id=event.pk))


@router.patch(
    "/{event_id}",
    response={200: EventOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change an event (coordinators of its partnership)",
)
def patch_event(request: HttpRequest, event_id: int, payload: EventPatch) -> Event:
    user = token_user(request)
    event = permissions.access_event_by_id_for_edit(user=user, event_id=event_id)
    changes = payload.model_dump(exclude_unset=True)
    nulls = sorted(field for field, value in changes.items() if value is None)
    not_nullable = [field for field in nulls if field not in NULLABLE | {"slug"}]
    if not_nullable:
        raise ValidationError(
            {
                field: [_("null is not allowed: send a value, or leave the field out.")]
                for field in not_nullable
            }
        )
    data = dataclasses.replace(services.data_from_event(event), **_services_data(changes))
    services.update_event(user=user, event=event, data=data)
    return permissions.access_event_by_id(user=user, event_id=event.pk)


@router.delete(
    "/{event_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Delete an event (coordinators of its partnership)",
)
def delete_event(request: HttpRequest, event_id: int) -> Status[None]:
    user = token_user(request)
    event = permissions.access_event_by_id_for_edit(user=user, event_id=event_id)
    services.delete_event(user=user, event=event)
    return Status(204, None)


# The programme of an event ------------------------------------------------------------------

PROGRAMME_TIMES_HELP = (
    "Local time at the event's venue without an offset (2026-03-03T09:00, read in the event's "
    "`timezone`), or an instant with an offset (2026-03-03T08:00Z). Must lie within the event."
)


class OrganisationRefOut(Schema):
    id: int
    slug: str
    name: str
    url: str = Field(description="The organisation's directory page.")

    @staticmethod
    def resolve_url(organisation: Any) -> str:
        return absolute_url(reverse("directory:organisation", args=[organisation.slug]))


class ProgrammeItemOut(Schema):
    id: int
    event: int = Field(description="Id of the event.")
    kind: str = Field(description=f"One of: {', '.join(ProgrammeItemKind.values)}.")
    title: str
    description: str = Field(description="Markdown.")
    start_at: dt.datetime = Field(description="Start, in UTC.")
    end_at: dt.datetime = Field(description="End, in UTC.")
    start_local: dt.datetime = Field(description="Start at the venue, with its UTC offset.")
    end_local: dt.datetime = Field(description="End at the venue, with its UTC offset.")
    place: str = Field(description="Room or address.")
    speakers: str = Field(description="Speakers or hosts.")
    visited_organisation: OrganisationRefOut | None = Field(
        description="For a company visit: the visited organisation."
    )
    position: int = Field(description="Order among items that start at the same time.")

    @staticmethod
    def resolve_event(item: ProgrammeItem) -> int:
        return item.event_id

    @staticmethod
    def resolve_start_at(item: ProgrammeItem) -> dt.datetime:
        return item.start_at.astimezone(dt.UTC)

    @staticmethod
    def resolve_end_at(item: ProgrammeItem) -> dt.datetime:
        return item.end_at.astimezone(dt.UTC)

    @staticmethod
    def resolve_start_local(item: ProgrammeItem) -> dt.datetime:
        return item.start_at.astimezone(get_zone(item.event.timezone) or dt.UTC)

    @staticmethod
    def resolve_end_local(item: ProgrammeItem) -> dt.datetime:
        return item.end_at.astimezone(get_zone(item.event.timezone) or dt.UTC)


class ProgrammeOut(Schema):
    event: int
    timezone: str = Field(description="IANA time zone of the venue.")
    ics_url: str = Field(description="The programme as an iCalendar file (one event per item).")
    items: list[ProgrammeItemOut] = Field(
        description="By start time; `position` orders items that start together."
    )


class ProgrammeItemIn(Schema):
    kind: str = Field(description=f"One of: {', '.join(ProgrammeItemKind.values)}.")
    title: str
    start_at: dt.datetime = Field(description=PROGRAMME_TIMES_HELP)
    end_at: dt.datetime = Field(description=PROGRAMME_TIMES_HELP)
    description: str = ""
    place: str = ""
    speakers: str = ""
    visited_organisation_id: int | None = Field(
        None, description="Id of the visited organisation (company visits only)."
    )


class ProgrammeItemPatch(Schema):
    """Only the fields sent change."""

    kind: str | None = None
    title: str | None = None
    start_at: dt.datetime | None = Field(None, description=PROGRAMME_TIMES_HELP)
    end_at: dt.datetime | None = Field(None, description=PROGRAMME_TIMES_HELP)
    description: str | None = None
    place: str | None = None
    speakers: str | None = None
    visited_organisation_id: int | None = Field(None, description="null clears it.")


class ProgrammeOrderIn(Schema):
    item_ids: list[int] = Field(description="Every item of the programme, once, in order.")


def _programme(event: Event) -> dict[str, object]:
    items = queries.list_programme_items(event=event)
    for item in items:
        item.event = event
    return {
        "event": event.pk,
        "timezone": event.timezone,
        "ics_url": absolute_url(
            reverse("events:programme_ics", args=[event.partnership.slug, event.slug])
        ),
        "items": items,
    }


def _reloaded(item: ProgrammeItem, event: Event) -> ProgrammeItem:
    fresh = queries.get_programme_item(item_id=item.pk)
    fresh.event = event
    return fresh


@router.get(
    "/{event_id}/programme",
    response={200: ProgrammeOut, 401: ErrorOut, 404: ErrorOut},
    summary="The programme of an event (visible with the event)",
)
def get_programme(request: HttpRequest, event_id: int) -> dict[str, object]:
    event = permissions.access_event_by_id(user=api_viewer(request), event_id=event_id)
    return _programme(event)


@router.post(
    "/{event_id}/programme",
    response={201: ProgrammeItemOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a programme item (coordinators of the event's partnership)",
)
def create_programme_item(
    request: HttpRequest, event_id: int, payload: ProgrammeItemIn
) -> Status[ProgrammeItem]:
    user = token_user(request)
    event = permissions.access_event_by_id_for_edit(user=user, event_id=event_id)
    item = services.add_programme_item(
        user=user, event=event, data=services.ProgrammeItemData(**payload.model_dump())
    )
    return Status(201, _reloaded(item, event))


@router.patch(
    "/{event_id}/programme/{int:item_id}",
    response={200: ProgrammeItemOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a programme item (coordinators of the event's partnership)",
)
def patch_programme_item(
    request: HttpRequest, event_id: int, item_id: int, payload: ProgrammeItemPatch
) -> ProgrammeItem:
    user = token_user(request)
    item = permissions.access_programme_item_by_id_for_edit(
        user=user, event_id=event_id, item_id=item_id
    )
    changes = payload.model_dump(exclude_unset=True)
    not_nullable = sorted(
        field
        for field, value in changes.items()
        if value is None and field != "visited_organisation_id"
    )
    if not_nullable:
        raise ValidationError(
            {
                field: [_("null is not allowed: send a value, or leave the field out.")]
                for field in not_nullable
            }
        )
    data = dataclasses.replace(services.data_from_programme_item(item), **changes)
    services.update_programme_item(user=user, item=item, data=data)
    return _reloaded(item, item.event)


@router.delete(
    "/{event_id}/programme/{int:item_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
    summary="Remove a programme item (coordinators of the event's partnership)",
)
def delete_programme_item(request: HttpRequest, event_id: int, item_id: int) -> Status[None]:
    user = token_user(request)
    item = permissions.access_programme_item_by_id_for_edit(
        user=user, event_id=event_id, item_id=item_id
    )
    services.delete_programme_item(user=user, item=item)
    return Status(204, None)


@router.put(
    "/{event_id}/programme/order",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Order the programme's items (decides among items that start together)",
)
def order_programme(
    request: HttpRequest, event_id: int, payload: ProgrammeOrderIn
) -> dict[str, object]:
    user = token_user(request)
    event = permissions.access_event_by_id_for_edit(user=user, event_id=event_id)
    services.reorder_programme(user=user, event=event, item_ids=payload.item_ids)
    return _programme(event)
