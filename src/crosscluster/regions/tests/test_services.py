"""Writes: partner regions, priorities (entered and adopted from EDIH-derived candidates) and
recommendations, with bad input leaving nothing half-written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crosscluster.directory.models import NutsRegion
from crosscluster.engines.s3.derivation import DERIVED_LABEL
from crosscluster.regions import queries, services
from crosscluster.regions.models import (
    PartnerRegion,
    PriorityOrigin,
    Recommendation,
    RegionProfile,
    RegionSource,
    S3Priority,
)
from crosscluster.regions.tests.helpers import NOW, build_guidelines, priority_input

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        RegionProfile.objects.count(),
        PartnerRegion.objects.count(),
        S3Priority.objects.count(),
        Recommendation.objects.count(),
    )


def test_partners_are_placed_by_the_coordinator_and_from_the_directory(cast) -> None:
    setup = build_guidelines(cast)
    rows = {row.organisation_id: row for row in PartnerRegion.objects.all()}
    assert rows[cast.cluster.pk].profile == setup.basque
    assert rows[cast.cluster.pk].source == RegionSource.COORDINATOR
    assert rows[cast.other_cluster.pk].profile == setup.german
    assert rows[cast.other_cluster.pk].source == RegionSource.DIRECTORY


def test_moving_a_partner_drops_its_empty_region_but_keeps_one_with_work(cast) -> None:
    setup = build_guidelines(cast)
    services.set_partner_region(
        user=cast.coordinator,
        partnership=cast.partnership,
        organisation_id=cast.other_cluster.pk,
        region_code="PT19",
        now=NOW,
    )
    assert not RegionProfile.objects.filter(pk=setup.german.pk).exists()
    services.save_priority(
        user=cast.coordinator, profile=setup.basque, data=priority_input(), now=NOW
    )
    services.clear_partner_region(
        user=cast.coordinator, partnership=cast.partnership, organisation_id=cast.cluster.pk
    )
    assert RegionProfile.objects.filter(pk=setup.basque.pk).exists()  # its priority is kept


@pytest.mark.parametrize(
    ("organisation", "code", "field"),
    [
        ("cluster", "XX99", "region"),
        ("cluster", "ES211", "region"),
        ("other_sme", "ES21", "organisation"),
    ],
)
def test_bad_partner_regions_name_the_field_and_write_nothing(
    cast, organisation, code, field
) -> None:
    build_guidelines(cast)
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.set_partner_region(
            user=cast.coordinator,
            partnership=cast.partnership,
            organisation_id=getattr(cast, organisation).pk,
            region_code=code,
            now=NOW,
        )
    assert field in error.value.message_dict
    assert "ES21" in " ".join(error.value.message_dict[field]) or field == "organisation"
    assert counts() == before


def test_a_published_region_must_cite_its_page(cast) -> None:
    build_guidelines(cast)
    with pytest.raises(ValidationError) as error:
        services.set_partner_region(
            user=cast.coordinator,
            partnership=cast.partnership,
            organisation_id=cast.cluster.pk,
            region_code="ES21",
            source=RegionSource.PUBLISHED,
            now=NOW,
        )
    assert "source_note" in error.value.message_dict


@pytest.mark.parametrize("who", ["sme_member", "cluster_manager", "outsider"])
def test_only_coordinators_write(cast, who) -> None:
    setup = build_guidelines(cast)
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        services.save_priority(user=user, profile=setup.basque, data=priority_input(), now=NOW)
    with pytest.raises(PermissionDenied):
        services.generate_recommendations(user=user, partnership=cast.partnership, now=NOW)
    assert S3Priority.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"tags": ["technologies:no-such-tag"]}, "tags"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"source_url": "", "source_label": ""}, "source_url"),
        ({"source_vintage": ""}, "source_vintage"),
    ],
)
def test_bad_priorities_name_the_field_and_write_nothing(cast, fields, field) -> None:
    setup = build_guidelines(cast)
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.save_priority(
            user=cast.coordinator, profile=setup.basque, data=priority_input(**fields), now=NOW
        )
    assert field in error.value.message_dict
    assert counts() == before


def test_an_entered_priority_keeps_its_tags_and_source(cast) -> None:
    setup = build_guidelines(cast)
    priority = services.save_priority(
        user=cast.coordinator, profile=setup.basque, data=priority_input(), now=NOW
    )
    assert priority.origin == PriorityOrigin.ENTERED
    assert {tag.slug for tag in priority.tags.all()} == {"manufacturing", "internet-of-things"}
    with pytest.raises(ValidationError) as error:
        services.save_priority(
            user=cast.coordinator, profile=setup.basque, data=priority_input(), now=NOW
        )
    assert "already a priority" in error.value.message_dict["title"][0]


def test_candidates_come_from_the_regions_hubs_and_fall_back_to_the_country(cast) -> None:
    setup = build_guidelines(cast)
    # Hubs A and B declare Manufacturing (levels 4 + 3), hub C Health care (5).
    candidates = queries.list_candidates(region=setup.regions["ES21"])
    assert [c.title for c in candidates] == ["Manufacturing", "Health care"]
    assert [t.label for t in candidates[0].technologies] == ["Internet of Things", "Robotics"]
    assert candidates[0].scope == "region"
    madrid = NutsRegion.objects.create(code="ES30", label="Madrid", level=2, country_code="ES")
    fallback = queries.list_candidates(region=madrid)
    assert [c.title for c in fallback] == ["Manufacturing", "Health care"]
    assert fallback[0].scope == "country"
    assert fallback[0].scope_label == "Spain"
    assert queries.list_candidates(region=setup.regions["DE80"]) == []  # no hub in Germany


def test_adopting_candidates_labels_them_derived_and_editing_keeps_the_label(cast) -> None:
    setup = build_guidelines(cast)
    created = services.adopt_candidates(
        user=cast.coordinator,
        profile=setup.basque,
        keys=["sectors:manufacturing", "sectors:health-care"],
        now=NOW,
    )
    assert [p.title for p in created] == ["Manufacturing", "Health care"]
    manufacturing = created[0]
    assert manufacturing.origin == PriorityOrigin.DERIVED
    assert manufacturing.source_label == DERIVED_LABEL
    assert manufacturing.source_vintage == "EDIH catalogue, April 2025"
    assert {t.slug for t in manufacturing.tags.all()} == {
        "manufacturing",
        "internet-of-things",
        "robotics",
    }
    # Adopting again skips what is there.
    again = services.adopt_candidates(
        user=cast.coordinator, profile=setup.basque, keys=["sectors:manufacturing"], now=NOW
    )
    assert again == []
    assert S3Priority.objects.count() == 2
    edited = services.save_priority(
        user=cast.coordinator,
        profile=setup.basque,
        data=priority_input(
            "Smart manufacturing", source_url="", source_label="", source_vintage=""
        ),
        now=NOW,
        priority=manufacturing,
    )
    assert edited.is_edited
    assert edited.origin == PriorityOrigin.DERIVED
    assert edited.source_label == DERIVED_LABEL


def test_unknown_candidates_are_refused(cast) -> None:
    setup = build_guidelines(cast)
    with pytest.raises(ValidationError) as error:
        services.adopt_candidates(
            user=cast.coordinator, profile=setup.basque, keys=["sectors:space"], now=NOW
        )
    assert "sectors:manufacturing" in error.value.message_dict["keys"][0]
    with pytest.raises(ValidationError):
        services.adopt_candidates(user=cast.coordinator, profile=setup.basque, keys=[], now=NOW)
    assert S3Priority.objects.count() == 0


def test_recommendations_follow_the_rules_and_regeneration_keeps_edits(cast) -> None:
    setup = build_guidelines(cast)
    manufacturing, health = services.adopt_candidates(
        user=cast.coordinator,
        profile=setup.basque,
        keys=["sectors:manufacturing", "sectors:health-care"],
        now=NOW,
    )
    services.generate_recommendations(user=cast.coordinator, partnership=cast.partnership, now=NOW)
    basque = set(Recommendation.objects.filter(profile=setup.basque).values_list("rule", flat=True))
    # IoT (a JIS domain) is a tag of Manufacturing; nothing of the JIS touches Health care;
    # Basque business R&D (508.6, 2018) is above Spain's, so no R&D rule.
    assert basque == {f"aligned:priority:{manufacturing.pk}", f"gap:priority:{health.pk}"}
    german = set(Recommendation.objects.filter(profile=setup.german).values_list("rule", flat=True))
    # No priority in DE80; its business R&D (2017) is below Germany's.
    assert german == {"record-priorities", "rd-below-country"}
    research = Recommendation.objects.get(rule="rd-below-country")
    assert research.facts["year"] == 2017
    assert research.facts["share_of_country"] < 1

    gap = Recommendation.objects.get(rule=f"gap:priority:{health.pk}")
    services.update_recommendation(
        user=cast.coordinator, recommendation=gap, title="Our own title", body="Our text.", now=NOW
    )
    aligned = Recommendation.objects.get(rule=f"aligned:priority:{manufacturing.pk}")
    services.delete_recommendation(user=cast.coordinator, recommendation=aligned)
    services.delete_priority(user=cast.coordinator, priority=health)  # the gap rule stops firing
    result = services.generate_recommendations(
        user=cast.coordinator, partnership=cast.partnership, now=NOW
    )
    assert result["kept_edited"] == 1
    assert result["created"] == 1
    kept = Recommendation.objects.get(pk=gap.pk)
    assert (kept.title, kept.body, kept.is_edited) == ("Our own title", "Our text.", True)
    assert Recommendation.objects.filter(rule=f"aligned:priority:{manufacturing.pk}").exists()


def test_a_bad_recommendation_edit_changes_nothing(cast) -> None:
    setup = build_guidelines(cast)
    services.generate_recommendations(user=cast.coordinator, partnership=cast.partnership, now=NOW)
    recommendation = Recommendation.objects.filter(profile=setup.german).first()
    with pytest.raises(ValidationError) as error:
        services.update_recommendation(
            user=cast.coordinator, recommendation=recommendation, title="T", body=" ", now=NOW
        )
    assert "body" in error.value.message_dict
    fresh = Recommendation.objects.get(pk=recommendation.pk)
    assert fresh.title != "T"
    assert not fresh.is_edited
