"""Country names in the reader's language.

The English name (``directory.Country.name``, CLDR's display name with a few longer forms) stays
the key everywhere (data, search, exports); this only changes what people read. The other six
languages are CLDR's display names: ``data/countries/country-names.csv``, see ``SOURCE.md`` there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from crosscluster.core.i18n import active_language
from crosscluster.core.icu import locale as icu_locale
from crosscluster.core.icu import module as icu_module
from crosscluster.core.text import normalise_for_search

NAMES_FILE = "country-names.csv"
LANGUAGES = ("pt", "es", "fr", "it", "de", "sv")


@lru_cache(maxsize=1)
def country_names() -> dict[str, dict[str, str]]:
    """ISO 3166 alpha-2 code -> {language: name} for the six languages besides English."""
    text = (
        resources.files("crosscluster")
        .joinpath("data", "countries", NAMES_FILE)
        .read_text(encoding="utf-8")
    )
    return {
        row["iso2"]: {language: row[language] for language in LANGUAGES if row[language]}
        for row in csv.DictReader(io.StringIO(text))
    }


def localise_country(iso2: str, english: str, *, language: str | None = None) -> str:
    """The country's name in ``language`` (default: the active one); ``english`` in English or
    when the code or the language is unknown. ``iso2`` may also be an ISO3 code (the ranking's)."""
    language = active_language(language)
    if language == "en":
        return english
    code = (iso2 or "").upper()
    code = iso2_by_iso3().get(code, code)
    return country_names().get(code, {}).get(language, english)


@lru_cache(maxsize=8)
def _collator(language: str) -> Any:
    """ICU's collator for ``language`` (CLDR's rules: German "Ö" among the O's, Swedish "Å Ä Ö"
    after "Z", Spanish "Ñ" after "N", French accents weighed only after the letters), loaded
    when a list is first sorted (``core.icu``). None where the ICU wheel is not installed."""
    icu, locale = icu_module(), icu_locale(language)
    if icu is None or locale is None:
        return None
    return icu.Collator.createInstance(locale)


def _accent_free(name: str) -> bytes:
    """The sort key where ICU is missing: the name without case and accents."""
    return normalise_for_search(name.casefold()).encode()


def by_local_name(
    choices: Iterable[tuple[str, str]], *, language: str | None = None
) -> list[tuple[str, str]]:
    """(code, name) choices in the alphabetical order of the reader's language (default: the
    active one), by ICU's collation for that language: German puts "Österreich" among the O's,
    Swedish puts "Österrike" after "Zypern", as their alphabets do; equal names by code."""
    language = active_language(language)
    collator = _collator(language)
    sort_key = collator.getSortKey if collator else _accent_free

    def key(choice: tuple[str, str]) -> tuple[bytes, str]:
        return sort_key(choice[1]), choice[0]

    return sorted(choices, key=key)


@lru_cache(maxsize=1)
def iso2_by_iso3() -> dict[str, str]:
    """ISO 3166 alpha-3 code -> alpha-2 code, from the shipped country list."""
    text = (
        resources.files("crosscluster")
        .joinpath("data", "countries", "country-codes.csv")
        .read_text(encoding="utf-8")
    )
    return {
        row["ISO3166-1-Alpha-3"]: row["ISO3166-1-Alpha-2"]
        for row in csv.DictReader(io.StringIO(text))
        if row["ISO3166-1-Alpha-3"] and row["ISO3166-1-Alpha-2"]
    }


@lru_cache(maxsize=1)
def countries_by_word() -> dict[str, str]:
    """A one-word country name in any of the seven languages, normalised like search text
    (``germany``, ``deutschland``, ``allemagne``, ``tyskland``) -> its code. Names of several
    words, and words naming two countries, are left out."""
    text = (
        resources.files("crosscluster")
        .joinpath("data", "countries", "country-codes.csv")
        .read_text(encoding="utf-8")
    )
    names: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["ISO3166-1-Alpha-2"]
        if code:
            names.setdefault(normalise_for_search(row["CLDR display name"]), set()).add(code)
    for code, by_language in country_names().items():
        for name in by_language.values():
            names.setdefault(normalise_for_search(name), set()).add(code)
    return {
        name: codes.pop()
        for name, codes in names.items()
        if len(codes) == 1 and name and " " not in name and "-" not in name
    }
