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


# Each language's own alphabetical order (ICU's collation for the language), on the country
# names of the shipped data where they show the rule, else on a made-up name that does.
@pytest.mark.parametrize(
    ("language", "names"),
    [
        # German: Ä, Å and Ö sort with A and O
        ("de", ["Afghanistan", "Ägypten", "Ålandinseln", "Albanien", "Oman", "Österreich", "Panama"]),
        # Swedish: Å, Ä, Ö are letters after Z, in that order; Ü is a kind of Y
        ("sv", ["Uganda", "Vietnam", "Yemen", "Ümit", "Zimbabwe", "Åland", "Ägypt", "Österrike"]),
        # Spanish: Ñ is a letter after N
        ("es", ["Noruega", "Nueva Zelanda", "Ñandutí", "Omán"]),
        # French: accents count only between names with the same letters
        ("fr", ["Égypte", "Émirats arabes unis", "Équateur", "Érythrée", "Espagne", "États-Unis",
                "Éthiopie"]),
        ("fr", ["cote", "coté", "côte", "côté"]),
        # Italian and Portuguese: accented letters among the plain ones
        ("it", ["Cile", "Cina", "Cipro", "Città del Vaticano", "Colombia"]),
        ("pt", ["Afeganistão", "África do Sul", "Albânia", "Austrália", "Áustria", "Azerbaijão"]),
    ],
)  # fmt: skip
def test_each_language_sorts_by_its_own_alphabet(language: str, names: list[str]) -> None:
    # codes in the reverse order, so a tie broken by code would show
    choices = [(f"X{99 - number:02d}", name) for number, name in enumerate(names)]
    shuffled = choices[1::2] + choices[::2]
    assert [name for _code, name in by_local_name(shuffled, language=language)] == names
