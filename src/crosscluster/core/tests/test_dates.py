"""Month and day names in each language's case (qa1's review: "7 Dec - 13 Dec 2026" and
"tis 22 Dec" in Swedish, "Qua 6 Janeiro" in Portuguese): lower case in Portuguese, Spanish,
French, Italian and Swedish, capitalised in English and German."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from crosscluster.core.dates import format_date
from crosscluster.core.times import format_slot

WEDNESDAY = dt.date(2027, 1, 6)
PAGE = Template('{{ day|date:"D j M Y" }} | {{ day|date:"l j F Y" }} | {{ day|date }}')


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pt", "qua 6 jan 2027 | quarta-feira 6 janeiro 2027 | 6 de janeiro de 2027"),
        ("sv", "ons 6 jan 2027 | onsdag 6 januari 2027 | 6 januari 2027"),
        ("es", "mié 6 ene 2027 | miércoles 6 enero 2027 | 6 de enero de 2027"),
        ("fr", "mer 6 jan 2027 | mercredi 6 janvier 2027 | 6 janvier 2027"),
        ("it", "mer 6 gen 2027 | mercoledì 6 gennaio 2027 | 06 gennaio 2027"),
        ("en", "Wed 6 Jan 2027 | Wednesday 6 January 2027 | 6 January 2027"),
        ("de", "Mi 6 Jan 2027 | Mittwoch 6 Januar 2027 | 6. Januar 2027"),
    ],
)
def test_a_page_writes_month_and_day_names_in_the_languages_case(
    language: str, expected: str
) -> None:
    with translation.override(language):
        assert PAGE.render(Context({"day": WEDNESDAY})) == expected


def test_code_writes_them_alike() -> None:
    """B2B slots, event times and e-mails format in code (``core.times``, reminders)."""
    zone = zoneinfo.ZoneInfo("Europe/Stockholm")
    start = dt.datetime(2026, 12, 22, 9, 0, tzinfo=zone)
    with translation.override("sv"):
        assert (
            format_slot(start, start + dt.timedelta(minutes=20), zone)
            == "tis 22 dec 09:00\u201309:20"
        )
        assert format_date(start, "d F Y") == "22 december 2026"
    with translation.override("pt"):
        assert format_date(start, "D j F") == "ter 22 dezembro"
    with translation.override("de"):
        assert format_date(start, "D j M") == "Di 22 Dez"
