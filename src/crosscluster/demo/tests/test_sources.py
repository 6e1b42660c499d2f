"""Readers of the shipped data: cleaning rules, mappings and the honesty checks (no database)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from django.conf import settings

from crosscluster.core.text import normalise_for_search
from crosscluster.demo.organisations import cordis_description, cordis_kind
from crosscluster.demo.sources import (
    EU_MEMBER_STATES,
    CordisOrganisation,
    CordisProject,
    SmeDeclaration,
    clean_website,
    extract_sme_flags,
    index_country_names,
    parse_city,
    read_cordis_organisations,
    read_countries,
    read_hubs,
    read_nuts_regions,
    read_sme_declarations,
    read_tags,
)
from crosscluster.directory.models import OrganisationKind

DATA = settings.DATA_DIR


@pytest.mark.parametrize(
    ("location", "country", "city"),
    [
        ("Via Santa Croce 77, 38122 Trento TN, Italy", "Italy", "Trento"),
        ("Plaza viriato s/n, 49071 Zamora Zamora, Spain", "Spain", "Zamora"),
        ("Calle tajonar 20, 31006 Pamplona Navarra, Spain", "Spain", "Pamplona"),
        ("x, 13700 TOMELLOSO Ciudad Real, Spain", "Spain", "Tomelloso"),
        ("x, 38006 Santa Cruz de Tenerife Santa Cruz de Tenerife, Spain", "Spain", "Santa Cruz de Tenerife"),
        ("Campus gräsvik 2, 371 75 Karlskrona, Sweden", "Sweden", "Karlskrona"),
        ("Science park 140, 1098 XG Amsterdam, Netherlands", "Netherlands", "Amsterdam"),
        ("Vasteland 100, 3011 bp, 3011 Rotterdam, Netherlands", "Netherlands", "Rotterdam"),
        ("Munkebjergvænget 1, 5230 Odense M, Denmark", "Denmark", "Odense"),
        ("Eksporta street 5, Riga, LV-1010, Latvia", "Latvia", "Riga"),
        ("Ehitajate tee 5, 19086 Tallinn Estonia, Estonia", "Estonia", "Tallinn"),
        ("Steinplatz 1, Berlin, Germany", "Germany", "Berlin"),
        # Not trusted: no city part, a county, a region, brackets, a postcode only.
        ("Gödöllő, Páter Károly út 1., 2103, Hungary", "Hungary", ""),
        ("Lee Maltings Complex, Dyke Parade, Cork, Co. Cork, Ireland", "Ireland", ""),
        ("3 Ulasa Samchuka St, Lviv, Lviv oblast, 79011, Ukraine", "Ukraine", ""),
        ("S.s. 100 km. 18,00, 70010 Casamassima (ba) TA, Italy", "Italy", ""),
        ("x, 72100 Cittadella della ricerca brindisi BR, Italy", "Italy", ""),
        ("Steinplatz 1, Berlin, Germany", "France", ""),
    ],
)  # fmt: skip
def test_the_city_is_read_from_an_address_only_when_it_is_clear(
    location: str, country: str, city: str
) -> None:
    assert parse_city(location, country) == city


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("https://www.dipsproject.it/", "https://www.dipsproject.it/"),
        ("www.ipp.cas.cz", "http://www.ipp.cas.cz"),
        ("Website", ""),
        ("NA", ""),
        ("https://brightlands.com/en/brightlands-smart-services-campus/brightlands-smart-…", ""),
        ("", ""),
    ],
)
def test_websites_are_kept_only_when_usable(raw: str, clean: str) -> None:
    assert clean_website(raw) == clean


def test_the_eu_list_in_code_matches_the_countries_of_the_nuts_file() -> None:
    assert {region.country_code for region in read_nuts_regions(DATA)} == EU_MEMBER_STATES
    countries = {country.iso2: country for country in read_countries(DATA)}
    assert {code for code, c in countries.items() if c.is_eu_member} == EU_MEMBER_STATES
    assert countries["US"].name == "United States"
    assert countries["XK"].name == "Kosovo"


def test_every_hub_country_is_recognised() -> None:
    index = index_country_names(read_countries(DATA))
    missing = {
        hub.country_name
        for hub in read_hubs(DATA)
        if normalise_for_search(hub.country_name) not in index
    }
    assert missing == set()


def test_hub_tags_use_the_vocabulary_and_levels_1_to_5() -> None:
    vocabulary = {(tag.facet, tag.label) for tag in read_tags(DATA)}
    hubs = read_hubs(DATA)
    levels = [(key, level) for hub in hubs for key, level in hub.levels.items()]
    assert len(hubs) == 343
    assert len(levels) == 6155
    assert {key for key, _ in levels} <= vocabulary
    assert {level for _, level in levels} <= {1, 2, 3, 4, 5}


def test_cordis_rows_become_one_organisation_per_pic_with_iso_codes() -> None:
    organisations = read_cordis_organisations(DATA)
    pics = [o.pic for o in organisations]
    assert len(pics) == len(set(pics))
    assert all(pic.isdigit() for pic in pics)
    codes = {o.country_code for o in organisations}
    assert {"GB", "GR"} <= codes
    assert not codes & {"UK", "EL", "NA"}
    assert all(o.name and o.name != "NA" for o in organisations)


def test_sme_status_comes_only_from_a_declared_flag() -> None:
    declarations = read_sme_declarations(DATA)
    assert any(d.is_sme for d in declarations.values())
    declared_sme = SmeDeclaration(pic="1", is_sme=True, project_acronym="X", updated="2020-12-16")
    declared_large = SmeDeclaration(pic="1", is_sme=False, project_acronym="X", updated="2020")
    assert cordis_kind("PRC", declared_sme) is OrganisationKind.SME
    assert cordis_kind("PRC", declared_large) is OrganisationKind.LARGE_COMPANY
    assert cordis_kind("PRC", None) is OrganisationKind.OTHER
    assert cordis_kind("REC", declared_sme) is OrganisationKind.RESEARCH
    assert cordis_kind("HES", None) is OrganisationKind.RESEARCH
    assert cordis_kind("PUB", None) is OrganisationKind.PUBLIC_AUTHORITY
    assert cordis_kind("OTH", None) is OrganisationKind.OTHER
    assert cordis_kind("", None) is OrganisationKind.OTHER


def test_a_company_without_a_flag_is_described_as_of_unknown_size() -> None:
    record = CordisOrganisation(
        pic="1",
        name="ACME SA",
        short_name="ACME",
        entity_type="PRC",
        country_code="FR",
        website="",
        projects=(CordisProject(acronym="ABC", theme="Security"),),
    )
    text = cordis_description(record, None)
    assert "size is not published" in text
    assert "ABC" in text
    assert "Security" in text


def test_sme_flags_are_rebuilt_from_the_official_json(tmp_path: Path) -> None:
    records = [
        {"organisationID": 9, "projectID": 1, "projectAcronym": "A", "activityType": "PRC",
         "SME": True, "contentUpdateDate": "2020-12-16 22:28:37", "vatNumber": "dropped"},
        {"organisationID": 8, "projectID": 1, "projectAcronym": "A", "activityType": "HES",
         "SME": "", "contentUpdateDate": "2020-12-16 22:28:37"},
    ]  # fmt: skip
    source, output = tmp_path / "organization.json", tmp_path / "sme_flags.csv"
    source.write_text(json.dumps(records), encoding="utf-8")
    assert extract_sme_flags(source, output) == 2
    with open(output, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(row["pic"], row["sme"]) for row in rows] == [("8", ""), ("9", "true")]
    assert "vat" not in output.read_text(encoding="utf-8").casefold()


def test_every_shipped_folder_has_its_source_note() -> None:
    for folder in ("edih", "countries", "nuts", "cordis"):
        assert (DATA / folder / "SOURCE.md").exists(), folder


def test_the_ranking_names_countries_as_the_directory_does() -> None:
    """Issue 13: one name per country ("South Korea", never "Korea, Rep.")."""
    from crosscluster.demo.sources import COUNTRY_NAME_OVERRIDES, read_countries
    from crosscluster.engines.ranking import load_market_data
    from crosscluster.engines.ranking.data import DISPLAY_NAME_OVERRIDES, data_directory

    directory = {record.iso3: record.name for record in read_countries(data_directory().parent)}
    ranking = {
        country.iso3: country.name
        for country in load_market_data().countries
        if not country.is_aggregate
    }
    different = {
        iso3: (name, directory[iso3])
        for iso3, name in ranking.items()
        if iso3 in directory and directory[iso3] != name
    }
    assert different == {}
    assert len(DISPLAY_NAME_OVERRIDES) == len(COUNTRY_NAME_OVERRIDES)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('"Fondacija za promovisanje nauke ""PRONA"""', 'Fondacija za promovisanje nauke "PRONA"'),
        ('"VOFAB, VAXJO FASTIGHETSFORVALTNING AB"', "VOFAB, VAXJO FASTIGHETSFORVALTNING AB"),
        ('"""F. DE PAULA ROJAS"""', "F. DE PAULA ROJAS"),
        ('NATIONAL ASSOCIATION "E-ARENA"  NGO', 'NATIONAL ASSOCIATION "E-ARENA" NGO'),
        ('"A" and "B"', '"A" and "B"'),
        ("Pôle SCS", "Pôle SCS"),
    ],
)
def test_cordis_names_lose_their_csv_quoting(raw: str, clean: str) -> None:
    from crosscluster.demo.sources import clean_cordis_name

    assert clean_cordis_name(raw) == clean


def test_no_shipped_cordis_name_starts_with_a_quote_and_the_original_is_kept() -> None:
    """Issue 13: names kept doubled CSV quotes and sorted to the top of the directory."""
    from crosscluster.demo.sources import read_cordis_organisations
    from crosscluster.engines.ranking.data import data_directory

    records = read_cordis_organisations(data_directory().parent)
    assert not [record.name for record in records if '""' in record.name]
    changed = [record for record in records if record.name_in_source]
    assert changed
    assert any(record.name_in_source.startswith('"') for record in changed)
    assert not [record.name for record in records if record.name.startswith('"')]
