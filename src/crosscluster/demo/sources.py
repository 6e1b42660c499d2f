"""Readers of the public data sets shipped in ``crosscluster/data`` (no ORM, no clock).

Each reader turns one file into frozen records and documents the cleaning it does; the builders
turn the records into rows. The mapping choices are explained in docs/demo-data.md.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from crosscluster.core.text import normalise_for_search

# ------------------------------------------------------------------------------- countries

# The 27 member states of the European Union since the United Kingdom left on 1 February 2020
# (source: european-union.europa.eu, "EU countries", checked 2025-11). The shipped NUTS 2024 file
# covers exactly these countries, which a test checks.
EU_MEMBER_STATES = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)  # fmt: skip

# CLDR display names that are abbreviations or shortened; the usual English short name instead.
COUNTRY_NAME_OVERRIDES = {
    "US": "United States",
    "GB": "United Kingdom",
    "BA": "Bosnia and Herzegovina",
}

# Kosovo is absent from ISO 3166 and from country-codes.csv; the European Commission uses XK.
KOSOVO = ("XK", "XKX", "Kosovo", "Europe", "Southern Europe")

# Codes that EU sources (CORDIS, NUTS) use instead of ISO 3166-1 alpha-2.
EU_TO_ISO_COUNTRY_CODES = {"UK": "GB", "EL": "GR"}


@dataclass(frozen=True)
class CountryRecord:
    iso2: str
    iso3: str
    name: str
    region: str
    is_eu_member: bool
    other_names: tuple[str, ...] = ()


def read_countries(data_dir: Path) -> list[CountryRecord]:
    """Countries from the trimmed ISO 3166 table, plus Kosovo; EU membership from the list above."""
    records: list[CountryRecord] = []
    with open(data_dir / "countries" / "country-codes.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            iso2 = row["ISO3166-1-Alpha-2"].strip()
            iso3 = row["ISO3166-1-Alpha-3"].strip()
            if not iso2 or not iso3:
                continue
            cldr = row["CLDR display name"].strip()
            official = row["official_name_en"].strip()
            unterm = re.sub(r"\s*\(the\)|\s*\*$", "", row["UNTERM English Short"]).strip()
            name = COUNTRY_NAME_OVERRIDES.get(iso2) or cldr or official or unterm
            region = row["Sub-region Name"].strip() or row["Region Name"].strip()
            records.append(
                CountryRecord(
                    iso2=iso2,
                    iso3=iso3,
                    name=name[:100],
                    region=region[:60],
                    is_eu_member=iso2 in EU_MEMBER_STATES,
                    other_names=tuple(n for n in (cldr, official, unterm) if n and n != name),
                )
            )
    iso2, iso3, name, _region, subregion = KOSOVO
    if iso2 not in {record.iso2 for record in records}:
        records.append(
            CountryRecord(iso2=iso2, iso3=iso3, name=name, region=subregion, is_eu_member=False)
        )
    return records


def index_country_names(countries: list[CountryRecord]) -> dict[str, str]:
    """Normalised English names (display, official, UN short) -> ISO2."""
    index: dict[str, str] = {}
    for country in countries:
        for name in (*country.other_names, country.name):
            index[normalise_for_search(name)] = country.iso2
    return index


def to_iso_country_code(code: str) -> str:
    return EU_TO_ISO_COUNTRY_CODES.get(code, code)


# ------------------------------------------------------------------------------------ NUTS


@dataclass(frozen=True)
class NutsRecord:
    code: str
    label: str
    level: int
    country_code: str  # ISO 3166 alpha-2 (GR for the NUTS prefix EL)


def read_nuts_regions(data_dir: Path) -> list[NutsRecord]:
    with open(data_dir / "nuts" / "nuts2024_codes.csv", encoding="utf-8", newline="") as file:
        return [
            NutsRecord(
                code=row["nuts_code"].strip(),
                label=row["nuts_label"].strip()[:200],
                level=int(row["nuts_level"]),
                country_code=to_iso_country_code(row["country_code"].strip()),
            )
            for row in csv.DictReader(file)
            if row["nuts_code"].strip()
        ]


# ------------------------------------------------------------------------------ EDIH hubs

FACETS = ("technologies", "sectors", "services")


@dataclass(frozen=True)
class TagRecord:
    facet: str
    label: str


def read_tags(data_dir: Path) -> list[TagRecord]:
    with open(data_dir / "edih" / "label_vocabulary.csv", encoding="utf-8", newline="") as file:
        return [
            TagRecord(facet=row["facet"].strip(), label=row["label"].strip())
            for row in csv.DictReader(file)
            if row["facet"].strip() in FACETS and row["label"].strip()
        ]


HUB_TYPES = {
    "EDIH": "European Digital Innovation Hub (EDIH)",
    "DIH": "Digital Innovation Hub (DIH)",
    "Seal of Excellence": "Seal of Excellence hub",
}


@dataclass(frozen=True)
class HubRecord:
    hub_id: str
    name: str
    title: str
    country_name: str
    hub_type: str
    website: str
    location: str
    description: str
    city: str
    levels: dict[tuple[str, str], int] = field(default_factory=dict)  # (facet, label) -> 1..5


def read_hubs(data_dir: Path) -> list[HubRecord]:
    """EDIH catalogue hubs; placeholder or truncated websites are dropped, scores kept as given."""
    hubs = []
    with open(data_dir / "edih" / "edih_hubs_dev.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            levels: dict[tuple[str, str], int] = {}
            for facet in FACETS:
                raw = row[f"{facet}_scores"].strip()
                if not raw:
                    continue
                for label, score in json.loads(raw).items():
                    if isinstance(score, int) and 1 <= score <= 5:
                        levels[(facet, label.strip())] = score
            hubs.append(
                HubRecord(
                    hub_id=row["hub_id"].strip(),
                    name=row["name"].strip(),
                    title=row["title"].strip(),
                    country_name=row["country"].strip(),
                    hub_type=row["hub_type"].strip(),
                    website=clean_website(row["website"]),
                    location=row["location"].strip(),
                    description=row["description"].strip(),
                    city=parse_city(row["location"], row["country"].strip()),
                    levels=levels,
                )
            )
    return hubs


# ------------------------------------------------------------------ cities from addresses

# Spanish addresses in the catalogue end with "<postcode> <city> <province>"; the province is
# recognised from this list (50 provinces and 2 autonomous cities, Spanish and local names).
SPANISH_PROVINCES = frozenset(
    normalise_for_search(name)
    for name in (
        "A Coruña", "La Coruña", "Álava", "Araba", "Albacete", "Alicante", "Alacant", "Almería",
        "Asturias", "Ávila", "Badajoz", "Barcelona", "Bizkaia", "Vizcaya", "Burgos", "Cáceres",
        "Cádiz", "Cantabria", "Castellón", "Castelló", "Ciudad Real", "Córdoba", "Cuenca",
        "Gipuzkoa", "Guipúzcoa", "Girona", "Gerona", "Granada", "Guadalajara", "Huelva", "Huesca",
        "Illes Balears", "Baleares", "Jaén", "La Rioja", "Las Palmas", "León", "Lleida",
        "Lérida", "Lugo", "Madrid", "Málaga", "Murcia", "Navarra", "Ourense", "Palencia",
        "Pontevedra", "Salamanca", "Santa Cruz de Tenerife", "Segovia", "Sevilla", "Soria",
        "Tarragona", "Teruel", "Toledo", "Valencia", "València", "Valladolid", "Zamora",
        "Zaragoza", "Ceuta", "Melilla",
    )
)  # fmt: skip

_POSTCODE_PREFIX = re.compile(r"^(?:[A-Z]{1,2}-)?\d{2,6}(?:[\s-]\d{2,4})?\s+")
_DUTCH_POSTCODE_PREFIX = re.compile(r"^\d{4}\s?[A-Z]{2}\s+")
_POSTCODE_ONLY = re.compile(r"^(?:[A-Z]{1,2}-)?\d{3,6}$|^[A-Z]\d{2}\s?[A-Z0-9]{4}$")
_ITALIAN_PROVINCE_SUFFIX = re.compile(r"\s+[A-Z]{2}$")
_DANISH_DISTRICT_SUFFIX = re.compile(r"\s+[A-Za-z]$")
_REGION_WORDS = frozenset({"oblast", "county", "region", "province", "provincia"})


def parse_city(location: str, country_name: str) -> str:
    """The city of a catalogue address "street, [postcode] city, Country", or "" when unsure.

    Only the part just before the country is read (or the one before a lone postcode). Postcodes,
    Italian province codes, Danish postal districts and Spanish province names are removed; a
    part with digits, brackets, a county or region ("Co. Cork", "Lviv oblast") or more than
    three words is not trusted.
    """
    parts = [part.strip() for part in location.split(",") if part.strip()]
    if len(parts) < 2 or normalise_for_search(parts[-1]) != normalise_for_search(country_name):
        return ""
    candidate = parts[-2]
    had_postcode = False
    if _POSTCODE_ONLY.match(candidate):
        if len(parts) < 3:
            return ""
        candidate = parts[-3]
    else:
        prefix = _POSTCODE_PREFIX.match(candidate)
        if country_name == "Netherlands":
            prefix = _DUTCH_POSTCODE_PREFIX.match(candidate) or prefix
        if prefix:
            candidate, had_postcode = candidate[prefix.end() :].strip(), True
    return _clean_city(candidate, country_name, had_postcode=had_postcode)


def _clean_city(candidate: str, country_name: str, *, had_postcode: bool) -> str:
    if not candidate or re.search(r"[\d()\[\]]", candidate) or candidate.startswith("Co. "):
        return ""
    words = candidate.split()
    if any(word.casefold() in _REGION_WORDS for word in words):
        return ""
    normalised_country = normalise_for_search(country_name)
    if len(words) > 1 and normalise_for_search(words[-1]) == normalised_country:
        words = words[:-1]
    if country_name == "Italy" and had_postcode:
        words = _ITALIAN_PROVINCE_SUFFIX.sub("", " ".join(words)).split()
    if country_name == "Denmark":
        words = _DANISH_DISTRICT_SUFFIX.sub("", " ".join(words)).split()
    if country_name == "Spain" and len(words) > 1:
        words = _strip_spanish_province(words)
    if not words or len(words) > 4 or (len(words) == 4 and country_name != "Spain"):
        return ""
    city = " ".join(words)
    if city.isupper() and len(city) > 3:
        city = city.title()
    return city[:120]


def _strip_spanish_province(words: list[str]) -> list[str]:
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return words[:half]  # "Zamora Zamora", "Santa Cruz de Tenerife Santa Cruz de Tenerife"
    for size in (4, 3, 2, 1):
        if len(words) > size:
            tail = normalise_for_search(" ".join(words[-size:]))
            if tail in SPANISH_PROVINCES:
                return words[:-size]  # "Vigo Pontevedra" -> "Vigo"
    return [] if len(words) > 3 else words


# ----------------------------------------------------------------------------------- CORDIS

MISSING = "NA"  # the R convention of the CORDIS extract for a missing value

ENTITY_TYPES = {
    "HES": "Higher or secondary education establishment",
    "REC": "Research organisation",
    "PUB": "Public body (excluding research and education)",
    "PRC": "Private for-profit entity (excluding education)",
    "OTH": "Other organisation",
}


@dataclass(frozen=True)
class CordisProject:
    acronym: str
    theme: str


@dataclass(frozen=True)
class CordisOrganisation:
    pic: str
    name: str
    short_name: str
    entity_type: str  # HES, REC, PUB, PRC, OTH or "" when not stated
    country_code: str  # ISO 3166 alpha-2
    website: str
    projects: tuple[CordisProject, ...]
    name_in_source: str = ""  # the legal name as CORDIS writes it, when cleaning changed it


def clean_cordis_name(raw: str) -> str:
    """A CORDIS legal name without its CSV artefacts: some names were quoted twice on export, so
    they arrive wrapped in quotes with every inner quote doubled (a name written
    ``"NAUKE ""PRONA"`` plus a closing quote is ``NAUKE "PRONA"``); runs of spaces become one."""
    name = " ".join(raw.split())
    while len(name) > 2 and name.startswith('"') and name.endswith('"'):
        inner = name[1:-1]
        if '"' in inner.replace('""', ""):  # "A" and "B": the outer quotes are not a pair
            break
        name = inner.replace('""', '"').strip()
    return name


def _most_common(values: list[str]) -> str:
    """The most frequent non-missing value; ties go to the alphabetically first one."""
    counts = Counter(value for value in values if value and value != MISSING)
    if not counts:
        return ""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def read_cordis_organisations(data_dir: Path) -> list[CordisOrganisation]:
    """One record per PIC; rows without a PIC or a name are skipped.

    An organisation appears once per participation, sometimes with spelling variants or missing
    fields; each field takes its most frequent stated value. CORDIS country codes UK and EL
    become GB and GR.
    """
    rows_by_pic: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(data_dir / "cordis" / "cordis-plus-2014.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            pic = row["pic"].strip()
            if pic and pic != MISSING and pic.isdigit() and row["legal_name"].strip() != MISSING:
                rows_by_pic[pic].append(row)
    organisations = []
    for pic in sorted(rows_by_pic):
        rows = rows_by_pic[pic]
        country = _most_common([row["country_code"].strip() for row in rows])
        name_in_source = _most_common([row["legal_name"].strip() for row in rows])
        name = clean_cordis_name(name_in_source)
        if not country or not name:
            continue
        projects = sorted(
            {
                CordisProject(acronym=row["project_acronym"].strip(), theme=_theme(row))
                for row in rows
                if row["project_acronym"].strip() not in {"", MISSING}
            },
            key=lambda project: (project.acronym.casefold(), project.theme),
        )
        organisations.append(
            CordisOrganisation(
                pic=pic,
                name=name[:300],
                short_name=_most_common([row["legal_short_name"].strip() for row in rows]),
                entity_type=_most_common([row["legal_entity_type"].strip() for row in rows]),
                country_code=to_iso_country_code(country),
                website=clean_website(_most_common([row["legal_url"].strip() for row in rows])),
                projects=tuple(projects),
                name_in_source=name_in_source if name_in_source != name else "",
            )
        )
    return organisations


def _theme(row: dict[str, str]) -> str:
    theme = row["thematic_priority"].strip()
    return "" if theme == MISSING else theme


@dataclass(frozen=True)
class SmeDeclaration:
    pic: str
    is_sme: bool
    project_acronym: str  # a participation in which it was declared
    updated: str  # CORDIS contentUpdateDate of that record


def read_sme_declarations(data_dir: Path) -> dict[str, SmeDeclaration]:
    """PIC -> the SME flag declared in the official CORDIS sample, where one was stated.

    A PIC declared an SME in any participation counts as an SME; one only ever declared "not an
    SME" counts as not one; an empty flag tells nothing.
    """
    declared: dict[str, list[tuple[bool, str, str]]] = defaultdict(list)
    with open(data_dir / "cordis" / "sme_flags.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            flag = row["sme"].strip().lower()
            if flag in {"true", "false"}:
                declared[row["pic"].strip()].append(
                    (flag == "true", row["project_acronym"].strip(), row["content_update_date"])
                )
    result = {}
    for pic, flags in declared.items():
        is_sme = any(flag for flag, _, _ in flags)
        acronym, updated = min((a, u) for flag, a, u in flags if flag is is_sme)
        result[pic] = SmeDeclaration(
            pic=pic, is_sme=is_sme, project_acronym=acronym, updated=updated[:10]
        )
    return result


def extract_sme_flags(organization_json: Path, output_csv: Path) -> int:
    """Rebuild ``cordis/sme_flags.csv`` from an official CORDIS ``organization.json``."""
    with open(organization_json, encoding="utf-8") as file:
        records = json.load(file)
    rows = sorted(
        {
            (
                str(record["organisationID"]),
                str(record["projectID"]),
                str(record["projectAcronym"]),
                str(record["activityType"]),
                {True: "true", False: "false"}.get(record["SME"], ""),
                str(record["contentUpdateDate"]),
            )
            for record in records
        }
    )
    with open(output_csv, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(
            ["pic", "project_id", "project_acronym", "activity_type", "sme", "content_update_date"]
        )
        writer.writerows(rows)
    return len(rows)


# ---------------------------------------------------------------------------------- helpers

_validate_url = URLValidator(schemes=["http", "https"])


def clean_website(raw: str) -> str:
    """A usable http(s) address or "": placeholders and truncated ("…") addresses are dropped."""
    value = raw.strip()
    if not value or value == MISSING or "…" in value or " " in value:
        return ""
    if not re.match(r"^https?://", value, flags=re.IGNORECASE):
        if not re.match(r"^[\w-]+(\.[\w-]+)+(/.*)?$", value):
            return ""  # "Website", "www/..." and other placeholders
        value = "http://" + value
    if len(value) > 300:
        return ""
    try:
        _validate_url(value)
    except ValidationError:
        return ""
    return value
