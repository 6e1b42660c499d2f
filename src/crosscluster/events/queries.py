"""Reads about events: the Monday-to-Sunday week, lists, one event, who may see what."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from crosscluster.core.choices import Visibility
from crosscluster.core.dates import format_date
from crosscluster.core.times import (
    DATE_FORMAT,
    EN_DASH,
    TIME_FORMAT,
    Schedule,
    describe_schedule,
    get_zone,
)
from crosscluster.directory import queries as directory_queries
from crosscluster.events.models import Event, EventKind, ProgrammeItem
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser, Standing

if TYPE_CHECKING:
    from crosscluster.directory.models import Country, Organisation
    from crosscluster.partnerships.models import Partnership

WEEK_KEY = re.compile(r"(\d{4})-W(\d{2})")
# Weeks outside these years are treated as malformed (and the week after 9999-W52 cannot exist).
FIRST_YEAR, LAST_YEAR = 1900, 2999


@dataclass(frozen=True)
class DayEntry:
    """An event on one day of the week, as the viewer's clock sees it."""

    event: Event
    starts_today: bool
    ends_today: bool


@dataclass(frozen=True)
class Day:
    date: dt.date
    is_today: bool
    entries: tuple[DayEntry, ...]

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(entry.event for entry in self.entries)


@dataclass(frozen=True)
class Week:
    """Seven days from Monday; ``key`` is the ISO week (e.g. ``2026-W48``)."""

    monday: dt.date
    days: tuple[Day, ...]
    key: str
    previous_key: str
    next_key: str
    today_key: str

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def is_empty(self) -> bool:
        return not any(day.entries for day in self.days)


def iso_week_key(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(week: str | None, today: dt.date) -> dt.date:
    """Monday of an ISO week like ``2026-W48``; this week's Monday when absent or malformed.

    Malformed includes weeks a year does not have (``2025-W53``) and years outside 1900-2999.
    """
    match = WEEK_KEY.fullmatch(week.strip()) if week else None
    if match:
        year, number = int(match[1]), int(match[2])
        if FIRST_YEAR <= year <= LAST_YEAR:
            try:
                return dt.date.fromisocalendar(year, number, 1)
            except ValueError:
                pass
    return today - dt.timedelta(days=today.weekday())


def visible_events(*, partnership: Partnership, standing: Standing) -> QuerySet[Event]:
    """The partnership's events at the visibility levels the viewer's standing allows."""
    return Event.objects.filter(
        partnership=partnership, visibility__in=standing.visibilities()
    ).select_related("partnership", "country")


def build_week(
    *, partnership: Partnership, standing: Standing, week: str | None, today: dt.date
) -> Week:
    """The viewer's week (in the active time zone) with the events that touch each day.

    ``today`` is the viewer's date (``timezone.localdate()``); an event shows on every day it
    overlaps, so a three-day trade fair appears on three days.
    """
    monday = monday_of(week, today)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min, tzinfo=zone)
    events = list(
        visible_events(partnership=partnership, standing=standing)
        .filter(start_at__lt=end, end_at__gt=start)
        .order_by("start_at", "pk")
    )
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        day_start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
        day_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        entries = tuple(
            DayEntry(
                event=event,
                starts_today=event.start_at >= day_start,
                ends_today=event.end_at <= day_end,
            )
            for event in events
            if event.start_at < day_end and event.end_at > day_start
        )
        days.append(Day(date=day, is_today=day == today, entries=entries))
    return Week(
        monday=monday,
        days=tuple(days),
        key=iso_week_key(monday),
        previous_key=iso_week_key(monday - dt.timedelta(days=7)),
        next_key=iso_week_key(monday + dt.timedelta(days=7)),
        today_key=iso_week_key(today),
    )


def list_upcoming_events(
    *, partnership: Partnership, standing: Standing, now: dt.datetime, limit: int
) -> list[Event]:
    """Events not yet over, soonest first."""
    return list(
        visible_events(partnership=partnership, standing=standing)
        .filter(end_at__gte=now)
        .order_by("start_at", "pk")[:limit]
    )


class Period(StrEnum):
    UPCOMING = "upcoming"
    PAST = "past"


def list_events(
    *,
    partnership: Partnership,
    standing: Standing,
    now: dt.datetime,
    period: Period = Period.UPCOMING,
    kind: str | None = None,
) -> QuerySet[Event]:
    """Upcoming events (not yet over, soonest first) or past ones (latest first)."""
    events = visible_events(partnership=partnership, standing=standing).select_related("host")
    if kind:
        events = events.filter(kind=kind)
    if period == Period.PAST:
        return events.filter(end_at__lt=now).order_by("-start_at", "-pk")
    return events.filter(end_at__gte=now).order_by("start_at", "pk")


def get_visible_event(*, partnership: Partnership, standing: Standing, slug: str) -> Event:
    """One event the viewer may see; ``Event.DoesNotExist`` when it does not exist or is hidden
    from them (``permissions`` makes it a 404)."""
    return (
        visible_events(partnership=partnership, standing=standing)
        .select_related("host__country")
        .get(slug=slug)
    )


def visibility_filter(*, user: AnyUser) -> Q:
    """Events a user may see in any partnership (see partnerships.queries.visibility_filter)."""
    return partnership_queries.visibility_filter(user=user)


def list_visible_events(
    *,
    user: AnyUser,
    partnership_slug: str | None = None,
    kind: str | None = None,
    ends_after: dt.datetime | None = None,
    starts_before: dt.datetime | None = None,
) -> QuerySet[Event]:
    """Events across partnerships that the user may see, soonest first (the API's list).

    An unknown or hidden ``partnership_slug`` is ``Partnership.DoesNotExist`` (the API answers
    404) rather than an empty list.
    """
    events = Event.objects.filter(visibility_filter(user=user))
    if partnership_slug:
        partnership = partnership_queries.get_partnership(user=user, slug=partnership_slug)
        events = events.filter(partnership=partnership)
    if kind:
        events = events.filter(kind=kind)
    if ends_after is not None:
        events = events.filter(end_at__gte=ends_after)
    if starts_before is not None:
        events = events.filter(start_at__lt=starts_before)
    return events.select_related("partnership", "country", "host__country").order_by(
        "start_at", "pk"
    )


def get_visible_event_by_id(*, user: AnyUser, event_id: int) -> Event:
    """One event by id if the user may see it; ``Event.DoesNotExist`` otherwise (hidden and
    missing look alike)."""
    return (
        Event.objects.filter(visibility_filter(user=user))
        .select_related("partnership", "country", "host__country")
        .get(pk=event_id)
    )


def list_visible_event_ids(*, user: AnyUser) -> QuerySet[Any]:
    """Ids of the events the user may see, as a subquery (``pk__in=...``)."""
    return Event.objects.filter(visibility_filter(user=user)).values("pk")


def get_event_of(*, partnership: Partnership, slug: str) -> Event:
    """A partnership's event by slug, whatever its visibility (coordinators edit it);
    ``Event.DoesNotExist`` otherwise."""
    return Event.objects.select_related("partnership", "country", "host").get(
        partnership=partnership, slug=slug
    )


def get_schedule(*, event: Event, viewer_zone: dt.tzinfo | None = None) -> Schedule:
    """The event's times at the venue and in the viewer's (active) time zone."""
    return describe_schedule(
        start_at=event.start_at,
        end_at=event.end_at,
        venue_zone=event.timezone,
        viewer_zone=viewer_zone or timezone.get_current_timezone(),
    )


def list_feed_events(
    *, partnership: Partnership, standing: Standing, since: dt.datetime, limit: int
) -> list[Event]:
    """Events for a calendar feed: those ending after ``since``, oldest first, at most ``limit``."""
    return list(
        visible_events(partnership=partnership, standing=standing)
        .filter(end_at__gte=since)
        .order_by("start_at", "pk")[:limit]
    )


# The programme of an event ------------------------------------------------------------------


def list_programme_items(*, event: Event) -> list[ProgrammeItem]:
    """An event's programme by time; ``position`` orders items that start together."""
    return list(
        ProgrammeItem.objects.filter(event=event)
        .select_related("visited_organisation")
        .order_by("start_at", "position", "pk")
    )


@dataclass(frozen=True)
class ProgrammeEntry:
    """One item as the programme shows it: venue times, the viewer's, what runs in parallel."""

    item: ProgrammeItem
    venue_times: str  # 09:00-10:30 (the end's date too when it is on a later day at the venue)
    viewer_times: str  # the same span on the viewer's clock (with dates when they differ)
    parallel_with: tuple[str, ...]  # titles of the items it overlaps
    can_move_up: bool  # the item before it starts at the same time (parallel sessions)
    can_move_down: bool


@dataclass(frozen=True)
class ProgrammeDay:
    date: dt.date  # at the venue
    entries: tuple[ProgrammeEntry, ...]


@dataclass(frozen=True)
class Programme:
    venue_zone: str
    viewer_zone: str
    same_zone: bool
    days: tuple[ProgrammeDay, ...]

    @property
    def is_empty(self) -> bool:
        return not self.days

    @property
    def item_ids(self) -> list[int]:
        return [entry.item.pk for day in self.days for entry in day.entries]


def _venue_times(item: ProgrammeItem, zone: dt.tzinfo) -> str:
    start, end = item.start_at.astimezone(zone), item.end_at.astimezone(zone)
    end_format = TIME_FORMAT if start.date() == end.date() else f"{DATE_FORMAT}, {TIME_FORMAT}"
    return f"{format_date(start, TIME_FORMAT)}{EN_DASH}{format_date(end, end_format)}"


def _parallel_titles(items: list[ProgrammeItem]) -> dict[int, list[str]]:
    """For each item, the titles of the items it overlaps (items sorted by start)."""
    parallel: dict[int, list[str]] = {item.pk: [] for item in items}
    for index, item in enumerate(items):
        for later in items[index + 1 :]:
            if later.start_at >= item.end_at:
                break
            parallel[item.pk].append(later.title)
            parallel[later.pk].append(item.title)
    return parallel


def build_programme(*, event: Event, viewer_zone: dt.tzinfo | None = None) -> Programme:
    """The programme grouped by day at the venue, each item in the venue's and viewer's time.

    Overlapping items are allowed (parallel sessions); each says what it runs in parallel with.
    """
    venue = get_zone(event.timezone) or dt.UTC
    viewer = viewer_zone or timezone.get_current_timezone()
    items = list_programme_items(event=event)
    parallel = _parallel_titles(items)
    days: dict[dt.date, list[ProgrammeEntry]] = {}
    for index, item in enumerate(items):
        schedule = describe_schedule(
            start_at=item.start_at,
            end_at=item.end_at,
            venue_zone=event.timezone,
            viewer_zone=viewer,
        )
        previous = items[index - 1] if index else None
        following = items[index + 1] if index + 1 < len(items) else None
        entry = ProgrammeEntry(
            item=item,
            venue_times=_venue_times(item, venue),
            viewer_times=schedule.viewer_text,
            parallel_with=tuple(parallel[item.pk]),
            can_move_up=previous is not None and previous.start_at == item.start_at,
            can_move_down=following is not None and following.start_at == item.start_at,
        )
        days.setdefault(item.start_at.astimezone(venue).date(), []).append(entry)
    viewer_name = str(getattr(viewer, "key", viewer))
    venue_name = str(getattr(venue, "key", "UTC"))
    return Programme(
        venue_zone=venue_name,
        viewer_zone=viewer_name,
        same_zone=viewer_name == venue_name,
        days=tuple(ProgrammeDay(date=day, entries=tuple(entries)) for day, entries in days.items()),
    )


def list_overlapping_titles(*, item: ProgrammeItem) -> list[str]:
    """Titles of the other items of the programme that overlap ``item`` (parallel sessions)."""
    return list(
        ProgrammeItem.objects.filter(
            event_id=item.event_id, start_at__lt=item.end_at, end_at__gt=item.start_at
        )
        .exclude(pk=item.pk)
        .order_by("start_at", "position", "pk")
        .values_list("title", flat=True)
    )


def get_programme_item(*, item_id: int) -> ProgrammeItem:
    """A programme item with its visited organisation; ``ProgrammeItem.DoesNotExist`` otherwise."""
    return ProgrammeItem.objects.select_related("visited_organisation").get(pk=item_id)


def get_programme_item_of(*, event: Event, item_id: int) -> ProgrammeItem:
    """An item of this event's programme; ``ProgrammeItem.DoesNotExist`` for an item of
    another event (or none)."""
    return ProgrammeItem.objects.select_related("visited_organisation").get(event=event, pk=item_id)


# Slots to meet at (conversations propose them) -------------------------------------------

#: at most this many coming programme items are offered to choose a slot from
SLOT_CHOICES_MAX = 200


def organisation_visibility_filter(*, organisation_id: int) -> Q:
    """Events every person of an organisation may see, whoever they are: public events of
    public partnerships, and partnership-only events of those the organisation takes part in
    (as a partner or a member of a partner cluster). Coordinators-only events are left out:
    they are seen by named people, not by organisations."""
    public = partnership_queries.list_partnerships(user=AnonymousUser()).values("pk")
    member_of = partnership_queries.member_partnership_ids(organisation_ids={organisation_id})
    return Q(partnership_id__in=public) & (
        Q(visibility=Visibility.PUBLIC)
        | Q(visibility=Visibility.PARTNERSHIP, partnership_id__in=member_of)
    )


def list_slot_choices(
    *, user: AnyUser, other_organisation_id: int, now: dt.datetime
) -> list[ProgrammeItem]:
    """Programme items not yet started of events that ``user`` sees and every person of the
    other organisation sees too (so a proposal names nothing either side may not see), study
    visits first, then by time."""
    events = Event.objects.filter(visibility_filter(user=user)).filter(
        organisation_visibility_filter(organisation_id=other_organisation_id)
    )
    items = (
        ProgrammeItem.objects.filter(event__in=events.values("pk"), start_at__gt=now)
        .select_related("event__partnership", "visited_organisation")
        .order_by("start_at", "position", "pk")[:SLOT_CHOICES_MAX]
    )
    return sorted(items, key=lambda item: item.event.kind != EventKind.STUDY_VISIT)


def can_see_programme_item(*, user: AnyUser, item_id: int) -> bool:
    """Whether ``user`` may see the event of this programme item."""
    return ProgrammeItem.objects.filter(
        pk=item_id, event__in=list_visible_event_ids(user=user)
    ).exists()


# Choices of the forms -----------------------------------------------------------------------


def list_country_choices() -> QuerySet[Country]:
    return directory_queries.list_countries_by_name()


def list_country_names() -> list[tuple[str, str]]:
    """(ISO code, name in the reader's language), in that language's alphabetical order."""
    return directory_queries.country_choices()


def list_organisation_choices(
    *, partnership: Partnership, including: int | None = None
) -> QuerySet[Organisation]:
    """Hosts and visited organisations: the partnership's partners and the members of its
    partner clusters, plus ``including`` (one set through the API stays choosable)."""
    involved = partnership_queries.involved_organisations(partnership=partnership)
    return directory_queries.list_organisation_choices(
        ids=involved.values("pk"), including=including
    )


# --- monitoring (the scoreboard's raw rows) ---


def list_monitoring_event_rows(*, partnership_id: int) -> list[dict[str, object]]:
    """Every event of a partnership (all visibilities: the scoreboard counts, it does not show)."""
    return [
        dict(row)
        for row in Event.objects.filter(partnership_id=partnership_id)
        .order_by("start_at", "pk")
        .values("pk", "kind", "title", "start_at", "end_at", "country_id")
    ]


def place_text(event: Event) -> str:
    """Where the event takes place as one line for a calendar's LOCATION: venue, address, city
    and country (in the reader's language); else its online link; else "Online" for an event
    held online whose link is not published yet; else nothing."""
    parts = [event.venue_name, event.venue_address, event.city]
    if event.country is not None:
        parts.append(event.country.display_name)
    place = ", ".join(part for part in parts if part)
    if place or event.online_url:
        return place or event.online_url
    return gettext("Online") if event.held_online else ""
