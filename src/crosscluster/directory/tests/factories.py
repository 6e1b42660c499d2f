"""Small builders for directory tests (on top of the shared cast in tests/cast.py)."""

from __future__ import annotations

from crosscluster.core.text import normalise_for_search
from crosscluster.directory.models import (
    ClusterMembership,
    Country,
    NutsRegion,
    Organisation,
    OrganisationKind,
    OrganisationTag,
    Tag,
    ValidationStatus,
)
from tests.cast import make_country

VOCABULARY = {
    "technologies": ["Robotics", "Artificial Intelligence & Decision support", "Digital twins"],
    "sectors": ["Manufacturing and processing", "Health care"],
    "services": ["Training and skills development"],
}


def make_vocabulary() -> dict[str, Tag]:
    """A few real EDIH labels, by slug."""
    from django.utils.text import slugify

    tags = {}
    for facet, labels in VOCABULARY.items():
        for label in labels:
            tag, _ = Tag.objects.get_or_create(
                facet=facet, label=label, defaults={"slug": slugify(label)}
            )
            tags[tag.slug] = tag
    return tags


def make_region(
    code: str = "FR10", label: str = "Ile-de-France", country_code: str = "FR"
) -> NutsRegion:
    region, _ = NutsRegion.objects.get_or_create(
        code=code, defaults={"label": label, "level": len(code) - 2, "country_code": country_code}
    )
    return region


def organisation(
    name: str,
    kind: str = OrganisationKind.SME,
    *,
    country: Country | None = None,
    city: str = "",
    description: str = "",
    region: NutsRegion | None = None,
    tags: dict[Tag, int] | None = None,
    **fields: object,
) -> Organisation:
    """An organisation saved the way a bulk loader does it (search_text precomputed)."""
    from django.utils.text import slugify

    if kind == OrganisationKind.CLUSTER:
        fields.setdefault("validation_status", ValidationStatus.PROVISIONAL)
    created = Organisation.objects.create(
        name=name,
        slug=fields.pop("slug", None) or slugify(name),
        kind=kind,
        country=country or make_country(),
        nuts_region=region,
        city=city,
        description=description,
        search_text=normalise_for_search(name, city, description),
        **fields,
    )
    for tag, level in (tags or {}).items():
        OrganisationTag.objects.create(organisation=created, tag=tag, level=level)
    return created


def add_members(cluster: Organisation, *members: Organisation) -> None:
    ClusterMembership.objects.bulk_create(
        ClusterMembership(cluster=cluster, member=member) for member in members
    )


def make_valid_cluster(name: str = "Valid Cluster", **fields: object) -> Organisation:
    """A cluster meeting every published criterion (10 members of the three kinds)."""
    fields.setdefault("management_staff", 3)
    fields.setdefault("website", "https://cluster.example.eu")
    fields.setdefault(
        "description",
        "A regional cluster of manufacturers, research labs and public agencies working on "
        "robotics, digital twins and the skills the region's industry needs.",
    )
    cluster = organisation(name, OrganisationKind.CLUSTER, **fields)
    kinds = ["sme"] * 6 + ["large_company", "research", "research", "public_authority"]
    add_members(
        cluster,
        *(organisation(f"{name} member {n}", kind) for n, kind in enumerate(kinds)),
    )
    return cluster
