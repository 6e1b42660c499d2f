"""Vocabulary, countries, languages and the shipped hubs."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest

from crosscluster.engines.matching.countries import country_name, normalise_country
from crosscluster.engines.matching.edih import load_hubs
from crosscluster.engines.matching.language import (
    detect_language,
    language_name,
    normalise_language,
)
from crosscluster.engines.matching.vocabulary import Vocabulary, parse_vocabulary


def test_vocabulary_comes_from_the_package_and_has_the_three_facets(
    vocabulary: Vocabulary,
) -> None:
    shipped = resources.files("crosscluster").joinpath("data", "edih", "label_vocabulary.csv")
    assert vocabulary == parse_vocabulary(shipped.read_text(encoding="utf-8"))
    assert len(vocabulary.facet("technologies")) == 34
    assert len(vocabulary.facet("sectors")) == 42
    assert len(vocabulary.facet("services")) == 15


def test_canonical_labels_ignore_case_and_spacing(vocabulary: Vocabulary) -> None:
    assert vocabulary.canonical("technologies", "digital  TWINS") == "Digital twins"
    assert vocabulary.canonical("technologies", "Digital twin") is None
    with pytest.raises(KeyError, match="unknown facet"):
        vocabulary.facet("colours")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Spain", "ES"),
        ("es", "ES"),
        ("ESP", "ES"),
        ("España", "ES"),
        ("Deutschland", "DE"),
        ("Türkiye", "TR"),
        ("Czechia", "CZ"),
        ("EL", "GR"),
        ("UK", "GB"),
        ("Kosovo", "XK"),
        ("North Macedonia", "MK"),
        ("  sweden ", "SE"),
        # CLDR's names in the other six languages (data/countries/country-names.csv)
        ("Alemanha", "DE"),
        ("Allemagne", "DE"),
        ("Paesi Bassi", "NL"),
        ("Tjeckien", "CZ"),
        ("Nederländerna", "NL"),
        # the countries' own names
        ("Polska", "PL"),
        ("Česko", "CZ"),
    ],
)
def test_countries_normalise_codes_and_names(value: str, code: str) -> None:
    assert normalise_country(value) == code


def test_every_cldr_name_in_the_seven_languages_is_read_as_its_country() -> None:
    """One list of country names (CLDR's, the one the pages show): each reads back as its code."""
    shipped = resources.files("crosscluster").joinpath("data", "countries", "country-names.csv")
    rows = list(csv.DictReader(io.StringIO(shipped.read_text(encoding="utf-8"))))
    assert len(rows) > 200
    for row in rows:
        for language in ("pt", "es", "fr", "it", "de", "sv"):
            if row[language]:
                assert normalise_country(row[language]) == row["iso2"], (language, row[language])


def test_unknown_countries_are_kept_or_refused() -> None:
    assert normalise_country(None) is None
    assert normalise_country("  ") is None
    assert normalise_country("Atlantis") == "Atlantis"
    with pytest.raises(ValueError, match="unknown country"):
        normalise_country("Atlantis", strict=True)
    assert country_name("DE") == "Germany"


def test_every_shipped_hub_has_a_known_country() -> None:
    hubs = load_hubs()
    assert len(hubs) == 343
    assert all(hub.country and len(hub.country) == 2 for hub in hubs)


def test_hub_tags_carry_their_levels() -> None:
    tagged = [hub for hub in load_hubs() if hub.technologies]
    assert tagged
    assert all(1 <= tag.level <= 5 for hub in tagged for tag in hub.technologies)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("We want cameras on the filling line to reject damaged bottles.", "en"),
        ("Wir möchten Kameras an der Abfülllinie, die beschädigte Flaschen aussortieren.", "de"),
        ("Vorremmo telecamere sulla linea che scartino le bottiglie danneggiate.", "it"),
        ("Nous voulons des caméras sur la ligne pour écarter les bouteilles abîmées.", "fr"),
        ("Queremos cámaras en la línea que descarten las botellas dañadas.", "es"),
        ("Vi vill ha kameror på linjen som sorterar bort skadade flaskor.", "sv"),
    ],
)
def test_language_detection(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_language_names_and_codes() -> None:
    assert detect_language("Hi") is None
    assert normalise_language("German") == "de"
    assert normalise_language("de-AT") == "de"
    assert normalise_language(None) is None
    assert language_name("sv") == "Swedish"
    assert language_name(None) == "unknown language"
