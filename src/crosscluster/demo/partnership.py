"""Stage 3: the DIA partnership as published, with its six partner clusters."""

from __future__ import annotations

from crosscluster.core.text import normalise_for_search, unique_slug
from crosscluster.demo import facts
from crosscluster.directory.models import (
    Country,
    DataSource,
    Organisation,
    OrganisationKind,
    ValidationStatus,
)
from crosscluster.partnerships.models import (
    FocusArea,
    PartnerRole,
    Partnership,
    PartnershipKind,
    PartnershipMember,
)

ILLUSTRATIVE_MEMBERS = (
    "The members listed for this cluster in the demo are illustrative: real organisations from "
    "the European Commission's EDIH catalogue and CORDIS located in the same country, not the "
    "cluster's actual members."
)


def cluster_description(partner: facts.PartnerCluster) -> str:
    country = Country.objects.get(pk=partner.country).name
    if partner.is_named:
        known = (
            f"Cluster in {country}, partner of the {facts.NAME} ({facts.ACRONYM}): "
            f"{partner.published_role} (source: {partner.source_reference})."
        )
    else:
        known = (
            f"The {country} partner cluster of the {facts.NAME} ({facts.ACRONYM}). Public sources "
            f"we could read ({partner.source_reference}) say the partnership gathers six clusters, "
            f"one of them in {country}, but do not name it; its name is not published here."
        )
    return f"{known}\n\n{ILLUSTRATIVE_MEMBERS}"


def get_or_create_partner_clusters() -> dict[str, Organisation]:
    """The six clusters (source: seed), keyed by ``PartnerCluster.key``; provisional profiles."""
    clusters: dict[str, Organisation] = {}
    taken: set[str] | None = None
    for partner in facts.PARTNERS:
        cluster = Organisation.objects.filter(
            source=DataSource.SEED, kind=OrganisationKind.CLUSTER, name=partner.name
        ).first()
        if cluster is None:
            if taken is None:
                taken = set(Organisation.objects.values_list("slug", flat=True))
            description = cluster_description(partner)
            cluster = Organisation.objects.create(
                slug=unique_slug(partner.name, taken),
                name=partner.name,
                kind=OrganisationKind.CLUSTER,
                country_id=partner.country,
                description=description,
                source=DataSource.SEED,
                source_reference=partner.source_reference[:200],
                source_vintage=facts.SEED_VINTAGE,
                validation_status=ValidationStatus.PROVISIONAL,
                search_text=normalise_for_search(partner.name, "", description),
            )
            taken.add(cluster.slug)
        clusters[partner.key] = cluster
    return clusters


def load_partnership() -> str:
    clusters = get_or_create_partner_clusters()
    coordinator = next(clusters[p.key] for p in facts.PARTNERS if p.is_coordinator)
    partnership, created = Partnership.objects.update_or_create(
        slug=facts.SLUG,
        defaults={
            "name": facts.NAME,
            "acronym": facts.ACRONYM,
            "kind": PartnershipKind.ESCP_4I,
            "origin": facts.ORIGIN,
            "phase": facts.PHASE,
            "coordinator": coordinator,
            "coordinator_contact_name": facts.CONTACT_NAME,
            "coordinator_contact_role": facts.CONTACT_ROLE,
            "start_date": facts.ILLUSTRATIVE_START_DATE,
            "duration_months": facts.DURATION_MONTHS,
            "summary": facts.SUMMARY,
            "language": "en",  # the partnership's published page is in English
            "results_expected": facts.RESULTS_EXPECTED,
            "funding_acknowledgement": facts.FUNDING_ACKNOWLEDGEMENT,
            "disclaimer": facts.DISCLAIMER,
            "provenance_note": facts.PROVENANCE_NOTE,
            "is_public": True,
        },
    )
    partnership.target_countries.set(Country.objects.filter(pk__in=facts.TARGET_COUNTRIES))
    areas = []
    for label in facts.FOCUS_AREAS:
        area, _ = FocusArea.objects.get_or_create(label=label)
        areas.append(area)
    partnership.focus_areas.set(areas)
    for partner in facts.PARTNERS:
        PartnershipMember.objects.update_or_create(
            partnership=partnership,
            organisation=clusters[partner.key],
            defaults={
                "role": PartnerRole.COORDINATOR if partner.is_coordinator else PartnerRole.PARTNER
            },
        )
    verb = "created" if created else "updated"
    return f"{facts.NAME} ({facts.ACRONYM}) {verb} with {len(clusters)} partner clusters"


def get_demo_partnership() -> Partnership | None:
    return Partnership.objects.filter(slug=facts.SLUG).first()
