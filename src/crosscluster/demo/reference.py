"""Stage 1: countries, NUTS 2024 regions and the EDIH taxonomy (upserts, safe to rerun)."""

from __future__ import annotations

from pathlib import Path

from django.utils.text import slugify

from crosscluster.core.text import normalise_for_search
from crosscluster.demo.sources import read_countries, read_nuts_regions, read_tags
from crosscluster.directory.models import Country, NutsRegion, Tag

BATCH_SIZE = 500


def load_reference_data(*, data_dir: Path) -> str:
    countries = read_countries(data_dir)
    Country.objects.bulk_create(
        [
            Country(
                iso2=c.iso2,
                iso3=c.iso3,
                name=c.name,
                region=c.region,
                is_eu_member=c.is_eu_member,
            )
            for c in countries
        ],
        update_conflicts=True,
        unique_fields=["iso2"],
        update_fields=["iso3", "name", "region", "is_eu_member"],
        batch_size=BATCH_SIZE,
    )
    regions = read_nuts_regions(data_dir)
    NutsRegion.objects.bulk_create(
        [
            NutsRegion(code=r.code, label=r.label, level=r.level, country_code=r.country_code)
            for r in regions
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["label", "level", "country_code"],
        batch_size=BATCH_SIZE,
    )
    tags = read_tags(data_dir)
    existing = {(facet, label) for facet, label in Tag.objects.values_list("facet", "label")}
    taken = set(Tag.objects.values_list("facet", "slug"))
    new_tags = []
    for tag in tags:
        if (tag.facet, tag.label) in existing:
            continue
        slug = _tag_slug(tag.label, tag.facet, taken)
        taken.add((tag.facet, slug))
        new_tags.append(Tag(facet=tag.facet, label=tag.label, slug=slug))
    Tag.objects.bulk_create(new_tags, batch_size=BATCH_SIZE)
    eu = sum(1 for c in countries if c.is_eu_member)
    return (
        f"{len(countries)} countries ({eu} EU member states), {len(regions):,} NUTS 2024 regions, "
        f"{len(tags)} taxonomy labels ({len(new_tags)} new)"
    )


def _tag_slug(label: str, facet: str, taken: set[tuple[str, str]]) -> str:
    base = (slugify(normalise_for_search(label)) or "tag")[:130]
    slug, number = base, 2
    while (facet, slug) in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug
