"""Locale formats on display and input (issue 14): numbers, money and dates follow the active
language; "2,5" is two and a half in pt/es/fr/it/de/sv and refused in English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from crosscluster.core.forms import DateInput, LocalDecimalField

COMMA_LANGUAGES = ["pt", "es", "fr", "it", "de", "sv"]


class HoursForm(forms.Form):
    hours = LocalDecimalField(label="Person-months", example="2.5")
    start = forms.DateField(widget=DateInput())


@pytest.mark.parametrize("language", COMMA_LANGUAGES)
def test_a_comma_is_the_decimal_separator_outside_english(language: str) -> None:
    with translation.override(language):
        form = HoursForm({"hours": "2,5", "start": "2026-12-06"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["hours"] == Decimal("2.5")


def test_in_english_a_point_is_the_decimal_separator_and_a_comma_is_refused() -> None:
    with translation.override("en"):
        assert HoursForm({"hours": "2.5", "start": "2026-12-06"}).is_valid()
        form = HoursForm({"hours": "2,5", "start": "2026-12-06"})
        assert not form.is_valid()
        assert form.errors["hours"] == ["Person-months: give a number like 2.5 (got '2,5')."]


@pytest.mark.parametrize(
    ("language", "typed", "read"),
    [("de", "1.200,5", "1200.5"), ("sv", "1 200,5", "1200.5"), ("fr", "1 200,5", "1200.5")],
)
def test_thousands_are_read_the_languages_way(language: str, typed: str, read: str) -> None:
    with translation.override(language):
        form = HoursForm({"hours": typed, "start": "2026-12-06"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["hours"] == Decimal(read)


def test_an_unreadable_number_says_so_with_the_languages_example() -> None:
    with translation.override("de"):
        form = HoursForm({"hours": "2.5.1", "start": "2026-12-06"})
        assert not form.is_valid()
        assert "2,5" in form.errors["hours"][0]
        assert "2.5.1" in form.errors["hours"][0]


@pytest.mark.parametrize("language", ["en", *COMMA_LANGUAGES])
def test_a_date_picker_is_always_written_in_iso(language: str) -> None:
    """The browser reads only ISO in <input type=date>; the German default (06.12.2026) would
    leave the field empty."""
    with translation.override(language):
        html = str(HoursForm(initial={"start": dt.date(2026, 12, 6)})["start"])
    assert 'type="date"' in html
    assert 'value="2026-12-06"' in html


def test_a_date_typed_the_languages_way_is_read() -> None:
    with translation.override("de"):
        form = HoursForm({"hours": "1", "start": "06.12.2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start"] == dt.date(2026, 12, 6)
    with translation.override("de"):
        form = HoursForm({"hours": "1", "start": "31.02.2026"})
        assert not form.is_valid()


def render(source: str, **context: object) -> str:
    return Template("{% load crosscluster %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "€1,234.50"),
        ("de", "1.234,50\u00a0€"),
        ("it", "1.234,50\u00a0€"),
        ("es", "1\u00a0234,50\u00a0€"),  # Django's Spanish groups with a space
        ("pt", "1.234,50\u00a0€"),
        ("fr", "1\u00a0234,50\u00a0€"),
        ("sv", "1\u00a0234,50\u00a0€"),
    ],
)
def test_money_is_written_the_languages_way(language: str, shown: str) -> None:
    with translation.override(language):
        assert render("{{ amount|money }}", amount=Decimal("1234.5")) == shown


def test_negative_money_and_nothing() -> None:
    with translation.override("en"):
        assert render("{{ amount|money }}", amount=Decimal("-3")) == "-€3.00"
        assert render("{{ amount|money }}", amount=None) == ""


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "6 December 2026 · 2.5"),
        ("de", "6. Dezember 2026 · 2,5"),
        ("sv", "6 december 2026 · 2,5"),
    ],
)
def test_dates_and_numbers_on_display_follow_the_language(language: str, shown: str) -> None:
    with translation.override(language):
        html = render(
            '{{ day|date:"DATE_FORMAT" }} · {{ value|floatformat:1 }}',
            day=dt.date(2026, 12, 6),
            value=2.5,
        )
    assert html == shown


def test_english_dates_are_written_and_read_day_first_with_24_hour_times() -> None:
    """Our English format module (config/formats/en), as en-GB: not the US 11/20/2026."""
    from crosscluster.core.dates import format_date, format_iso_date

    moment = dt.datetime(2026, 11, 20, 14, 30)
    with translation.override("en"):
        assert format_date(moment, "SHORT_DATE_FORMAT") == "20/11/2026"
        assert format_date(moment, "DATE_FORMAT") == "20 November 2026"
        assert format_date(moment, "TIME_FORMAT") == "14:30"
        assert format_date(moment, "SHORT_DATETIME_FORMAT") == "20/11/2026 14:30"
        assert format_iso_date("2026-11-20") == "20/11/2026"
        assert render("{{ day|date }} · {{ x|floatformat:1 }}", day=moment, x=1234.5) == (
            "20 November 2026 · 1234.5"
        )
        form = HoursForm({"hours": "1", "start": "05/11/2026"})  # 5 November, not 11 May
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start"] == dt.date(2026, 11, 5)
        assert not HoursForm({"hours": "1", "start": "11/20/2026"}).is_valid()  # US order
        assert HoursForm({"hours": "1", "start": "2026-11-20"}).is_valid()  # ISO, the pickers'
    with translation.override("de"):  # the other languages keep Django's formats
        assert format_date(moment, "SHORT_DATE_FORMAT") == "20.11.2026"
