"""Venue time to UTC and back, and spans written as people read them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from crosscluster.core.times import (
    NonexistentLocalTimeError,
    describe_schedule,
    format_span,
    get_zone,
    to_local,
    to_utc,
    zone_choices,
)

UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_venue_wall_clock_becomes_utc_with_the_season_offset() -> None:
    assert to_utc(dt.datetime(2026, 3, 3, 9, 0), BERLIN) == dt.datetime(
        2026, 3, 3, 8, 0, tzinfo=UTC
    )
    assert to_utc(dt.datetime(2026, 7, 7, 9, 0), BERLIN) == dt.datetime(
        2026, 7, 7, 7, 0, tzinfo=UTC
    )
    assert to_local(dt.datetime(2026, 7, 7, 7, 0, tzinfo=UTC), BERLIN) == dt.datetime(
        2026, 7, 7, 9, 0
    )


def test_an_aware_time_keeps_its_instant() -> None:
    tokyo = dt.datetime(2026, 3, 3, 17, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert to_utc(tokyo, BERLIN) == dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


def test_a_skipped_local_time_is_refused() -> None:
    with pytest.raises(NonexistentLocalTimeError):
        to_utc(dt.datetime(2026, 3, 29, 2, 30), BERLIN)  # clocks jump 02:00 -> 03:00


def test_a_repeated_local_time_is_its_first_occurrence() -> None:
    # 25 October 2026: 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC.
    assert to_utc(dt.datetime(2026, 10, 25, 2, 30), BERLIN) == dt.datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "name", ["Europe/Berlin", "Europe/Rome", "Europe/Stockholm", "UTC", "America/New_York"]
)
def test_iana_names_are_zones(name: str) -> None:
    zone = get_zone(name)
    assert zone is not None
    assert zone.key == name


@pytest.mark.parametrize(
    "name", ["Berlin", "CET+1", "localtime", "Factory", "", "../etc/passwd", "europe/berlin"]
)
def test_other_names_are_not(name: str) -> None:
    assert get_zone(name) is None


def test_forms_offer_place_names_not_legacy_aliases() -> None:
    values = [value for value, _ in zone_choices()]
    assert values[0] == "UTC"
    assert "Europe/Berlin" in values
    assert "US/Eastern" not in values
    assert "localtime" not in values
    assert values[1:] == sorted(values[1:])


def test_a_span_within_one_day() -> None:
    start, end = dt.datetime(2026, 3, 3, 8, tzinfo=UTC), dt.datetime(2026, 3, 3, 16, tzinfo=UTC)
    assert format_span(start, end, BERLIN) == "Tue 3 March 2026, 09:00–17:00"  # noqa: RUF001


def test_a_span_over_several_days() -> None:
    start, end = dt.datetime(2026, 3, 3, 8, tzinfo=UTC), dt.datetime(2026, 3, 5, 16, tzinfo=UTC)
    assert format_span(start, end, BERLIN) == "Tue 3 March 2026, 09:00 – Thu 5 March 2026, 17:00"  # noqa: RUF001


def test_the_schedule_names_both_zones() -> None:
    start, end = dt.datetime(2026, 3, 3, 8, tzinfo=UTC), dt.datetime(2026, 3, 3, 16, tzinfo=UTC)
    schedule = describe_schedule(
        start_at=start, end_at=end, venue_zone="Europe/Berlin", viewer_zone=zoneinfo.ZoneInfo("UTC")
    )
    assert (schedule.venue_text, schedule.venue_zone) == (
        "Tue 3 March 2026, 09:00–17:00",  # noqa: RUF001
        "Europe/Berlin",
    )
    assert (schedule.viewer_text, schedule.viewer_zone) == ("08:00–16:00", "UTC")  # noqa: RUF001
    assert not schedule.same_zone


def test_the_viewer_sees_dates_when_theirs_differ_from_the_venue() -> None:
    start, end = dt.datetime(2026, 3, 3, 8, tzinfo=UTC), dt.datetime(2026, 3, 3, 16, tzinfo=UTC)
    schedule = describe_schedule(
        start_at=start,
        end_at=end,
        venue_zone="Europe/Berlin",
        viewer_zone=zoneinfo.ZoneInfo("Asia/Tokyo"),
    )
    assert schedule.viewer_text == "Tue 3 March 2026, 17:00 – Wed 4 March 2026, 01:00"  # noqa: RUF001
    assert schedule.viewer_zone == "Asia/Tokyo"


def test_same_zone_is_said_once() -> None:
    start, end = dt.datetime(2026, 3, 3, 8, tzinfo=UTC), dt.datetime(2026, 3, 3, 16, tzinfo=UTC)
    assert describe_schedule(
        start_at=start, end_at=end, venue_zone="Europe/Berlin", viewer_zone=BERLIN
    ).same_zone


SAO_PAULO = zoneinfo.ZoneInfo("America/Sao_Paulo")
MOMENT = dt.datetime(2026, 12, 22, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Dec 22, 2026, 05:00 (Sao Paulo Time)"),
        ("pt", "22/12/2026, 05:00 (Hora de São Paulo)"),
        ("es", "22 dic 2026, 5:00 (hora de São Paulo)"),
        ("it", "22 dic 2026, 05:00 (Ora San Paolo)"),
        ("de", "22. Dez. 2026, 05:00 São Paulo (Ortszeit)"),
        ("sv", "22 dec. 2026 05:00 (São Paulotid)"),
    ],
)
def test_a_moment_is_written_in_the_readers_language_with_its_zone(
    language: str, expected: str
) -> None:
    from django.utils import translation

    from crosscluster.core.times import format_moment

    with translation.override(language):
        assert format_moment(MOMENT, SAO_PAULO) == expected


def test_a_french_moment_names_its_zone_the_french_way() -> None:
    from django.utils import translation

    from crosscluster.core.times import format_moment

    with translation.override("fr"):
        text = format_moment(MOMENT, SAO_PAULO)
    assert text.startswith("22 déc. 2026, 05:00 (heure")
    assert text.endswith("São Paulo)")


def test_a_moment_in_utc_says_utc_and_an_unlabelled_one_says_no_zone() -> None:
    from django.utils import translation

    from crosscluster.core.times import format_moment

    with translation.override("de"):
        assert format_moment(MOMENT, UTC) == "22. Dez. 2026, 08:00 (UTC)"
        assert format_moment(MOMENT, UTC, labelled=False) == "22. Dez. 2026, 08:00"


def test_without_icu_a_moment_falls_back_to_djangos_names_and_the_iana_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from django.utils import translation

    from crosscluster.core import times

    monkeypatch.setitem(sys.modules, "icu", None)
    times._moment_pattern.cache_clear()
    try:
        with translation.override("en"):
            assert (
                times.format_moment(MOMENT, SAO_PAULO) == "22 Dec 2026, 05:00 (America/Sao_Paulo)"
            )
    finally:
        times._moment_pattern.cache_clear()
