"""Builders for the regions tests: a small taxonomy, NUTS regions, three hubs in the Basque
Country, two partner regions and a JIS with two technology domains (made through the services)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crosscluster.accounts.models import User
from crosscluster.directory.models import (
    DataSource,
    Facet,
    NutsRegion,
    Organisation,
    OrganisationKind,
    OrganisationTag,
    Tag,
)
from crosscluster.partnerships.models import (
    PartnerRole,
    Partnership,
    PartnershipCoordinator,
    PartnershipKind,
    PartnershipMember,
)
from crosscluster.regions import services
from crosscluster.regions.models import RegionProfile
from crosscluster.strategy import services as strategy_services
from tests.cast import Cast, make_country, make_organisation, make_user

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
FUNDING = "This project has received funding from the European Union's COSME programme."
DISCLAIMER = "The content of this document represents the views of the author only."
TAGS = {
    "iot": (Facet.TECHNOLOGY, "internet-of-things", "Internet of Things"),
    "robotics": (Facet.TECHNOLOGY, "robotics", "Robotics"),
    "ai": (Facet.TECHNOLOGY, "artificial-intelligence", "Artificial Intelligence"),
    "cyber": (Facet.TECHNOLOGY, "cybersecurity", "Cybersecurity"),
    "manufacturing": (Facet.SECTOR, "manufacturing", "Manufacturing"),
    "health": (Facet.SECTOR, "health-care", "Health care"),
}
# Hubs of the Basque Country (NUTS-3 ES211 inside NUTS-2 ES21): name -> {tag: level}
HUBS = {
    "Hub A": {"manufacturing": 4, "iot": 5, "robotics": 3},
    "Hub B": {"manufacturing": 3, "iot": 4},
    "Hub C": {"health": 5, "ai": 4},
}


def make_tags() -> dict[str, Tag]:
    return {
        key: Tag.objects.get_or_create(facet=facet, slug=slug, defaults={"label": label})[0]
        for key, (facet, slug, label) in TAGS.items()
    }


def make_regions() -> dict[str, NutsRegion]:
    rows = {
        "ES21": ("País Vasco", 2, "ES"),
        "ES211": ("Araba/Álava", 3, "ES"),
        "DE80": ("Mecklenburg-Vorpommern", 2, "DE"),
        "DE8": ("Mecklenburg-Vorpommern", 1, "DE"),
        "PT19": ("Centro (PT)", 2, "PT"),
        "FRL0": ("Provence-Alpes-Côte d’Azur", 2, "FR"),  # noqa: RUF001 - the NUTS label
    }
    return {
        code: NutsRegion.objects.get_or_create(
            code=code, defaults={"label": label, "level": level, "country_code": country}
        )[0]
        for code, (label, level, country) in rows.items()
    }


def make_hubs(tags: dict[str, Tag], regions: dict[str, NutsRegion]) -> list[Organisation]:
    spain = make_country("ES", "ESP", "Spain")
    hubs = []
    for name, levels in HUBS.items():
        hub = make_organisation(
            name,
            OrganisationKind.INNOVATION_HUB,
            spain,
            nuts_region=regions["ES211"],
            source=DataSource.EDIH,
            source_vintage="EDIH catalogue, April 2025",
        )
        for key, level in levels.items():
            OrganisationTag.objects.create(organisation=hub, tag=tags[key], level=level)
        hubs.append(hub)
    return hubs


@dataclass
class Setup:
    tags: dict[str, Tag]
    regions: dict[str, NutsRegion]
    basque: RegionProfile
    german: RegionProfile


def build_guidelines(cast: Cast, *, with_jis: bool = True) -> Setup:
    """The cast's partnership with its two partners placed (cluster in ES21, other cluster in
    DE80 through the directory), the Basque hubs and, unless told, a JIS with IoT and
    cybersecurity domains."""
    partnership = cast.partnership
    partnership.funding_acknowledgement = FUNDING
    partnership.disclaimer = DISCLAIMER
    partnership.save()
    tags = make_tags()
    regions = make_regions()
    make_hubs(tags, regions)
    make_country("PT", "PRT", "Portugal")
    cast.other_cluster.nuts_region = regions["DE80"]
    cast.other_cluster.save()
    services.set_partner_region(
        user=cast.coordinator,
        partnership=partnership,
        organisation_id=cast.cluster.pk,
        region_code="ES21",
        now=NOW,
    )
    services.take_regions_from_directory(user=cast.coordinator, partnership=partnership, now=NOW)
    if with_jis:
        for key in ("iot", "cyber"):
            strategy_services.save_technology_domain(
                user=cast.coordinator,
                partnership=partnership,
                data=strategy_services.TechnologyDomainInput(tag=tags[key].slug),
            )
    return Setup(
        tags=tags,
        regions=regions,
        basque=RegionProfile.objects.get(partnership=partnership, region_id="ES21"),
        german=RegionProfile.objects.get(partnership=partnership, region_id="DE80"),
    )


def priority_input(
    title: str = "Advanced manufacturing", **fields: object
) -> services.PriorityInput:
    values: dict[str, object] = {
        "title": title,
        "description": "Smart factories and Industry 4.0.",
        "tags": ["sectors:manufacturing", "technologies:internet-of-things"],
        "source_url": "https://example.eu/s3-strategy.pdf",
        "source_label": "Regional S3 (test document)",
        "source_vintage": "S3 2021-2027",
    }
    values.update(fields)
    return services.PriorityInput(**values)  # type: ignore[arg-type]


@dataclass
class Other:
    partnership: Partnership
    coordinator: User
    profile: RegionProfile


def make_other_partnership(cast: Cast, regions: dict[str, NutsRegion]) -> Other:
    """A second partnership (coordinated outside the cast) with a region, a priority and a
    recommendation: its ids must be 404 through the cast's partnership."""
    partnership = Partnership.objects.create(
        slug="other-alliance",
        name="Other Alliance",
        kind=PartnershipKind.ESCP_4I,
        coordinator=cast.other_sme,
        start_date=dt.date(2020, 1, 1),
        duration_months=24,
        summary="Another partnership.",
    )
    PartnershipMember.objects.create(
        partnership=partnership, organisation=cast.other_sme, role=PartnerRole.COORDINATOR
    )
    coordinator = make_user("other.coordinator@example.eu")
    PartnershipCoordinator.objects.create(partnership=partnership, user=coordinator)
    services.set_partner_region(
        user=coordinator,
        partnership=partnership,
        organisation_id=cast.other_sme.pk,
        region_code="ES21",
        now=NOW,
    )
    profile = RegionProfile.objects.get(partnership=partnership)
    services.save_priority(user=coordinator, profile=profile, data=priority_input(), now=NOW)
    services.generate_recommendations(user=coordinator, partnership=partnership, now=NOW)
    return Other(partnership=partnership, coordinator=coordinator, profile=profile)
