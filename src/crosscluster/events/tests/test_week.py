"""The Monday-to-Sunday week: ISO week keys, the viewer's time zone, multi-day events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.core.choices import Visibility
from crosscluster.events.queries import build_week, monday_of
from crosscluster.events.tests.factories import UTC, make_event
from crosscluster.partnerships.queries import Standing
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

PUBLIC = Standing(is_coordinator=False, is_member=False)
MEMBER = Standing(is_coordinator=False, is_member=True)
TODAY = dt.date(2026, 11, 26)  # a Thursday in 2026-W48


def week_of(cast, key: str | None, zone: str = "UTC", standing: Standing = PUBLIC, today=TODAY):
    with timezone.override(zone):
        return build_week(partnership=cast.partnership, standing=standing, week=key, today=today)


def titles(day) -> list[str]:
    return [event.title for event in day.events]


@pytest.mark.parametrize(
    ("key", "monday", "previous_key", "next_key"),
    [
        ("2026-W01", dt.date(2025, 12, 29), "2025-W52", "2026-W02"),
        ("2020-W53", dt.date(2020, 12, 28), "2020-W52", "2021-W01"),
        ("2026-W53", dt.date(2026, 12, 28), "2026-W52", "2027-W01"),
        ("2021-W01", dt.date(2021, 1, 4), "2020-W53", "2021-W02"),
        ("2026-W48", dt.date(2026, 11, 23), "2026-W47", "2026-W49"),
    ],
)
def test_iso_week_keys_across_year_boundaries(cast, key, monday, previous_key, next_key) -> None:
    week = week_of(cast, key)
    assert week.monday == monday
    assert week.monday.weekday() == 0
    assert week.sunday == monday + dt.timedelta(days=6)
    assert [day.date for day in week.days] == [monday + dt.timedelta(days=n) for n in range(7)]
    assert (week.key, week.previous_key, week.next_key) == (key, previous_key, next_key)


@pytest.mark.parametrize(
    "key",
    [
        None,
        "",
        "garbage",
        "2025-W53",  # 2025 has 52 ISO weeks
        "2026-W54",
        "2026-W00",
        "2026-W1",
        "2026W10",
        "2026-W10-3",
        "2026-W10<script>",
        "0999-W10",
        "9999-W52",  # its next week would not exist
    ],
)
def test_malformed_week_keys_fall_back_to_the_current_week(cast, key) -> None:
    week = week_of(cast, key)
    assert week.monday == dt.date(2026, 11, 23)
    assert week.key == week.today_key == "2026-W48"
    assert [day.is_today for day in week.days] == [False, False, False, True, False, False, False]


def test_monday_of_tolerates_surrounding_spaces() -> None:
    assert monday_of(" 2026-W10 ", TODAY) == dt.date(2026, 3, 2)


def test_late_sunday_utc_is_monday_for_a_viewer_in_berlin(cast) -> None:
    # Sunday 8 March 2026 23:30 UTC = Monday 9 March 00:30 in Berlin.
    make_event(
        cast.partnership,
        "Late call",
        start_at=dt.datetime(2026, 3, 8, 23, 30, tzinfo=UTC),
        hours=0.25,
    )

    in_utc = week_of(cast, "2026-W10", "UTC")
    assert titles(in_utc.days[6]) == ["Late call"]  # Sunday
    assert week_of(cast, "2026-W11", "UTC").is_empty

    in_berlin = week_of(cast, "2026-W11", "Europe/Berlin")
    assert in_berlin.days[0].date == dt.date(2026, 3, 9)
    assert titles(in_berlin.days[0]) == ["Late call"]  # Monday
    assert all(not day.events for day in in_berlin.days[1:])
    assert week_of(cast, "2026-W10", "Europe/Berlin").is_empty


def test_day_boundaries_follow_summer_time(cast) -> None:
    # Berlin moves to UTC+2 on Sunday 29 March 2026; 22:30 UTC that evening is 00:30 Monday.
    make_event(
        cast.partnership,
        "After the change",
        start_at=dt.datetime(2026, 3, 29, 22, 30, tzinfo=UTC),
        hours=1,
    )
    make_event(
        cast.partnership,
        "Before midnight",
        start_at=dt.datetime(2026, 3, 29, 21, 30, tzinfo=UTC),
        hours=0.25,
    )

    week13 = week_of(cast, "2026-W13", "Europe/Berlin")
    assert titles(week13.days[6]) == ["Before midnight"]
    week14 = week_of(cast, "2026-W14", "Europe/Berlin")
    assert titles(week14.days[0]) == ["After the change"]


def test_a_multi_day_event_shows_on_each_of_its_days(cast) -> None:
    # Tuesday 3 March 09:00 to Thursday 5 March 17:00, Berlin time.
    make_event(
        cast.partnership,
        "Trade fair",
        kind="trade_fair",
        start_at=dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
        end_at=dt.datetime(2026, 3, 5, 16, 0, tzinfo=UTC),
    )
    week = week_of(cast, "2026-W10", "Europe/Berlin")
    assert [titles(day) for day in week.days] == [
        [],
        ["Trade fair"],
        ["Trade fair"],
        ["Trade fair"],
        [],
        [],
        [],
    ]
    tuesday, wednesday, thursday = (week.days[n].entries[0] for n in (1, 2, 3))
    assert (tuesday.starts_today, tuesday.ends_today) == (True, False)
    assert (wednesday.starts_today, wednesday.ends_today) == (False, False)
    assert (thursday.starts_today, thursday.ends_today) == (False, True)


def test_an_event_spanning_two_weeks_shows_in_both(cast) -> None:
    make_event(
        cast.partnership,
        "Weekend hackathon",
        start_at=dt.datetime(2026, 3, 7, 9, 0, tzinfo=UTC),  # Saturday
        end_at=dt.datetime(2026, 3, 9, 12, 0, tzinfo=UTC),  # Monday
    )
    assert titles(week_of(cast, "2026-W10").days[5]) == ["Weekend hackathon"]
    assert titles(week_of(cast, "2026-W10").days[6]) == ["Weekend hackathon"]
    assert titles(week_of(cast, "2026-W11").days[0]) == ["Weekend hackathon"]


def test_an_event_ending_at_midnight_does_not_spill_into_the_next_day(cast) -> None:
    make_event(
        cast.partnership,
        "Evening reception",
        start_at=dt.datetime(2026, 3, 3, 18, 0, tzinfo=UTC),
        end_at=dt.datetime(2026, 3, 4, 0, 0, tzinfo=UTC),
    )
    week = week_of(cast, "2026-W10", "UTC")
    assert titles(week.days[1]) == ["Evening reception"]
    assert titles(week.days[2]) == []
    assert week.days[1].entries[0].ends_today


def test_events_of_a_day_are_in_start_order(cast) -> None:
    make_event(
        cast.partnership, "Afternoon", start_at=dt.datetime(2026, 3, 3, 13, 0, tzinfo=UTC), hours=1
    )
    make_event(
        cast.partnership, "Morning", start_at=dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC), hours=1
    )
    assert titles(week_of(cast, "2026-W10").days[1]) == ["Morning", "Afternoon"]


def test_hidden_events_stay_out_of_the_week(cast) -> None:
    make_event(cast.partnership, "Members meeting", visibility=Visibility.PARTNERSHIP)
    make_event(cast.partnership, "Coordinators meeting", visibility=Visibility.PRIVATE, slug="c")
    assert week_of(cast, "2026-W10", standing=PUBLIC).is_empty
    assert titles(week_of(cast, "2026-W10", standing=MEMBER).days[1]) == ["Members meeting"]
    coordinator = Standing(is_coordinator=True, is_member=True)
    assert sorted(titles(week_of(cast, "2026-W10", standing=coordinator).days[1])) == [
        "Coordinators meeting",
        "Members meeting",
    ]


def test_the_partnership_page_moves_week_by_week_without_javascript(cast, client: Client) -> None:
    make_event(cast.partnership, "Study visit to Berlin")
    url = reverse("partnerships:detail", args=[cast.partnership.slug])
    html = client.get(url, {"week": "2026-W10"}).content.decode()
    assert 'data-testid="week-label">2 Mar – 8 Mar 2026<' in html  # noqa: RUF001
    assert 'href="?week=2026-W11#week-calendar"' in html
    assert 'href="?week=2026-W09#week-calendar"' in html
    assert "Study visit to Berlin" in html
    assert "08:00–16:00" in html  # no time zone cookie: UTC  # noqa: RUF001
    client.cookies["tz"] = "Europe/Berlin"
    html = client.get(url, {"week": "2026-W10"}).content.decode()
    assert "09:00–17:00" in html  # noqa: RUF001
    assert "times in Europe/Berlin" in html
    # the week by its number, not its ISO code (qa4: "Semana 2026-W10" in every language)
    assert "Week 10, times in Europe/Berlin" in html
    spanish = client.get("/es" + url, {"week": "2026-W10"}).content.decode()
    assert "Semana 10," in spanish
    assert "Semana 2026-W10" not in spanish


def test_htmx_gets_only_the_week(cast, client: Client) -> None:
    make_event(cast.partnership, "Study visit to Berlin")
    url = reverse("partnerships:detail", args=[cast.partnership.slug])
    response = client.get(url, {"week": "2026-W10"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="week-view"' in html
    assert "Study visit to Berlin" in html


def test_the_events_page_week_partial_and_history_restore(cast, client: Client) -> None:
    make_event(cast.partnership, "Study visit to Berlin")
    url = reverse("events:partnership_list", args=[cast.partnership.slug])
    partial = client.get(url, {"week": "2026-W10"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "Study visit to Berlin" in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    # htmx restoring a page from history needs the whole page, not the partial.
    restore = client.get(
        url,
        {"week": "2026-W10"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()


def test_a_member_sees_partnership_events_in_the_week_on_the_page(cast, client: Client) -> None:
    make_event(cast.partnership, "Members meeting", visibility=Visibility.PARTNERSHIP)
    url = reverse("partnerships:detail", args=[cast.partnership.slug])
    assert "Members meeting" not in client.get(url, {"week": "2026-W10"}).content.decode()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    assert "Members meeting" in client.get(url, {"week": "2026-W10"}).content.decode()
