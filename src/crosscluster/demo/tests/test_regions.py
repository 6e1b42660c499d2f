"""The demo's S3 guidelines stage on the shipped reference data and EDIH hubs."""

from __future__ import annotations

import pytest
from django.conf import settings

from crosscluster.demo import facts
from crosscluster.demo.organisations import load_organisations
from crosscluster.demo.partnership import load_partnership
from crosscluster.demo.reference import load_reference_data
from crosscluster.demo.regions import PUBLISHED_REGIONS, load_regions
from crosscluster.directory.models import Facet, Tag
from crosscluster.engines.s3.derivation import DERIVED_LABEL
from crosscluster.partnerships.models import Partnership
from crosscluster.regions.models import (
    PartnerRegion,
    PriorityOrigin,
    Recommendation,
    RegionSource,
    S3Priority,
)
from crosscluster.strategy.models import Strategy, TechnologyDomain

pytestmark = pytest.mark.django_db


def test_the_demo_guidelines_are_sourced_labelled_and_rerunnable() -> None:
    assert load_regions() == "skipped: the demo partnership is not loaded"
    load_reference_data(data_dir=settings.DATA_DIR)
    load_organisations(data_dir=settings.DATA_DIR)
    load_partnership()

    summary = load_regions()
    placed = {
        row.organisation.name: row
        for row in PartnerRegion.objects.select_related("organisation", "profile")
    }
    names = {partner.key: partner.name for partner in facts.PARTNERS}
    # The four partners whose region is published, each citing its page; not the unnamed ones.
    assert set(placed) == {names[key] for key in PUBLISHED_REGIONS}
    for key, published in PUBLISHED_REGIONS.items():
        row = placed[names[key]]
        assert row.profile.region_id == published.code
        assert row.source == RegionSource.PUBLISHED
        assert row.source_note == published.note
    assert "region unknown for: " in summary
    assert names["italy"] in summary
    assert "the JIS has no technology domains yet" in summary

    # Every priority is derived from the EDIH catalogue and says so; none is invented.
    priorities = list(S3Priority.objects.all())
    assert priorities
    assert all(p.origin == PriorityOrigin.DERIVED for p in priorities)
    assert all(p.source_label == DERIVED_LABEL for p in priorities)
    assert all("not the official S3" in p.description for p in priorities)
    # No hub of the catalogue has a NUTS-2 region in France, so French candidates come from
    # the French hubs (country scope).
    french = S3Priority.objects.filter(profile__region_id="FRL0").first()
    assert french is not None
    assert "in France (country)" in french.description
    rules = set(Recommendation.objects.values_list("rule", flat=True))
    assert "define-domains" in rules  # priorities but no JIS domains
    counts = (
        PartnerRegion.objects.count(),
        S3Priority.objects.count(),
        Recommendation.objects.count(),
    )

    # Rerun: nothing new.
    assert "0 partners placed now; 0 candidate priorities" in load_regions()
    assert (
        PartnerRegion.objects.count(),
        S3Priority.objects.count(),
        Recommendation.objects.count(),
    ) == counts

    # With a JIS technology domain the matrix fills in after a regeneration.
    partnership = Partnership.objects.get(slug=facts.SLUG)
    strategy = Strategy.objects.create(partnership=partnership)
    technology = (
        Tag.objects.filter(
            facet=Facet.TECHNOLOGY, pk__in=S3Priority.tags.through.objects.values("tag_id")
        )
        .order_by("label")
        .first()
    )
    TechnologyDomain.objects.create(strategy=strategy, tag=technology)
    PartnerRegion.objects.filter(profile__region_id="DE80").delete()  # a partner to place again
    summary = load_regions()
    assert "1 partners placed now" in summary
    assert "matrix empty" not in summary
    assert Recommendation.objects.filter(rule__startswith="aligned:").exists()
