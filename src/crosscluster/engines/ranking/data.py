"""Loading the shipped market data (World Bank WDI snapshot, CEPII GeoDist) into plain dataclasses.

Files live in ``crosscluster/data/markets/`` (see its SOURCE.md) and are found relative to the
package, never through Django settings. Loading reads files only; nothing here ranks or screens.

Country regions: CEPII's ``continent`` after recoding CEPII's old codes (ROM->ROU, ZAR->COD,
PAL->PSE, TMP->TLS, YUG->SRB), completed for WDI economies that CEPII lacks (``SUPPLEMENT``), and
Russia counted in Europe as in the UN M49 regions (CEPII files it under Asia).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from crosscluster.engines.ranking.model import InputError

DATA_PACKAGE = "crosscluster"
DATA_PARTS = ("data", "markets")

WDI_FILE = ("wdi", "wdi_selected_long.csv")
GEO_FILE = ("geodist", "geo_cepii.csv")
DISTANCE_FILE = ("geodist", "dist_eu27_to_world.csv")

WDI_UPDATE = "2026-07-01"
CEPII_FILE_YEAR = 2004
WDI_SOURCE = (
    "World Bank, World Development Indicators (CC BY 4.0), via "
    f"github.com/datasets/world-development-indicators, automated update {WDI_UPDATE}"
)
CEPII_SOURCE = (
    f"CEPII GeoDist (Mayer & Zignago 2011, CEPII WP 2011-25), original file dated {CEPII_FILE_YEAR}"
)
WDI_VINTAGE = f"WDI update {WDI_UPDATE}"
CEPII_VINTAGE = "CEPII GeoDist (static)"
#: the source and the vintage as codes and values, one per "; "-separated part of their text,
#: for an app to word in its language
SOURCE_PARTS: tuple[Mapping[str, object], ...] = (
    {"code": "wdi", "update": WDI_UPDATE},
    {"code": "cepii", "file_year": CEPII_FILE_YEAR},
)
VINTAGE_PARTS: tuple[Mapping[str, object], ...] = (
    {"code": "wdi", "update": WDI_UPDATE},
    {"code": "cepii_static"},
)

CEPII_RECODE = {"ROM": "ROU", "ZAR": "COD", "PAL": "PSE", "TMP": "TLS", "YUG": "SRB"}
# WDI economies missing from CEPII's country file, with their continent (CEPII's five names).
SUPPLEMENT = {
    "ASM": "Pacific",
    "CHI": "Europe",
    "CUW": "America",
    "GUM": "Pacific",
    "IMN": "Europe",
    "LIE": "Europe",
    "MAF": "America",
    "MCO": "Europe",
    "MNE": "Europe",
    "SSD": "Africa",
    "SXM": "America",
    "VIR": "America",
    "XKX": "Europe",
}
EUROPE_OVERRIDES = {"RUS": "UN M49 region Europe (CEPII lists it under Asia)"}

EU27_ISO2 = {
    "AT": "AUT",
    "BE": "BEL",
    "BG": "BGR",
    "CY": "CYP",
    "CZ": "CZE",
    "DE": "DEU",
    "DK": "DNK",
    "EE": "EST",
    "ES": "ESP",
    "FI": "FIN",
    "FR": "FRA",
    "GR": "GRC",
    "EL": "GRC",  # Eurostat's code for Greece
    "HR": "HRV",
    "HU": "HUN",
    "IE": "IRL",
    "IT": "ITA",
    "LT": "LTU",
    "LU": "LUX",
    "LV": "LVA",
    "MT": "MLT",
    "NL": "NLD",
    "PL": "POL",
    "PT": "PRT",
    "RO": "ROU",
    "SE": "SWE",
    "SI": "SVN",
    "SK": "SVK",
}


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    is_aggregate: bool
    continent: str | None
    in_europe: bool
    europe_basis: str  # why it is (or is not) counted in Europe


@dataclass(frozen=True)
class Bilateral:
    """CEPII GeoDist figures from an origin (EU27) to a destination country."""

    distance_km: float  # population-weighted distance (distw), simple distance when missing
    contiguous: bool
    common_official_language: bool
    common_language: bool  # a language spoken by at least 9% of both populations (comlang_ethno)


@dataclass(frozen=True)
class MarketData:
    countries: tuple[Country, ...]
    # WDI code -> iso3 -> ((year, value), ...) in increasing year order
    series: Mapping[str, Mapping[str, tuple[tuple[int, float], ...]]]
    bilateral: Mapping[tuple[str, str], Bilateral]  # (origin iso3, destination iso3)
    source: str
    vintage: str
    #: ``source`` and ``vintage`` as codes and values (``SOURCE_PARTS``); empty: English only
    source_parts: tuple[Mapping[str, object], ...] = ()
    vintage_parts: tuple[Mapping[str, object], ...] = ()

    def country(self, iso3: str) -> Country | None:
        for country in self.countries:
            if country.iso3 == iso3:
                return country
        return None

    @property
    def origins(self) -> frozenset[str]:
        return frozenset(origin for origin, _ in self.bilateral)


def data_directory() -> Path:
    """The shipped ``data/markets`` folder, resolved relative to the installed package."""
    root = resources.files(DATA_PACKAGE).joinpath(*DATA_PARTS)
    return Path(str(root))


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_continents(path: Path) -> dict[str, str]:
    continents: dict[str, str] = {}
    for row in _read_rows(path):
        iso3 = CEPII_RECODE.get(row["iso3"], row["iso3"])
        continents.setdefault(iso3, row["continent"])  # CEPII repeats some countries (main cities)
    for iso3, continent in SUPPLEMENT.items():
        continents.setdefault(iso3, continent)
    return continents


def load_country_names(directory: Path | None = None) -> dict[str, str]:
    """English country names by ISO3 from CEPII's country file (for ``--matrix`` rows)."""
    base = directory if directory is not None else data_directory()
    names: dict[str, str] = {}
    for row in _read_rows(base.joinpath(*GEO_FILE)):
        names.setdefault(CEPII_RECODE.get(row["iso3"], row["iso3"]), row["country"])
    return names


def load_bilateral(path: Path) -> dict[tuple[str, str], Bilateral]:
    bilateral: dict[tuple[str, str], Bilateral] = {}
    for row in _read_rows(path):
        distance = _number(row["distw"]) or _number(row["dist"])
        if distance is None:
            continue
        bilateral[(row["iso_o"], row["iso_d"])] = Bilateral(
            distance_km=distance,
            contiguous=row["contig"] == "1",
            common_official_language=row["comlang_off"] == "1",
            common_language=row["comlang_ethno"] == "1",
        )
    return bilateral


def load_series(
    path: Path,
) -> tuple[dict[str, dict[str, tuple[tuple[int, float], ...]]], dict[str, tuple[str, bool]]]:
    collected: dict[str, dict[str, list[tuple[int, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    names: dict[str, tuple[str, bool]] = {}
    for row in _read_rows(path):
        value = _number(row["value"])
        names.setdefault(row["iso3"], (row["country"], row["is_aggregate"] == "True"))
        if value is None:
            continue
        collected[row["indicator"]][row["iso3"]].append((int(row["year"]), value))
    series = {
        code: {iso3: tuple(sorted(points)) for iso3, points in by_country.items()}
        for code, by_country in collected.items()
    }
    return series, names


def load_display_names(path: Path) -> dict[str, str]:
    """ISO3 -> the name the rest of the site uses (CLDR display name: ``South Korea``, where the
    WDI file says ``Korea, Rep.``), from the shipped country-codes file; empty when absent."""
    if not path.exists():
        return {}
    names = {
        row["ISO3166-1-Alpha-3"]: row["CLDR display name"]
        for row in _read_rows(path)
        if row["ISO3166-1-Alpha-3"] and row["CLDR display name"]
    }
    return names | DISPLAY_NAME_OVERRIDES


# CLDR display names that are abbreviations ("US"): the usual English short name instead, as the
# directory's countries (crosscluster.demo.sources.COUNTRY_NAME_OVERRIDES; a test keeps them equal).
DISPLAY_NAME_OVERRIDES = {
    "USA": "United States",
    "GBR": "United Kingdom",
    "BIH": "Bosnia and Herzegovina",
}


def load_market_data(directory: Path | None = None) -> MarketData:
    """Read the WDI long file and the CEPII files from ``directory`` (default: the shipped data)."""
    base = directory if directory is not None else data_directory()
    series, names = load_series(base.joinpath(*WDI_FILE))
    display = load_display_names(base.parent / "countries" / "country-codes.csv")
    names = {
        iso3: (display.get(iso3, name) if not aggregate else name, aggregate)
        for iso3, (name, aggregate) in names.items()
    }
    continents = load_continents(base.joinpath(*GEO_FILE))
    countries = []
    for iso3, (name, is_aggregate) in sorted(names.items()):
        continent = None if is_aggregate else continents.get(iso3)
        if iso3 in EUROPE_OVERRIDES:
            in_europe, basis = True, EUROPE_OVERRIDES[iso3]
        elif continent == "Europe":
            in_europe, basis = True, "CEPII continent Europe"
        else:
            in_europe, basis = False, f"CEPII continent {continent or 'unknown'}"
        countries.append(
            Country(
                iso3=iso3,
                name=name,
                is_aggregate=is_aggregate,
                continent=continent,
                in_europe=in_europe,
                europe_basis=basis,
            )
        )
    return MarketData(
        countries=tuple(countries),
        series=series,
        bilateral=load_bilateral(base.joinpath(*DISTANCE_FILE)),
        source=f"{WDI_SOURCE}; {CEPII_SOURCE}",
        vintage=f"{WDI_VINTAGE}; {CEPII_VINTAGE}",
        source_parts=SOURCE_PARTS,
        vintage_parts=VINTAGE_PARTS,
    )


def resolve_partner(code: str, origins: frozenset[str]) -> str:
    """An EU27 partner country as ISO3, from ISO2 (``FR``, ``EL`` for Greece) or ISO3 (``FRA``)."""
    cleaned = code.strip().upper()
    iso3 = EU27_ISO2.get(cleaned, cleaned)
    if iso3 not in origins:
        raise InputError(
            f"partner {code!r}: not an EU27 country code (CEPII distances are shipped from the "
            "27 EU countries only; use ISO2 like FR or ISO3 like FRA)"
        )
    return iso3


def _number(text: str) -> float | None:
    text = text.strip()
    if text in {"", ".", "NA", "nan"}:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
