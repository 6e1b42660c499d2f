"""Country normalisation: ISO 3166 alpha-2 codes, alpha-3 codes or names -> alpha-2 code.

Names come from the shipped ``crosscluster/data/countries/country-codes.csv`` (several English
spellings per country) and ``country-names.csv`` (CLDR's names in Portuguese, Spanish, French,
Italian, German and Swedish: "Deutschland", "Italia", "Sverige", "Allemagne" ...; the same file
``core.countries`` shows countries with), plus the EU's own codes (``EL`` Greece), Kosovo (``XK``,
used by the European Commission, absent from ISO 3166) and the countries' own names where they
differ from those ("Polska", "Suomi", "Česko" ...). Plain package data, no Django.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

from crosscluster.engines.matching.embedder import fold_text

_ALIASES: dict[str, str] = {
    "EL": "GR",
    "XK": "XK",
    "United Kingdom": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Turkey": "TR",
    "Czech Republic": "CZ",
    "Holland": "NL",
    "The Netherlands": "NL",
    "Slovak Republic": "SK",
    "Republic of Ireland": "IE",
    "Macedonia": "MK",
    # the countries' own names where CLDR's in the seven languages differ
    "Nederland": "NL",
    "België": "BE",
    "Polska": "PL",
    "Suomi": "FI",
    "Hrvatska": "HR",
    "Slovenija": "SI",
    "Slovensko": "SK",
    "Česko": "CZ",
    "Magyarország": "HU",
    "Hellas": "GR",
    "Ελλάδα": "GR",
    "България": "BG",
    "Eesti": "EE",
    "Latvija": "LV",
    "Lietuva": "LT",
    "Éire": "IE",
    "Srbija": "RS",
    "Shqipëri": "AL",
    "Crna Gora": "ME",
}


def _key(name: str) -> str:
    return " ".join(fold_text(name).replace("(the)", "").replace(".", " ").split())


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(folded name or code -> alpha-2, alpha-2 -> English short name)."""
    path = resources.files("crosscluster").joinpath("data", "countries", "country-codes.csv")
    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        code = row["ISO3166-1-Alpha-2"].strip()
        if not code:
            continue
        names[code] = row["CLDR display name"].strip() or row["official_name_en"].strip()
        for column in (
            "ISO3166-1-Alpha-2",
            "ISO3166-1-Alpha-3",
            "CLDR display name",
            "official_name_en",
            "UNTERM English Short",
        ):
            value = row[column].strip()
            if value:
                lookup.setdefault(_key(value), code)
    localised = resources.files("crosscluster").joinpath("data", "countries", "country-names.csv")
    for row in csv.DictReader(io.StringIO(localised.read_text(encoding="utf-8"))):
        for language, value in row.items():
            if language != "iso2" and value and value.strip():
                lookup.setdefault(_key(value), row["iso2"])
    for alias, code in _ALIASES.items():
        lookup[_key(alias)] = code
    names.setdefault("XK", "Kosovo")
    names["GB"] = "United Kingdom"
    return lookup, names


def normalise_country(value: str | None, *, strict: bool = False) -> str | None:
    """ISO 3166 alpha-2 code for a code or a name ("Spain", "es", "ESP", "España" -> "ES").

    Returns None for an empty value. A value that names no known country raises ValueError when
    ``strict``; otherwise it is kept as written (trimmed), so two profiles naming the same
    unknown place still count as the same country.
    """
    if value is None or not value.strip():
        return None
    code = _table()[0].get(_key(value))
    if code is None:
        if strict:
            raise ValueError(f"unknown country {value!r} (use an ISO 3166 code or a name)")
        return value.strip()
    return code


def country_name(code: str) -> str:
    """English short name of an alpha-2 code ("DE" -> "Germany")."""
    return _table()[1].get(code, code)
