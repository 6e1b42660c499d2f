"""Events API: list and read what the requester may see; coordinators write with a token.

No ``from __future__ import annotations`` here: ninja's ``paginate`` wrapper resolves parameter
annotations in its own module, so they must be real objects, not strings.
"""

import dataclasses
import datetime as dt
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.pagination import PageNumberPagination, paginate

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.core.api import ErrorOut
from crosscluster.core.http import absolute_url
from crosscluster.events import ics, permissions, queries, services
from crosscluster.events.models import Event, EventKind
from crosscluster.events.times import get_zone
from crosscluster.partnerships.queries import AnyUser

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
    host_id: int | None = Field(None, description="Id of the host organisation; null clears it.")
    visibility: str | None = None
    slug: str | None = None


PARTNERSHIP_QUERY = Query(None, description="Slug of a partnership.")
KIND_QUERY = Query(None, description=f"One of: {', '.join(EventKind.values)}.")
FROM_QUERY = Query(None, alias="from", description="Events that end on or after this day (UTC).")
TO_QUERY = Query(None, alias="to", description="Events that start on or before this day (UTC).")
UPCOMING_QUERY = Query(False, description="Only events not yet over.")
NULLABLE = frozenset({"country", "host_id"})


def _reader(request: HttpRequest) -> AnyUser:
    """Who reads: the bearer token's user if one is sent, else the session's (or anonymous)."""
    header = request.headers.get("Authorization", "")
    if not header:
        return request.user
    scheme, _, key = header.partition(" ")
    user = token_auth.authenticate(request, key.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise AuthenticationError(401, "The bearer token is not valid.")
    return user


@router.get("/", response=list[EventOut], summary="List events the requester may see")
@paginate(PageNumberPagination)
def list_events(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    partnership: str | None = PARTNERSHIP_QUERY,
    kind: str | None = KIND_QUERY,
    from_date: date | None = FROM_QUERY,
    to_date: date | None = TO_QUERY,
    upcoming: bool = UPCOMING_QUERY,
):
    errors: dict[str, list[str]] = {}
    if kind and kind not in EventKind.values:
        errors["kind"] = [f"Choose one of: {', '.join(EventKind.values)}."]
    if from_date and to_date and to_date < from_date:
        errors["to"] = ["Give a day on or after `from`."]
    if errors:
        raise ValidationError(errors)
    ends_after = [timezone.now()] if upcoming else []
    if from_date:
        ends_after.append(dt.datetime.combine(from_date, dt.time.min, tzinfo=dt.UTC))
    starts_before = (
        dt.datetime.combine(to_date + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        if to_date
        else None
    )
    return queries.list_visible_events(
        user=_reader(request),
        partnership_slug=partnership,
        kind=kind,
        ends_after=max(ends_after) if ends_after else None,
        starts_before=starts_before,
    )


@router.get("/{event_id}", response={200: EventOut, 404: ErrorOut}, summary="One event")
def get_event(request: HttpRequest, event_id: int) -> Event:
    return queries.get_visible_event_by_id(user=_reader(request), event_id=event_id)


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
    return Status(201, queries.get_visible_event_by_id(user=user, event_id=event.pk))


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
                field: ["null is not allowed: send a value, or leave the field out."]
                for field in not_nullable
            }
        )
    data = dataclasses.replace(services.data_from_event(event), **_services_data(changes))
    services.update_event(user=user, event=event, data=data)
    return queries.get_visible_event_by_id(user=user, event_id=event.pk)


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
