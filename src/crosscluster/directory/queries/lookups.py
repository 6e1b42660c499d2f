"""Small reads other apps make of the directory (strategy, businessplan and regions reach the
directory only through these and the rest of ``directory.queries``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, QuerySet

from crosscluster.directory.models import (
    Country,
    Facet,
    NutsRegion,
    Organisation,
    OrganisationKind,
    OrganisationSize,
    OrganisationTag,
    Tag,
)


def find_organisation_id(*, slug: str | None) -> int | None:
    """The id of the organisation with this slug, or None (also for an empty slug)."""
    if not slug:
        return None
    return Organisation.objects.filter(slug=slug).values_list("pk", flat=True).first()


def find_organisation_slug(*, pk: int | None) -> str:
    """The slug of the organisation with this id, or "" (also for no id): what a search picker
    shows chosen for a stored organisation."""
    if pk is None:
        return ""
    return Organisation.objects.filter(pk=pk).values_list("slug", flat=True).first() or ""


def find_organisation(*, slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def find_tag(*, facet: str, slug: str) -> Tag | None:
    return Tag.objects.filter(facet=facet, slug=slug).first()


def find_technology_tag(*, slug: str) -> Tag | None:
    """The EDIH technology with this slug, or None."""
    return find_tag(facet=Facet.TECHNOLOGY, slug=slug)


def list_tags_with_slug(*, slug: str, facet: str = "", limit: int = 2) -> list[Tag]:
    """Up to ``limit`` tags with this slug (in ``facet`` when given): one means unambiguous."""
    return list(Tag.objects.filter(slug=slug, **({"facet": facet} if facet else {}))[:limit])


def tags_in_taxonomy_order() -> QuerySet[Tag]:
    """Every tag, by facet then label (also a ``Prefetch`` queryset for tag relations)."""
    return Tag.objects.order_by("facet", "label")


def list_technology_tags() -> QuerySet[Tag]:
    """The EDIH taxonomy's technologies, by label."""
    return Tag.objects.filter(facet=Facet.TECHNOLOGY).order_by("label")


def technology_labels() -> dict[str, str]:
    """Technology slug -> label."""
    return dict(Tag.objects.filter(facet=Facet.TECHNOLOGY).values_list("slug", "label"))


def list_technology_and_sector_tags() -> list[tuple[Tag, str]]:
    """The technologies and sectors of the taxonomy (by facet, then label), each with its
    facet's label."""
    labels = dict(Facet.choices)
    return [
        (tag, str(labels[tag.facet]))
        for tag in Tag.objects.filter(facet__in=[Facet.TECHNOLOGY, Facet.SECTOR]).order_by(
            "facet", "label"
        )
    ]


def find_nuts_region(*, code: str, level: int | None = None) -> NutsRegion | None:
    """The NUTS region with this code (upper-cased), at ``level`` when given."""
    regions = NutsRegion.objects.filter(code=code.strip().upper())
    return (regions if level is None else regions.filter(level=level)).first()


def find_country(*, code: str) -> Country | None:
    """The country of an ISO2 (KR) or ISO3 (KOR) code."""
    cleaned = code.strip().upper()
    if len(cleaned) == 2:
        return Country.objects.filter(iso2=cleaned).first()
    return Country.objects.filter(iso3=cleaned).first()


def get_country_name(*, iso2: str) -> str | None:
    return Country.objects.filter(pk=iso2).values_list("name", flat=True).first()


def list_organisation_kinds(*, values: Sequence[str]) -> list[tuple[str, str]]:
    """(value, label) of the organisation kinds named, in the order given."""
    labels = dict(OrganisationKind.choices)
    return [(value, str(labels[value])) for value in values]


def organisation_size_labels() -> dict[str, str]:
    """Each size class's name in the active language, by its stored value ('' not stated)."""
    return {value: str(label) for value, label in OrganisationSize.choices}


def count_organisations_by_kind(
    *, kinds: Sequence[str], nuts_prefix: str | None = None, country_iso2: str | None = None
) -> dict[str, int]:
    """Organisations of ``kinds`` per kind, in a NUTS region (code prefix) or a country."""
    rows = Organisation.objects.filter(kind__in=kinds)
    if nuts_prefix is not None:
        rows = rows.filter(nuts_region__code__startswith=nuts_prefix)
    if country_iso2 is not None:
        rows = rows.filter(country_id=country_iso2)
    return dict(rows.values_list("kind").annotate(n=Count("pk")))


def list_hub_tags(
    *, nuts_prefix: str | None = None, country_iso2: str | None = None
) -> list[tuple[int, str, str, str, str, int]]:
    """(organisation id, name, facet, slug, label, level) of the sector and technology tags the
    digital innovation hubs in a NUTS region (code prefix) or a country declare."""
    filters: dict[str, Any] = {}
    if nuts_prefix is not None:
        filters["organisation__nuts_region__code__startswith"] = nuts_prefix
    if country_iso2 is not None:
        filters["organisation__country_id"] = country_iso2
    return list(
        OrganisationTag.objects.filter(
            organisation__kind=OrganisationKind.INNOVATION_HUB,
            tag__facet__in=[Facet.SECTOR, Facet.TECHNOLOGY],
            **filters,
        ).values_list(
            "organisation_id",
            "organisation__name",
            "tag__facet",
            "tag__slug",
            "tag__label",
            "level",
        )
    )


def list_hub_declarations() -> list[tuple[int, str, str]]:
    """(organisation id, facet, slug) of every tag every digital innovation hub declares."""
    return list(
        OrganisationTag.objects.filter(
            organisation__kind=OrganisationKind.INNOVATION_HUB
        ).values_list("organisation_id", "tag__facet", "tag__slug")
    )


def most_common_hub_vintage() -> str:
    """The vintage the directory's digital innovation hubs carry (their most common one)."""
    row = (
        Organisation.objects.filter(kind=OrganisationKind.INNOVATION_HUB)
        .exclude(source_vintage="")
        .values("source_vintage")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return str(row["source_vintage"]) if row else ""
