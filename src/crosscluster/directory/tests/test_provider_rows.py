"""The providers the marketplace matches, read as plain values (``list_provider_rows``)."""

from __future__ import annotations

from typing import Any

from crosscluster.directory import queries
from crosscluster.directory.models import OrganisationKind
from crosscluster.directory.tests.factories import make_vocabulary, organisation
from tests.cast import make_country


def test_provider_rows_carry_each_provider_with_its_tags_in_two_queries(
    db: None, django_assert_num_queries: Any
) -> None:
    tags = make_vocabulary()
    sweden = make_country("SE", "SWE", "Sweden")
    vision = organisation(
        "Nordic Vision AB",
        country=sweden,
        description="Machine vision for sawmills.",
        tags={tags["robotics"]: 4, tags["health-care"]: 2},
    )
    lab = organisation("Lyon Lab", OrganisationKind.RESEARCH, description="Digital twins.")
    hub = organisation("Hub", OrganisationKind.INNOVATION_HUB, tags={tags["digital-twins"]: 5})
    organisation("Cluster", OrganisationKind.CLUSTER, tags={tags["robotics"]: 5})
    organisation("Town hall", OrganisationKind.PUBLIC_AUTHORITY, tags={tags["robotics"]: 5})

    with django_assert_num_queries(2):
        rows = queries.list_provider_rows()

    assert [row.pk for row in rows] == sorted([vision.pk, lab.pk, hub.pk])
    by_name = {row.name: row for row in rows}
    assert by_name["Nordic Vision AB"] == queries.ProviderRow(
        vision.pk,
        "Nordic Vision AB",
        "Machine vision for sawmills.",
        "SE",
        (("technologies", "Robotics", 4), ("sectors", "Health care", 2)),
    )
    assert by_name["Lyon Lab"].tags == ()
    assert by_name["Hub"].tags == (("technologies", "Digital twins", 5),)


def test_provider_rows_of_some_organisations_only(db: None) -> None:
    tags = make_vocabulary()
    wanted = organisation("Wanted", tags={tags["robotics"]: 3})
    organisation("Other", tags={tags["robotics"]: 5})
    town = organisation("Town hall", OrganisationKind.PUBLIC_AUTHORITY)

    rows = queries.list_provider_rows(organisation_ids=[wanted.pk, town.pk])

    assert [(row.name, row.tags) for row in rows] == [
        ("Wanted", (("technologies", "Robotics", 3),))
    ]
