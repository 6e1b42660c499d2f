"""Country names in the reader's language (issue 13): pages and the directory's country filter
said "Germany" in every language. The English name stays the key in data."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from django.utils import translation

from crosscluster.core.countries import LANGUAGES, by_local_name, country_names, localise_country

COUNTRIES = resources.files("crosscluster").joinpath("data", "countries")


def test_every_country_of_the_shipped_list_has_a_name_in_every_language() -> None:
    codes = {
        row["ISO3166-1-Alpha-2"]
        for row in csv.DictReader(COUNTRIES.joinpath("country-codes.csv").open(encoding="utf-8"))
        if row["ISO3166-1-Alpha-2"]
    }
    names = country_names()
    assert codes | {"XK"} <= set(names)  # Kosovo is added in code (see its SOURCE note)
    for code, by_language in names.items():
        assert sorted(by_language) == sorted(LANGUAGES), code


def test_the_source_note_names_cldr_and_its_licence() -> None:
    note = COUNTRIES.joinpath("SOURCE.md").read_text(encoding="utf-8")
    assert "country-names.csv" in note
    assert "CLDR" in note
    assert "Unicode" in note


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "South Korea"),
        ("fr", "Corée du Sud"),
        ("de", "Südkorea"),
        ("sv", "Sydkorea"),
        ("pt", "Coreia do Sul"),
    ],
)
def test_a_country_is_named_in_the_readers_language(language: str, shown: str) -> None:
    with translation.override(language):
        assert localise_country("KR", "South Korea") == shown


def test_an_unknown_code_keeps_the_english_name() -> None:
    assert localise_country("ZZ", "Nowhere", language="fr") == "Nowhere"


def test_a_picker_orders_countries_as_the_readers_alphabet_does() -> None:
    swedish = [("AT", "Österrike"), ("CY", "Cypern"), ("ZM", "Zambia"), ("DK", "Danmark")]
    assert [code for code, _name in by_local_name(swedish, language="sv")] == [
        "CY",
        "DK",
        "ZM",
        "AT",
    ]
    german = [("AT", "Österreich"), ("CY", "Zypern"), ("DK", "Dänemark"), ("NL", "Niederlande")]
    assert [code for code, _name in by_local_name(german, language="de")] == [
        "DK",
        "NL",
        "AT",
        "CY",
    ]
