"""Demo stage: S3 guidelines for the DIA partnership (safe to rerun).

The partner clusters' directory records carry no region (none is in the seed sources). Four
partners publish where they are based (their seats are well known); the demo places them there as
"published" partner regions whose note says so and that the seed page does not state it (no page
address is cited: none could be checked when the demo was written, offline); the Italian and Swedish partners are not named, so their
regions stay unknown. Each known region gets the candidate priorities derived from the EDIH
catalogue (labelled "derived from the EDIH catalogue, not the official S3" wherever shown; no
official S3 priority is invented) and the recommendations the rules generate. Without JIS
technology domains the matrix stays empty and the summary says why.

Rerunning places only partners without a region, adopts candidates only in regions without
priorities, and regenerates recommendations only when something was added (edited ones are kept
by the service anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from crosscluster.demo import facts
from crosscluster.demo.partnership import get_demo_partnership, get_or_create_partner_clusters
from crosscluster.partnerships.models import PartnershipMember
from crosscluster.regions import queries, services
from crosscluster.regions.models import PartnerRegion, RegionSource


@dataclass(frozen=True)
class PublishedRegion:
    code: str  # NUTS 2024 level 2
    note: str  # what is published and that the demo, not the seed, places the partner there


# Partner key (facts.PARTNERS) -> its region as published. Notes stay under 300 characters.
PUBLISHED_REGIONS = {
    "france": PublishedRegion(
        "FRL0",
        "Pôle SCS is based in Sophia-Antipolis and covers Provence-Alpes-Côte d'Azur, as the "
        "cluster itself publishes. Not on the seed page: a demo placement to check before use.",
    ),
    "spain": PublishedRegion(
        "ES21",
        "Basquegame is the association of Basque Country (Euskadi) video-game companies, as it "
        "publishes. Not on the seed page: a demo placement to check before use.",
    ),
    "portugal": PublishedRegion(
        "PT19",
        "TICE.PT has its seat in Aveiro (Região de Aveiro, Centro), as it publishes. Not on the "
        "seed page: a demo placement to check before use.",
    ),
    "germany": PublishedRegion(
        "DE80",
        "BalticNet-PlasmaTec has its seat in Greifswald (Mecklenburg-Vorpommern), as it "
        "publishes. Not on the seed page: a demo placement to check before use.",
    ),
}


def load_regions() -> str:
    partnership = get_demo_partnership()
    if partnership is None:
        return "skipped: the demo partnership is not loaded"
    now = timezone.now()
    clusters = get_or_create_partner_clusters()
    partner_ids = set(
        PartnershipMember.objects.filter(partnership=partnership).values_list(
            "organisation_id", flat=True
        )
    )
    placed = set(
        PartnerRegion.objects.filter(partnership=partnership).values_list(
            "organisation_id", flat=True
        )
    )
    added = 0
    unknown = []
    for partner in facts.PARTNERS:
        cluster = clusters[partner.key]
        if cluster.pk not in partner_ids or cluster.pk in placed:
            continue
        published = PUBLISHED_REGIONS.get(partner.key)
        directory_code = queries.nuts2_of(cluster)
        if directory_code:
            services.place_partner_in_region(
                partnership=partnership,
                organisation_id=cluster.pk,
                region_code=directory_code,
                now=now,
                source=RegionSource.DIRECTORY,
                source_note=f"Directory record of {cluster.name}",
            )
        elif published is not None and queries.get_nuts2_region(published.code) is not None:
            services.place_partner_in_region(
                partnership=partnership,
                organisation_id=cluster.pk,
                region_code=published.code,
                now=now,
                source=RegionSource.PUBLISHED,
                source_note=published.note,
            )
        else:
            unknown.append(cluster.name)
            continue
        added += 1
    adopted = 0
    for profile in queries.list_profiles(partnership=partnership):
        if profile.priorities.exists():
            continue
        keys = [candidate.key for candidate in queries.list_candidates(region=profile.region)]
        if keys:
            adopted += len(services.adopt_candidate_priorities(profile=profile, keys=keys, now=now))
    if (
        added
        or adopted
        or not any(
            profile.recommendations_generated_at
            for profile in queries.list_profiles(partnership=partnership)
        )
    ):
        services.regenerate_recommendations(partnership=partnership, now=now)
    profiles = queries.list_profiles(partnership=partnership)
    recommendations = sum(profile.recommendations.count() for profile in profiles)
    parts = [
        f"{len(profiles)} partner regions ({', '.join(p.region_id for p in profiles)})",
        f"{added} partners placed now",
        f"{adopted} candidate priorities derived from the EDIH catalogue adopted",
        f"{recommendations} recommendations",
    ]
    if unknown:
        parts.append(f"region unknown for: {', '.join(unknown)}")
    if not queries.count_jis_domains(partnership=partnership):
        parts.append("alignment matrix empty: the JIS has no technology domains yet")
    return "; ".join(parts)
