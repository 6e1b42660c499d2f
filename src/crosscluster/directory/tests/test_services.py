"""Creating and changing organisations: validation naming the field, all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crosscluster.directory import services
from crosscluster.directory.models import (
    ClusterMembership,
    DataSource,
    Organisation,
    OrganisationKind,
    OrganisationTag,
    ValidationStatus,
)
from crosscluster.directory.services import OrganisationChanges, TagChoice
from crosscluster.directory.tests.factories import make_region, make_vocabulary, organisation
from tests.cast import make_country

pytestmark = pytest.mark.django_db


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_create_organisation_with_tags_and_search_text(db: None) -> None:
    make_vocabulary()
    make_country("DE", "DEU", "Germany")
    make_region("DE21", "Oberbayern", "DE")
    created = services.create_organisation(
        name="  Bayerische Roboter GmbH ",
        kind="sme",
        country="de",
        nuts_region="DE21",
        city="München",
        website="https://roboter.example.de",
        description="Schweißroboter",
        tags=[TagChoice("technologies", "robotics", 4), TagChoice("sectors", "health-care", 2)],
        source=DataSource.EDIH,
        source_vintage="2025",
    )
    assert created.slug == "bayerische-roboter-gmbh"
    assert created.name == "Bayerische Roboter GmbH"
    assert created.search_text == "bayerische roboter gmbh munchen schweissroboter"
    assert created.validation_status == ""
    assert sorted(created.organisation_tags.values_list("tag__slug", "level")) == [
        ("health-care", 2),
        ("robotics", 4),
    ]
    again = services.create_organisation(name="Bayerische Roboter GmbH", kind="sme", country="DE")
    assert again.slug == "bayerische-roboter-gmbh-2"


def test_a_new_cluster_starts_provisional(db: None) -> None:
    make_country()
    cluster = services.create_organisation(name="Pôle Nouveau", kind="cluster", country="FR")
    assert cluster.validation_status == ValidationStatus.PROVISIONAL


def test_create_names_every_bad_field_and_writes_nothing(db: None) -> None:
    make_vocabulary()
    make_country()
    make_region("DE21", "Oberbayern", "DE")
    with pytest.raises(ValidationError) as excinfo:
        services.create_organisation(
            name=" ",
            kind="startup",
            country="FR",
            nuts_region="DE21",
            website="roboter.example",
            tags=[TagChoice("technologies", "robotics", 9), TagChoice("technologies", "warp", 3)],
        )
    errors = errors_of(excinfo)
    assert set(errors) == {"name", "kind", "nuts_region", "website", "tags"}
    assert errors["website"] == [
        "Enter the full address starting with https://, e.g. https://www.example.eu."
    ]
    assert errors["nuts_region"] == [
        "DE21 is not in FR: choose a region of the organisation's country, or leave it empty."
    ]
    assert "Give 'Robotics' a level from 1 to 5 (got 9)." in errors["tags"]
    assert any("Unknown technologies tag 'warp'" in message for message in errors["tags"])
    assert not Organisation.objects.exists()


def test_update_by_a_member_keeps_search_text_and_replaces_tags(cast) -> None:
    tags = make_vocabulary()
    OrganisationTag.objects.create(organisation=cast.sme, tag=tags["health-care"], level=2)
    services.update_organisation(
        user=cast.sme_member,
        organisation=cast.sme,
        changes=OrganisationChanges(
            description="Optical inspection",
            city="Grenoble",
            tags=[TagChoice("technologies", "robotics", 3)],
        ),
    )
    cast.sme.refresh_from_db()
    assert cast.sme.search_text == "vision systems sme grenoble optical inspection"
    assert list(cast.sme.organisation_tags.values_list("tag__slug", "level")) == [("robotics", 3)]


def test_bad_update_changes_nothing(cast) -> None:
    tags = make_vocabulary()
    OrganisationTag.objects.create(organisation=cast.sme, tag=tags["health-care"], level=2)
    with pytest.raises(ValidationError) as excinfo:
        services.update_organisation(
            user=cast.sme_member,
            organisation=cast.sme,
            changes=OrganisationChanges(
                description="should not stick",
                country="XX",
                tags=[TagChoice("technologies", "robotics", 3)],
            ),
        )
    assert errors_of(excinfo) == {
        "country": ["Unknown country code 'XX': use an ISO 3166 two-letter code such as DE."]
    }
    cast.sme.refresh_from_db()
    assert cast.sme.description != "should not stick"
    assert list(cast.sme.organisation_tags.values_list("tag__slug", flat=True)) == ["health-care"]


def test_only_members_and_administrators_update(cast) -> None:
    with pytest.raises(PermissionDenied):
        services.update_organisation(
            user=cast.outsider, organisation=cast.sme, changes=OrganisationChanges(name="Hijacked")
        )
    services.update_organisation(
        user=cast.administrator, organisation=cast.sme, changes=OrganisationChanges(city="Paris")
    )
    cast.sme.refresh_from_db()
    assert (cast.sme.name, cast.sme.city) == ("Vision Systems SME", "Paris")


def test_members_cannot_make_a_cluster_but_administrators_can(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.update_organisation(
            user=cast.sme_member, organisation=cast.sme, changes=OrganisationChanges(kind="cluster")
        )
    assert "Only platform administrators" in errors_of(excinfo)["kind"][0]
    services.update_organisation(
        user=cast.administrator, organisation=cast.sme, changes=OrganisationChanges(kind="cluster")
    )
    cast.sme.refresh_from_db()
    assert cast.sme.validation_status == ValidationStatus.PROVISIONAL
    services.update_organisation(
        user=cast.administrator, organisation=cast.sme, changes=OrganisationChanges(kind="sme")
    )
    cast.sme.refresh_from_db()
    assert cast.sme.validation_status == ""


def test_tags_are_replaced_with_their_levels_checked(cast) -> None:
    make_vocabulary()
    with pytest.raises(ValidationError) as excinfo:
        services.update_organisation(
            user=cast.sme_member,
            organisation=cast.sme,
            changes=OrganisationChanges(
                tags=[
                    TagChoice("technologies", "robotics", 0),
                    TagChoice("sectors", "health-care", 5),
                ]
            ),
        )
    assert errors_of(excinfo) == {"tags": ["Give 'Robotics' a level from 1 to 5 (got 0)."]}
    assert not cast.sme.organisation_tags.exists()
    services.update_organisation(
        user=cast.sme_member,
        organisation=cast.sme,
        changes=OrganisationChanges(tags=[TagChoice("sectors", "health-care", 5)]),
    )
    rows = cast.sme.organisation_tags.select_related("tag")
    assert [(row.tag.slug, row.level) for row in rows] == [("health-care", 5)]


def test_cluster_managers_add_and_remove_members(cast) -> None:
    newcomer = organisation("Newcomer SME")
    services.add_cluster_member(user=cast.coordinator, cluster=cast.cluster, member=newcomer)
    assert ClusterMembership.objects.filter(cluster=cast.cluster, member=newcomer).exists()
    with pytest.raises(PermissionDenied):
        services.add_cluster_member(user=cast.sme_member, cluster=cast.cluster, member=newcomer)
    with pytest.raises(PermissionDenied):
        services.remove_cluster_member(
            user=cast.cluster_manager, cluster=cast.cluster, member=newcomer
        )
    with pytest.raises(ValidationError) as excinfo:
        services.add_cluster_member(
            user=cast.coordinator, cluster=cast.cluster, member=cast.cluster
        )
    assert errors_of(excinfo) == {"member": ["A cluster cannot be a member of itself."]}
    assert services.remove_cluster_member(
        user=cast.coordinator, cluster=cast.cluster, member=newcomer
    )
    assert not services.remove_cluster_member(
        user=cast.coordinator, cluster=cast.cluster, member=newcomer
    )


def test_only_clusters_have_members(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.add_cluster_member(
            user=cast.administrator, cluster=cast.sme, member=cast.other_sme
        )
    assert errors_of(excinfo) == {
        "cluster": ["Vision Systems SME is not a cluster: choose a cluster."]
    }


def test_kind_must_be_known(cast) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.update_organisation(
            user=cast.sme_member, organisation=cast.sme, changes=OrganisationChanges(kind="unicorn")
        )
    assert errors_of(excinfo)["kind"] == [f"Choose one of: {', '.join(OrganisationKind.values)}."]
