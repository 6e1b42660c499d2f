"""The pure version comparison (``crosscluster.engines.versions``) names the sections as the
models do; the comparison itself is tested beside the engine."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.directory.models import Country, NutsRegion
from crosscluster.engines.versions.compare import SECTION_TITLES, compare_snapshots
from crosscluster.strategy import queries, services
from crosscluster.strategy.models import SectionKey, StrategyVersion
from crosscluster.strategy.tests.helpers import NOW, adopt, build_jis
from tests.cast import PASSWORD


def test_section_titles_follow_the_models() -> None:
    assert list(SECTION_TITLES) == [
        (key, str(label)) for key, label in SectionKey.choices if key != SectionKey.GENERAL
    ]


# ---------------------------------------------------------------- versions adopted before 0005


def _before_country(snapshot: dict) -> dict:
    """The snapshot as a version adopted before migration 0005 kept it: support mechanisms
    without ``country`` and ``country_name``."""
    support = [
        {key: value for key, value in item.items() if key not in {"country", "country_name"}}
        for item in snapshot["sections"]["support"]
    ]
    return {**snapshot, "sections": {**snapshot["sections"], "support": support}}


@pytest.mark.django_db
def test_a_version_adopted_before_mechanisms_had_a_country_shows_no_country_change(cast) -> None:
    build_jis(cast, mechanisms=2, actions=1)  # the first in FR10 (Ile-de-France), the second not
    adopt(cast)
    first = StrategyVersion.objects.get(number=1)
    assert [item["country_name"] for item in first.snapshot["sections"]["support"]] == [
        "France",
        "",
    ]
    first.snapshot = _before_country(first.snapshot)
    first.save(update_fields=["snapshot"])
    services.move_strategy(user=cast.coordinator, partnership=cast.partnership, to="draft", now=NOW)
    second = StrategyVersion.objects.get(number=adopt(cast, note="Second").current_version)

    # compared as stored, the region's mechanism would show "Country: — → France"
    raw = compare_snapshots(first.snapshot, queries.version_snapshot(second))
    support = next(section for section in raw.sections if section.key == "support")
    assert [
        (field.label, field.old, field.new) for item in support.changed for field in item.fields
    ] == [("Country", "", "France")]
    comparison = queries.compare_version_with_previous(version=second)
    assert comparison.is_empty, comparison
    client = Client()
    client.login(email=cast.coordinator.email, password=PASSWORD)
    page = client.get(reverse("strategy:compare", args=[cast.partnership.slug, 2]))
    assert page.status_code == 200
    assert "France" not in page.content.decode()

    # the working copy against a latest version adopted before 0005: no change either
    second.snapshot = _before_country(second.snapshot)
    second.save(update_fields=["snapshot"])
    page = client.get(reverse("strategy:changes", args=[cast.partnership.slug]))
    assert page.status_code == 200
    assert "France" not in page.content.decode()


@pytest.mark.django_db
def test_a_region_of_greece_gives_greece_and_an_unknown_country_stays_empty() -> None:
    Country.objects.create(iso2="GR", iso3="GRC", name="Greece", is_eu_member=True)
    NutsRegion.objects.create(code="EL30", label="Attiki", level=2, country_code="EL")
    snapshot = {
        "sections": {
            "support": [
                {"key": "support:1", "region_code": "EL30"},
                {"key": "support:2", "region_code": "ZZ11"},  # a country the directory lacks
                {"key": "support:3", "region_code": ""},
                {"key": "support:4", "region_code": "EL30", "country": "", "country_name": ""},
            ]
        }
    }
    upgraded = queries.with_countries_from_regions(snapshot)
    assert [
        (item["country"], item["country_name"]) for item in upgraded["sections"]["support"]
    ] == [("GR", "Greece"), ("", ""), ("", ""), ("", "")]
    assert "country" not in snapshot["sections"]["support"][0]  # the stored snapshot unchanged
