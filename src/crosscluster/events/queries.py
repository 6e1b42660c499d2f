"""Reads about events: the Monday-to-Sunday week, upcoming lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from crosscluster.events.models import Event
from crosscluster.partnerships.models import Partnership
from crosscluster.partnerships.queries import Standing


@dataclass(frozen=True)
class Day:
    date: dt.date
    is_today: bool
    events: tuple[Event, ...]


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
        return not any(day.events for day in self.days)


def iso_week_key(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(week: str | None, today: dt.date) -> dt.date:
    """Monday of an ISO week like ``2026-W48``; this week's Monday when absent or malformed."""
    if week:
        try:
            return dt.datetime.strptime(week + "-1", "%G-W%V-%u").date()
        except ValueError:
            pass
    return today - dt.timedelta(days=today.weekday())


def visible_events(*, partnership: Partnership, standing: Standing) -> QuerySet[Event]:
    return Event.objects.filter(
        partnership=partnership, visibility__in=standing.visibilities()
    ).select_related("country")


def build_week(
    *, partnership: Partnership, standing: Standing, week: str | None, today: dt.date
) -> Week:
    """The viewer's week (in the active time zone) with the events that touch each day."""
    monday = monday_of(week, today)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=zone)
    end = start + dt.timedelta(days=7)
    events = list(
        visible_events(partnership=partnership, standing=standing)
        .filter(start_at__lt=end, end_at__gt=start)
        .order_by("start_at")
    )
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        day_start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
        day_end = day_start + dt.timedelta(days=1)
        days.append(
            Day(
                date=day,
                is_today=day == today,
                events=tuple(e for e in events if e.start_at < day_end and e.end_at > day_start),
            )
        )
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
    return list(
        visible_events(partnership=partnership, standing=standing)
        .filter(end_at__gte=now)
        .order_by("start_at")[:limit]
    )
