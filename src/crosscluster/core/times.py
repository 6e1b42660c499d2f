"""Time zones for events: IANA names, venue-local times to UTC, and spans as people read them.

Events are stored in UTC (``start_at``/``end_at``) with the venue's IANA zone (``timezone``).
Forms and the API take times in the venue's zone; pages show them in the venue's zone and in
the viewer's.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from crosscluster.core.dates import format_date
from crosscluster.core.i18n import active_language
from crosscluster.core.icu import locale as icu_locale
from crosscluster.core.icu import module as icu_module

# Names zoneinfo lists that are not places: refuse them.
NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})
# Legacy aliases kept by the IANA database; valid, but not offered in forms.
LEGACY_PREFIXES = ("Etc/", "SystemV/", "US/", "Brazil/", "Canada/", "Chile/", "Mexico/")

DATE_FORMAT = "D j F Y"  # Tue 3 March 2026
TIME_FORMAT = "H:i"  # 09:00
EN_DASH = "\u2013"  # between times: 09:00-17:00 is written with an en dash


@functools.cache
def iana_zone_names() -> frozenset[str]:
    """Every IANA time zone name this installation knows (from the ``tzdata`` package)."""
    return frozenset(zoneinfo.available_timezones() - NOT_PLACES)


@functools.cache
def zone_choices() -> tuple[tuple[str, str], ...]:
    """Zones offered in forms: ``Area/Location`` names and UTC, sorted."""
    names = sorted(
        name for name in iana_zone_names() if "/" in name and not name.startswith(LEGACY_PREFIXES)
    )
    return (("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names))


#: the IANA areas, as the zone picker heads its groups (Europe first, then by name)
def _area_names() -> dict[str, str]:
    from django.utils.translation import pgettext

    from crosscluster.core.countries import localise_country

    return {
        "Europe": pgettext("time zone area", "Europe"),
        "Africa": pgettext("time zone area", "Africa"),
        "America": pgettext("time zone area", "Americas"),
        "Antarctica": pgettext("time zone area", "Antarctica"),
        "Arctic": pgettext("time zone area", "Arctic"),
        "Asia": pgettext("time zone area", "Asia"),
        "Atlantic": pgettext("time zone area", "Atlantic Ocean"),
        # the country's CLDR name (a msgid "Australia" would read as the platform's English
        # wherever the data names the country)
        "Australia": localise_country("AU", "Australia"),
        "Indian": pgettext("time zone area", "Indian Ocean"),
        "Pacific": pgettext("time zone area", "Pacific Ocean"),
    }


def _offset(milliseconds: int) -> str:
    sign = "-" if milliseconds < 0 else "+"
    minutes = abs(milliseconds) // 60000
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


@functools.lru_cache(maxsize=8)
def _named_zone_choices(language: str) -> tuple[tuple[str, object], ...] | None:
    """The grouped, named choices for ``language``; None where the ICU wheel is missing."""
    from crosscluster.core.countries import by_local_name

    icu, locale = icu_module(), icu_locale(language)
    if icu is None or locale is None:
        return None
    names = icu.TimeZoneNames.createInstance(locale)
    areas = _area_names()
    groups: dict[str, list[tuple[int, str, str]]] = {}
    for value, _label in zone_choices()[1:]:
        area = value.split("/", 1)[0]
        zone = icu.TimeZone.createTimeZone(value)
        city = names.getExemplarLocationName(value) or value.rsplit("/", 1)[-1].replace("_", " ")
        generic = zone.getDisplayName(False, icu.TimeZone.LONG_GENERIC, locale)
        label = f"({_offset(zone.getRawOffset())}) {city}"
        if generic and not generic.startswith("GMT"):
            label += f" \u2013 {generic}"
        groups.setdefault(area, []).append((zone.getRawOffset(), value, label))
    ordered = by_local_name(
        ((area, str(areas.get(area, area))) for area in groups if area != "Europe"),
        language=language,
    )
    choices: list[tuple[str, object]] = [("UTC", "UTC")]
    for area, heading in [("Europe", str(areas["Europe"])), *ordered]:
        if area not in groups:
            continue
        rows = groups[area]
        by_city = {
            value: index
            for index, (value, _) in enumerate(
                by_local_name(((value, label) for _, value, label in rows), language=language)
            )
        }
        rows.sort(key=lambda row: (row[0], by_city[row[1]]))
        choices.append((heading, tuple((value, label) for _, value, label in rows)))
    return tuple(choices)


def named_zone_choices() -> tuple[tuple[str, object], ...]:
    """The zones of ``zone_choices`` as the reader's language names them, grouped by area
    (Europe first, then the other areas by name) and ordered by UTC offset then city:
    "(UTC+01:00) Berlin, en dash, Mitteleuropäische Zeit" in German (ICU's exemplar city and generic
    name). The values stay the IANA ids."""
    return _named_zone_choices(active_language()) or zone_choices()


def zone_label(name: str) -> str:
    """A zone as the zone picker names it in the reader's language ("(UTC+01:00) Rome, en dash,
    Central European Time"), else its IANA name."""
    for value, label in named_zone_choices():
        if isinstance(label, tuple):
            for zone, text in label:
                if zone == name:
                    return str(text)
        elif value == name:
            return str(label)
    return name


def get_zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone for an IANA name, or ``None`` when the name is not one."""
    if name not in iana_zone_names():
        return None
    return zoneinfo.ZoneInfo(name)


class NonexistentLocalTimeError(ValueError):
    """A wall-clock time skipped when the clocks go forward (e.g. 02:30 on a spring night)."""


def to_utc(value: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A naive wall-clock time at the venue (or an aware instant) as an aware UTC datetime.

    Naive times that do not exist in ``zone`` raise :class:`NonexistentLocalTimeError`; a time that
    occurs twice (clocks go back) is read as its first occurrence.
    """
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(dt.UTC)
    local = value.replace(tzinfo=zone, fold=0)
    instant = local.astimezone(dt.UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != value.replace(fold=0):
        raise NonexistentLocalTimeError(value)
    return instant


def to_local(value: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """An aware instant as a naive wall-clock time in ``zone`` (what a form shows)."""
    return value.astimezone(zone).replace(tzinfo=None)


def format_span(start: dt.datetime, end: dt.datetime, zone: dt.tzinfo) -> str:
    """``Tue 3 March 2026, 09:00-17:00`` (en dash), or both dates when the span crosses midnight
    in ``zone``."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_start.date() == local_end.date():
        return (
            f"{format_date(local_start, DATE_FORMAT)}, "
            f"{format_date(local_start, TIME_FORMAT)}{EN_DASH}"
            f"{format_date(local_end, TIME_FORMAT)}"
        )
    return (
        f"{format_date(local_start, f'{DATE_FORMAT}, {TIME_FORMAT}')} {EN_DASH} "
        f"{format_date(local_end, f'{DATE_FORMAT}, {TIME_FORMAT}')}"
    )


@dataclass(frozen=True)
class Schedule:
    """When an event happens, at the venue and for the viewer, each labelled with its zone."""

    venue_zone: str
    venue_text: str  # Tue 3 March 2026, 09:00-17:00
    viewer_zone: str
    viewer_text: str  # 08:00-16:00 (times only when on the venue's dates), or the full span
    same_zone: bool


def describe_schedule(
    *, start_at: dt.datetime, end_at: dt.datetime, venue_zone: str, viewer_zone: dt.tzinfo
) -> Schedule:
    venue = get_zone(venue_zone) or zoneinfo.ZoneInfo("UTC")
    venue_text = format_span(start_at, end_at, venue)
    viewer_name = str(getattr(viewer_zone, "key", viewer_zone))
    venue_start, venue_end = start_at.astimezone(venue), end_at.astimezone(venue)
    viewer_start, viewer_end = start_at.astimezone(viewer_zone), end_at.astimezone(viewer_zone)
    same_dates = (viewer_start.date(), viewer_end.date()) == (venue_start.date(), venue_end.date())
    if same_dates and viewer_start.date() == viewer_end.date():
        viewer_text = (
            f"{format_date(viewer_start, TIME_FORMAT)}{EN_DASH}"
            f"{format_date(viewer_end, TIME_FORMAT)}"
        )
    else:
        viewer_text = format_span(start_at, end_at, viewer_zone)
    return Schedule(
        venue_zone=venue.key,
        venue_text=venue_text,
        viewer_zone=viewer_name,
        viewer_text=viewer_text,
        same_zone=viewer_name == venue.key,
    )


# --- The one way a time reaches a person -------------------------------------------------------
# Pages, PDFs, e-mails and exports format times with these functions (or the template filters in
# ``core.templatetags.crosscluster`` that call them), never with ``|date`` on an aware value:
# ``|date`` converts to the *active* zone (UTC in a PDF or an e-mail rendered by a task), which is
# how the agenda PDF printed UTC under a "venue time" label.

SLOT_DATE_FORMAT = "D j M"  # Tue 3 Mar
#: a moment where ICU is missing: Django's month names, 24-hour clock ("22 Dec 2026, 05:00")
MOMENT_FORMAT = "j M Y, H:i"
#: what ICU is asked for (its best pattern per language): day, short month, year, 24-hour time
MOMENT_SKELETON = "yMMMdHHmm"


def venue_zone(name: str) -> zoneinfo.ZoneInfo:
    """The venue's zone for an IANA name, UTC when the name is not one."""
    return get_zone(name) or zoneinfo.ZoneInfo("UTC")


def zone_name(zone: dt.tzinfo) -> str:
    """``Europe/Rome`` for a ZoneInfo, ``UTC`` for ``datetime.UTC``."""
    return str(getattr(zone, "key", None) or zone.tzname(None) or "UTC")


def format_time(value: dt.datetime, zone: dt.tzinfo) -> str:
    """``13:55``: the wall-clock time of an instant in ``zone``."""
    return format_date(value.astimezone(zone), TIME_FORMAT)


def format_slot(start: dt.datetime, end: dt.datetime, zone: dt.tzinfo) -> str:
    """``Tue 3 Mar 13:55-14:15`` (en dash) in ``zone``; both dates when it crosses midnight."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    head = f"{format_date(local_start, SLOT_DATE_FORMAT)} {format_time(start, zone)}"
    if local_start.date() == local_end.date():
        return f"{head}{EN_DASH}{format_time(end, zone)}"
    return f"{head} {EN_DASH} {format_date(local_end, SLOT_DATE_FORMAT)} {format_time(end, zone)}"


#: the region whose conventions a language's moments follow (the partnership's Portuguese is
#: European: "22/12/2026, 05:00 (Hora de São Paulo)", not Brazil's "22 de dez. de 2026")
MOMENT_LOCALES = {"pt": "pt_PT"}


@functools.lru_cache(maxsize=16)
def _moment_pattern(language: str) -> str | None:
    """ICU's pattern for :data:`MOMENT_SKELETON` in ``language``; None without ICU."""
    icu, locale = icu_module(), icu_locale(MOMENT_LOCALES.get(language, language))
    if icu is None or locale is None:
        return None
    return str(icu.DateTimePatternGenerator.createInstance(locale).getBestPattern(MOMENT_SKELETON))


def _icu_format(pattern: str, value: dt.datetime, zone: dt.tzinfo, language: str) -> str:
    icu = icu_module()
    locale = icu_locale(MOMENT_LOCALES.get(language, language))
    formatter = icu.SimpleDateFormat(pattern, locale)  # type: ignore[union-attr]
    formatter.setTimeZone(icu.TimeZone.createTimeZone(zone_name(zone)))  # type: ignore[union-attr]
    return str(formatter.format(value.timestamp()))


def moment_zone_label(zone: dt.tzinfo) -> str:
    """The zone as the reader's language names it by place ("hora de São Paulo", "Ora Italia",
    CLDR's generic location name), ``UTC`` for UTC, the IANA name where ICU is missing."""
    name = zone_name(zone)
    language = active_language()
    if name == "UTC" or _moment_pattern(language) is None:
        return name
    label = _icu_format("VVVV", dt.datetime.now(dt.UTC), zone, language)
    return name if label.startswith(("GMT", "UTC")) else label


def format_moment(value: dt.datetime, zone: dt.tzinfo, *, labelled: bool = True) -> str:
    """One instant in ``zone`` as the reader's language writes it, labelled with the zone:
    ``22 dic 2026, 5:00 (hora de São Paulo)`` in Spanish, ``Dec 22, 2026, 05:00 (Sao
    Paulo Time)`` in English (ICU's date pattern and CLDR's zone name; without ICU, Django's
    month names and the IANA name: ``22 Dec 2026, 05:00 (America/Sao_Paulo)``)."""
    language = active_language()
    pattern = _moment_pattern(language)
    if pattern is None:
        text = format_date(value.astimezone(zone), MOMENT_FORMAT)
    else:
        text = _icu_format(pattern, value, zone, language)
    if not labelled:
        return text
    label = moment_zone_label(zone)
    # German names a place's time "São Paulo (Ortszeit)": no second pair of brackets
    return f"{text} {label}" if label.endswith(")") else f"{text} ({label})"


def format_day_time(value: dt.datetime, zone: dt.tzinfo) -> str:
    """``Tuesday 3 March 2026, 09:00 (Europe/Rome)``: when something starts, in ``zone``."""
    return f"{format_date(value.astimezone(zone), 'l j F Y, H:i')} ({zone_name(zone)})"
