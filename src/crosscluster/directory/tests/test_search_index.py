"""The database keeps the search index and the tag rows' copies current by itself."""

from __future__ import annotations

import pytest
from django.db import connection

from crosscluster.core.text import normalise_for_search
from crosscluster.directory import queries, search_index, services
from crosscluster.directory.models import Organisation, OrganisationKind, OrganisationTag
from crosscluster.directory.tests.factories import make_region, make_vocabulary, organisation
from tests.cast import make_country

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    filters, _ = queries.resolve_filters(filters=queries.SearchFilters(q=text))
    return [row.organisation.name for row in queries.search_directory(filters=filters).rows]


def test_migrations_install_the_index() -> None:
    assert search_index.is_installed(connection)


def test_index_follows_inserts_updates_and_deletes() -> None:
    firm = organisation("Alpha Robotics", description="welding cells")
    assert found("welding") == ["Alpha Robotics"]
    firm.description = "laser cutting"
    firm.search_text = normalise_for_search(firm.name, firm.city, firm.description)
    firm.save()
    assert found("welding") == []
    assert found("laser") == ["Alpha Robotics"]
    with connection.cursor() as cursor:  # the database's own delete, as a bulk clean-up would
        cursor.execute("DELETE FROM directory_organisation WHERE id = %s", [firm.pk])
    assert found("laser") == []


def test_bulk_created_rows_are_searchable_and_their_tags_carry_copies() -> None:
    tags = make_vocabulary()
    germany = make_country("DE", "DEU", "Germany")
    region = make_region("DE21", "Oberbayern", "DE")
    created = Organisation.objects.bulk_create(
        Organisation(
            slug=f"bulk-{n}",
            name=f"Bulk {n}",
            kind="sme",
            country=germany,
            nuts_region=region,
            search_text=normalise_for_search(f"Bulk {n}", "", "additive manufacturing"),
        )
        for n in range(3)
    )
    OrganisationTag.objects.bulk_create(
        OrganisationTag(organisation=o, tag=tags["robotics"], level=3) for o in created
    )
    assert found("additive") == ["Bulk 0", "Bulk 1", "Bulk 2"]
    copies = set(
        OrganisationTag.objects.values_list(
            "organisation_kind", "organisation_country", "organisation_region"
        )
    )
    assert copies == {("sme", "DE", "DE21")}


def test_tag_copies_follow_the_organisation() -> None:
    tags = make_vocabulary()
    firm = organisation("Copy Firm", tags={tags["robotics"]: 4})
    germany = make_country("DE", "DEU", "Germany")
    Organisation.objects.filter(pk=firm.pk).update(kind=OrganisationKind.RESEARCH, country=germany)
    row = OrganisationTag.objects.get(organisation=firm)
    assert (row.organisation_kind, row.organisation_country, row.organisation_region) == (
        "research",
        "DE",
        "",
    )


def test_refresh_restores_a_lost_index() -> None:
    organisation("Beta Sensors", description="vibration sensors")
    if connection.vendor == "postgresql":
        # PostgreSQL will not build an index on a table with deferred checks pending (Django's
        # foreign keys); a real bulk load commits first.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    search_index.uninstall(connection)
    assert not search_index.is_installed(connection)
    services.refresh_search_index()
    assert search_index.is_installed(connection)
    assert found("vibration") == ["Beta Sensors"]
    organisation("Gamma Sensors", description="vibration probes")  # triggers are back
    assert found("vibration") == ["Beta Sensors", "Gamma Sensors"]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Robotik in München", ["robotik", "munchen"]),  # "in" is a common word
        ("  the AND und  ", []),
        ("e-commerce, IT", ["commerce", "it"]),  # "e" is a common word (Italian "and")
        ("robot robot", ["robot"]),
        ("'\"*) OR NEAR(", ["near"]),  # FTS syntax is never passed through
    ],
)
def test_search_terms(text: str, terms: list[str]) -> None:
    assert search_index.search_terms(text) == terms


def test_match_expressions_quote_every_term_and_prefix_long_ones() -> None:
    assert search_index.sqlite_match_expression(["ai", "robot"]) == '"ai" "robot"*'
    assert search_index.postgres_tsquery(["ai", "robot"]) == "ai & robot:*"


def test_text_search_counts_follow_changes_of_type_and_country() -> None:
    firm = organisation("Delta Optics", description="lidar modules")
    germany = make_country("DE", "DEU", "Germany")
    Organisation.objects.filter(pk=firm.pk).update(kind=OrganisationKind.RESEARCH, country=germany)
    filters, _ = queries.resolve_filters(
        filters=queries.SearchFilters(q="lidar", kinds=("research",))
    )
    results = queries.search_directory(filters=filters)
    counts = {
        facet.parameter: {value.value: value.count for value in facet.values}
        for facet in results.facets
    }
    assert results.total == 1
    assert counts["type"] == {"research": 1}
    assert counts["country"] == {"DE": 1}


def test_a_city_s_english_and_own_names_are_alternatives() -> None:
    """Issue 13: "Munich" found nothing where the data says München (Milan/Milano, Lisbon/Lisboa)."""
    from crosscluster.directory import search_index

    assert search_index.alternatives("munich") == ("munich", "munchen")
    assert search_index.alternatives("munchen") == ("munchen", "munich")
    assert search_index.alternatives("milano") == ("milano", "milan")
    assert search_index.alternatives("lisbon") == ("lisbon", "lisboa")
    assert search_index.alternatives("robotics") == ("robot",)  # its stem (a prefix)
    assert search_index.sqlite_match_expression(["robot", "munich"]) == (
        '"robot"* AND ("munich"* OR "munchen"*)'
    )
    assert search_index.postgres_tsquery(["robot", "munich"]) == "robot:* & (munich:* | munchen:*)"
