"""iCalendar (RFC 5545) files: a partnership's feed, a single event and an event's programme.

Texts are in the active language (the address's: ``/de/.../calendar.ics`` is German).
Times are written in UTC (``DTSTART:20260303T080000Z``), which every calendar program reads as
the right instant and shows in its user's zone; no VTIMEZONE needed. Each event has a stable
UID (``event-<id>@<site host>``) so re-imports and feed refreshes update instead of duplicating.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import icalendar
from django.urls import reverse
from django.utils.translation import gettext

from crosscluster.core import ics
from crosscluster.core.choices import Visibility
from crosscluster.core.http import absolute_url
from crosscluster.events import queries
from crosscluster.events.models import Event, ProgrammeItem

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

FEED_REFRESH = dt.timedelta(hours=6)
CONTENT_TYPE = ics.CONTENT_TYPE


def event_url(event: Event) -> str:
    return absolute_url(reverse("events:detail", args=[event.partnership.slug, event.slug]))


def event_uid(event: Event) -> str:
    return ics.uid("event", event.pk)


def _times_note(event: Event) -> str:
    return gettext("Times are in UTC; at the venue the time zone is %(zone)s.") % {
        "zone": event.timezone
    }


def event_description(event: Event, url: str) -> str:
    parts = [event.description]
    if event.online_url:
        parts.append(gettext("Online: %(url)s") % {"url": event.online_url})
    parts.append(_times_note(event))
    parts.append(gettext("More: %(url)s") % {"url": url})
    return "\n\n".join(part for part in parts if part)


def build_vevent(event: Event) -> icalendar.Event:
    url = event_url(event)
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", event.updated_at.astimezone(dt.UTC))
    component.add("created", event.created_at.astimezone(dt.UTC))
    component.add("last-modified", event.updated_at.astimezone(dt.UTC))
    component.add("dtstart", event.start_at.astimezone(dt.UTC))
    component.add("dtend", event.end_at.astimezone(dt.UTC))
    component.add("summary", event.title)
    component.add("description", event_description(event, url))
    location = queries.place_text(event)
    if location:
        component.add("location", location)
    component.add("url", url)
    component.add("categories", [str(event.get_kind_display())])
    component.add("class", "PUBLIC" if event.visibility == Visibility.PUBLIC else "PRIVATE")
    return component


def render_partnership_feed(*, partnership: Partnership, events: Iterable[Event]) -> bytes:
    """The partnership's calendar feed, to subscribe to."""
    calendar = ics.new_calendar("Events")
    name = gettext("%(name)s events") % {"name": partnership.acronym or partnership.name}
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add(
        "x-wr-caldesc",
        gettext("Events of %(name)s, from crosscluster.") % {"name": partnership.name},
    )
    calendar.add("url", absolute_url(reverse("partnerships:detail", args=[partnership.slug])))
    calendar.add("source", absolute_url(reverse("events:partnership_ics", args=[partnership.slug])))
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    # The same hint for Outlook and Apple Calendar, which read the older property.
    calendar.add("x-published-ttl", icalendar.vDuration(FEED_REFRESH).to_ical().decode())
    for event in events:
        calendar.add_component(build_vevent(event))
    return bytes(calendar.to_ical())


def render_event_file(*, event: Event) -> bytes:
    """One event, to add to a calendar."""
    calendar = ics.new_calendar("Events")
    calendar.add_component(build_vevent(event))
    return bytes(calendar.to_ical())


def programme_url(event: Event) -> str:
    return f"{event_url(event)}#programme"


def _programme_item_description(item: ProgrammeItem, event: Event) -> str:
    parts = [str(item.get_kind_display())]
    if item.speakers:
        parts.append(gettext("With: %(speakers)s") % {"speakers": item.speakers})
    if item.visited_organisation is not None:
        parts.append(
            gettext("Visit: %(organisation)s") % {"organisation": item.visited_organisation.name}
        )
    parts.append(item.description)
    parts.append(
        gettext("Part of %(event)s: %(url)s") % {"event": event.title, "url": event_url(event)}
    )
    parts.append(_times_note(event))
    return "\n\n".join(part for part in parts if part)


def build_programme_vevent(item: ProgrammeItem, event: Event) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", ics.uid("programme-item", item.pk))
    component.add("dtstamp", item.updated_at.astimezone(dt.UTC))
    component.add("created", item.created_at.astimezone(dt.UTC))
    component.add("last-modified", item.updated_at.astimezone(dt.UTC))
    component.add("dtstart", item.start_at.astimezone(dt.UTC))
    component.add("dtend", item.end_at.astimezone(dt.UTC))
    component.add("summary", item.title)
    component.add("description", _programme_item_description(item, event))
    location = item.place or queries.place_text(event)
    if location:
        component.add("location", location)
    component.add("url", programme_url(event))
    component.add("categories", [str(item.get_kind_display())])
    component.add("related-to", event_uid(event), parameters={"RELTYPE": "PARENT"})
    component.add("class", "PUBLIC" if event.visibility == Visibility.PUBLIC else "PRIVATE")
    return component


def render_programme_file(*, event: Event, items: Iterable[ProgrammeItem]) -> bytes:
    """An event's programme, one VEVENT per item (the event itself is in ``event.ics``)."""
    calendar = ics.new_calendar("Events")
    name = gettext("Programme: %(event)s") % {"event": event.title}
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    for item in items:
        calendar.add_component(build_programme_vevent(item, event))
    return bytes(calendar.to_ical())
