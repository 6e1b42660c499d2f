"""Reads about the tag vocabulary and an organisation's tags."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext

from crosscluster.directory.models import Facet, Organisation, OrganisationTag, Tag


@dataclass(frozen=True)
class TagLevel:
    facet: str
    slug: str
    label: str
    level: int

    @property
    def dots(self) -> str:
        """●●●○○ for level 3 (decoration; ``level_text`` says it in words)."""
        return "●" * self.level + "○" * (5 - self.level)

    @property
    def level_text(self) -> str:
        return gettext("level %(level)d of 5") % {"level": self.level}


@dataclass(frozen=True)
class FacetTags:
    facet: str
    legend: str
    tags: list[TagLevel]


def list_tags_by_facet(*, organisation: Organisation) -> list[FacetTags]:
    """The organisation's tags per facet (technologies, sectors, services), strongest first."""
    rows = (
        OrganisationTag.objects.filter(organisation=organisation)
        .select_related("tag")
        .order_by("-level", "tag__label")
    )
    grouped: dict[str, list[TagLevel]] = defaultdict(list)
    for row in rows:
        grouped[row.tag.facet].append(
            TagLevel(row.tag.facet, row.tag.slug, row.tag.label, row.level)
        )
    return [
        FacetTags(str(value), str(label), grouped[str(value)])
        for value, label in Facet.choices
        if grouped[str(value)]
    ]


def list_taxonomy() -> dict[str, list[Tag]]:
    """The tag vocabulary by facet, in label order."""
    taxonomy: dict[str, list[Tag]] = {str(value): [] for value in Facet.values}
    for tag in Tag.objects.order_by("facet", "label"):
        taxonomy.setdefault(tag.facet, []).append(tag)
    return taxonomy


def list_tags(*, facet: str) -> QuerySet[Tag]:
    """The tags of one facet (technologies, sectors, services), in label order."""
    return Tag.objects.filter(facet=facet).order_by("label")


def get_tag_levels(*, organisation: Organisation) -> dict[int, int]:
    """Tag id -> level of the organisation's tags."""
    return dict(
        OrganisationTag.objects.filter(organisation=organisation).values_list("tag_id", "level")
    )
