"""Country normalisation: ISO 3166 alpha-2 codes, alpha-3 codes or names -> alpha-2 code.

Names come from the shipped ``crosscluster/data/countries/country-codes.csv`` (several English
spellings per country), plus the EU's own codes (``EL`` Greece, ``UK``), Kosovo (``XK``, used by the
European Commission, absent from ISO 3166) and the names Europeans write their own and their
neighbours' countries with ("Deutschland", "Italia", "Sverige", "Allemagne" ...).
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

from crosscluster.engines.matching.embedder import fold_text

_ALIASES: dict[str, str] = {
    "EL": "GR",
    "UK": "GB",
    "XK": "XK",
    "Kosovo": "XK",
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
    "Moldova": "MD",
    "Russia": "RU",
    "Macedonia": "MK",
    "Bosnia": "BA",
    # names in the six languages of the partnership (and the countries' own names)
    "Deutschland": "DE",
    "Allemagne": "DE",
    "Germania": "DE",
    "Alemania": "DE",
    "Tyskland": "DE",
    "Italia": "IT",
    "Italien": "IT",
    "Italie": "IT",
    "Frankreich": "FR",
    "Francia": "FR",
    "Frankrike": "FR",
    "España": "ES",
    "Spanien": "ES",
    "Espagne": "ES",
    "Spagna": "ES",
    "Sverige": "SE",
    "Schweden": "SE",
    "Suède": "SE",
    "Svezia": "SE",
    "Suecia": "SE",
    "Österreich": "AT",
    "Autriche": "AT",
    "Austria": "AT",
    "Österrike": "AT",
    "Nederland": "NL",
    "Niederlande": "NL",
    "Pays-Bas": "NL",
    "Paesi Bassi": "NL",
    "Países Bajos": "NL",
    "Nederländerna": "NL",
    "België": "BE",
    "Belgique": "BE",
    "Belgien": "BE",
    "Belgio": "BE",
    "Bélgica": "BE",
    "Polska": "PL",
    "Polen": "PL",
    "Pologne": "PL",
    "Polonia": "PL",
    "Danmark": "DK",
    "Dänemark": "DK",
    "Danemark": "DK",
    "Danimarca": "DK",
    "Dinamarca": "DK",
    "Suomi": "FI",
    "Finnland": "FI",
    "Finlande": "FI",
    "Finlandia": "FI",
    "Hrvatska": "HR",
    "Kroatien": "HR",
    "Croatie": "HR",
    "Croazia": "HR",
    "Croacia": "HR",
    "Slovenija": "SI",
    "Slowenien": "SI",
    "Slovénie": "SI",
    "Eslovenia": "SI",
    "Slovensko": "SK",
    "Slowakei": "SK",
    "Slovaquie": "SK",
    "Eslovaquia": "SK",
    "Česko": "CZ",
    "Tschechien": "CZ",
    "Tchéquie": "CZ",
    "Cechia": "CZ",
    "Chequia": "CZ",
    "Magyarország": "HU",
    "Ungarn": "HU",
    "Hongrie": "HU",
    "Ungheria": "HU",
    "Hungría": "HU",
    "România": "RO",
    "Rumänien": "RO",
    "Roumanie": "RO",
    "Grèce": "GR",
    "Griechenland": "GR",
    "Grecia": "GR",
    "Grekland": "GR",
    "Hellas": "GR",
    "Ελλάδα": "GR",
    "България": "BG",
    "Bulgarien": "BG",
    "Bulgarie": "BG",
    "Eesti": "EE",
    "Estland": "EE",
    "Latvija": "LV",
    "Lettland": "LV",
    "Lietuva": "LT",
    "Litauen": "LT",
    "Éire": "IE",
    "Irland": "IE",
    "Irlande": "IE",
    "Irlanda": "IE",
    "Norge": "NO",
    "Norwegen": "NO",
    "Norvège": "NO",
    "Norvegia": "NO",
    "Noruega": "NO",
    "Schweiz": "CH",
    "Suisse": "CH",
    "Svizzera": "CH",
    "Suiza": "CH",
    "Ísland": "IS",
    "Luxemburg": "LU",
    "Lussemburgo": "LU",
    "Luxemburgo": "LU",
    "Malte": "MT",
    "Chipre": "CY",
    "Zypern": "CY",
    "Chypre": "CY",
    "Cipro": "CY",
    "Portogallo": "PT",
    "Türkei": "TR",
    "Turquie": "TR",
    "Turchia": "TR",
    "Turquía": "TR",
    "Turkiet": "TR",
    "Ukraina": "UA",
    "Ukraine": "UA",
    "Ucraina": "UA",
    "Ucrania": "UA",
    "Srbija": "RS",
    "Serbien": "RS",
    "Serbie": "RS",
    "Shqipëri": "AL",
    "Albanien": "AL",
    "Albanie": "AL",
    "Crna Gora": "ME",
    "Montenegro": "ME",
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
