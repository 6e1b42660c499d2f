"""Numbers typed in the business plan and strategy forms are read in the viewer's locale
(issue 13: "2,5" person-months was read as 25)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from crosscluster.businessplan.forms import EffortForm
from crosscluster.core.forms import parse_local_decimal
from crosscluster.strategy.forms import KpiForm


def effort_form(person_months: str) -> EffortForm:
    return EffortForm(
        {"action": "1", "year": "2027", "organisation": "1", "person_months": person_months},
        actions=[],
        years=[2027],
        partners=[],
    )


@pytest.mark.parametrize(
    ("text", "decimal", "thousand", "expected"),
    [
        ("2.5", ".", ",", Decimal("2.5")),
        ("1,200.50", ".", ",", Decimal("1200.50")),
        ("2,5", ".", ",", None),
        ("25,00", ".", ",", None),
        ("2,5", ",", ".", Decimal("2.5")),
        ("1.200,50", ",", ".", Decimal("1200.50")),
        ("1 200,50", ",", "\u00a0", Decimal("1200.50")),
        ("abc", ".", ",", None),
        ("-3", ".", ",", Decimal("-3")),
    ],
)
def test_the_locale_decides_what_a_comma_means(text, decimal, thousand, expected) -> None:
    assert parse_local_decimal(text, decimal=decimal, thousand=thousand) == expected


def test_in_english_two_comma_five_person_months_is_refused_not_read_as_25() -> None:
    with translation.override("en"):
        form = effort_form("2,5")
        form.is_valid()
        assert form.errors["person_months"] == [
            "Person-months: give a number like 2.5 (got '2,5')."
        ]
        form = effort_form("2.5")
        form.is_valid()
        assert "person_months" not in form.errors
        assert form.cleaned_data["person_months"] == Decimal("2.5")


def test_with_a_decimal_comma_two_comma_five_is_two_and_a_half() -> None:
    with translation.override("de"):
        form = effort_form("2,5")
        form.is_valid()
        assert form.cleaned_data["person_months"] == Decimal("2.5")


def test_the_number_fields_ask_phones_for_a_decimal_keypad() -> None:
    html = str(effort_form("")["person_months"])
    assert 'inputmode="decimal"' in html
    assert 'type="text"' in html


def test_a_kpi_target_with_a_stray_comma_is_not_read_as_a_bigger_number() -> None:
    row = {"name": "SMEs trained", "target": "2,5", "unit": "SMEs"}
    with translation.override("en"):
        english = KpiForm(row, number=1)
        assert not english.is_valid()  # refused, naming the KPI, never read as 25
        assert english.errors["target"] == [
            "KPI 1: the target must be a number, e.g. 40 or 12.5 (got '2,5')."
        ]
    with translation.override("de"):
        german = KpiForm(row, number=1)
        assert german.is_valid()
        kpi = german.kpi()
    assert kpi is not None
    assert kpi.target == Decimal("2.5")
