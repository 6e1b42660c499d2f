"""Stage 4: illustrative members of the partner clusters, chosen from real organisations.

Each partner cluster gets organisations of its own country from the EDIH and CORDIS sets: every
organisation declared an SME in CORDIS, plus a seeded sample of the other kinds. The choice is
deterministic (a fixed seed per cluster over rows sorted by source and reference).
"""

from __future__ import annotations

import random

from crosscluster.demo import facts
from crosscluster.demo.partnership import get_or_create_partner_clusters
from crosscluster.directory.models import (
    ClusterMembership,
    DataSource,
    Organisation,
    OrganisationKind,
)

SEED = "crosscluster-demo-dia"
# How many members of each kind a partner cluster gets (SMEs: all there are in its country).
SAMPLE_SIZES = {
    OrganisationKind.INNOVATION_HUB: 5,
    OrganisationKind.RESEARCH: 8,
    OrganisationKind.PUBLIC_AUTHORITY: 3,
    OrganisationKind.LARGE_COMPANY: 5,
    OrganisationKind.OTHER: 6,
}


def choose_members(*, country: str, key: str) -> list[int]:
    """Organisation ids chosen for the partner cluster ``key`` in ``country``."""
    rows = list(
        Organisation.objects.filter(
            country_id=country, source__in=[DataSource.EDIH, DataSource.CORDIS]
        )
        .order_by("source", "source_reference")
        .values_list("pk", "kind")
    )
    chosen = [pk for pk, kind in rows if kind == OrganisationKind.SME]
    generator = random.Random(f"{SEED}-{key}")  # noqa: S311 - a demo sample, not security
    for kind, size in SAMPLE_SIZES.items():
        candidates = [pk for pk, row_kind in rows if row_kind == kind]
        chosen.extend(generator.sample(candidates, min(size, len(candidates))))
    return chosen


def load_members() -> str:
    clusters = get_or_create_partner_clusters()
    memberships = []
    for partner in facts.PARTNERS:
        cluster = clusters[partner.key]
        for member_id in choose_members(country=partner.country, key=partner.key):
            memberships.append(ClusterMembership(cluster=cluster, member_id=member_id))
    ClusterMembership.objects.bulk_create(memberships, ignore_conflicts=True)
    return f"{len(memberships)} illustrative memberships across {len(clusters)} partner clusters"
