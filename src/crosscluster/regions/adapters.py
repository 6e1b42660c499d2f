"""The one place where ORM rows become the pure modules' dataclasses (alignment, derivation,
rules) and back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from crosscluster.engines.s3 import alignment, derivation, indicators, rules
from crosscluster.regions.models import S3Priority

if TYPE_CHECKING:
    from crosscluster.directory.models import Tag

TECHNOLOGY_FACET = "technologies"


def tag_key(facet: str, slug: str) -> str:
    return f"{facet}:{slug}"


def tag_ref(tag: Tag) -> alignment.TagRef:
    return alignment.TagRef(key=tag_key(tag.facet, tag.slug), label=tag.label)


def priority_key(priority: S3Priority) -> str:
    return f"priority:{priority.pk}"


def priority_from_row(priority: S3Priority, tags: Sequence[Tag]) -> alignment.Priority:
    region = priority.profile.region
    return alignment.Priority(
        key=priority_key(priority),
        title=priority.title,
        region_code=region.code,
        region_label=region.label,
        tags=tuple(tag_ref(tag) for tag in sorted(tags, key=lambda tag: (tag.facet, tag.label))),
        is_derived=priority.is_derived,
    )


def domains_from_snapshot(
    snapshot: dict[str, Any], labels: dict[str, str]
) -> list[alignment.Domain]:
    """JIS technology domains (from the strategy's snapshot) as alignment rows."""
    return [
        alignment.Domain(
            key=item["key"],
            tag=alignment.TagRef(
                key=tag_key(TECHNOLOGY_FACET, item["tag"]),
                label=labels.get(item["tag"], item["title"]),
            ),
        )
        for item in snapshot["sections"]["technologies"]
    ]


def hubs_from_rows(rows: Iterable[tuple[int, str, str, str, str, int]]) -> list[derivation.Hub]:
    """``(organisation id, organisation name, facet, slug, label, level)`` rows -> hubs."""
    names: dict[int, str] = {}
    tags: dict[int, list[derivation.HubTag]] = {}
    for organisation_id, name, facet, slug, label, level in rows:
        names[organisation_id] = name
        tags.setdefault(organisation_id, []).append(
            derivation.HubTag(key=tag_key(facet, slug), label=label, facet=facet, level=level)
        )
    return [
        derivation.Hub(name=names[organisation_id], tags=tuple(tags[organisation_id]))
        for organisation_id in sorted(names)
    ]


def linked_items(snapshot: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """JIS technology domain key -> titles of the offerings and initiatives implemented by the
    same roadmap actions."""
    titles = {
        item["key"]: item["title"]
        for section in ("offerings", "commercialisation", "internationalisation")
        for item in snapshot["sections"][section]
    }
    linked: dict[str, list[str]] = {}
    for action in snapshot["sections"]["roadmap"]:
        keys = action["implements"]
        domains = [key for key in keys if key.startswith("technology:")]
        items = [titles[key] for key in keys if key in titles]
        for domain in domains:
            bucket = linked.setdefault(domain, [])
            bucket.extend(title for title in items if title not in bucket)
    return {domain: tuple(items) for domain, items in linked.items()}


def jis_items(snapshot: dict[str, Any]) -> tuple[str, ...]:
    return tuple(
        item["title"]
        for section in ("offerings", "commercialisation", "internationalisation")
        for item in snapshot["sections"][section]
    )


def mechanisms_for_region(snapshot: dict[str, Any], code: str) -> tuple[rules.Mechanism, ...]:
    """The JIS's support mechanisms whose region is ``code``, inside it, or contains it."""
    found = []
    for item in snapshot["sections"]["support"]:
        region = item["region_code"]
        if region and (region[:4] == code or code.startswith(region)):
            found.append(
                rules.Mechanism(
                    title=item["mechanism"], kind=item["kind_label"], where=item["where"]
                )
            )
    return tuple(found)


def indicator_to_dict(indicator: indicators.RegionIndicator) -> dict[str, Any]:
    comparison = indicator.comparison
    ratio = indicator.ratio_to_country
    return {
        "label": indicators.INDICATOR_LABEL,
        "code": indicator.code,
        "data_code": indicator.data_code,
        "year": indicator.year,
        "value": indicator.value,
        "series": [{"year": year, "value": value} for year, value in indicator.series],
        "country_code": indicator.country_code,
        "country_value": indicator.country_value,
        "country_year": indicator.country_year,
        "eu_value": indicator.eu_value,
        "ratio_to_country": None if ratio is None else round(ratio, 4),
        "rank": comparison.rank if comparison else None,
        "ranked": comparison.ranked if comparison else None,
        "percentile": round(comparison.percentile, 1) if comparison else None,
        "eu_median": comparison.median if comparison else None,
        "missing_reason": indicator.missing_reason,
        "missing_code": indicator.missing_code,
        "note": indicator.note,
        "source": indicators.SOURCE,
        "vintage": indicators.VINTAGE,
    }


def candidate_parts(candidate: derivation.Candidate) -> dict[str, Any]:
    """What a candidate's description says, as counts and EDIH tags (the sector first), from
    which ``wording.candidate_description`` words it; kept with a priority adopted from it."""
    return {
        "hubs": candidate.sector.hubs,
        "hub_count": candidate.hub_count,
        "scope": candidate.scope,
        "scope_label": candidate.scope_label,
        "tags": [{"key": candidate.sector.key, "label": candidate.sector.label}]
        + [
            {"key": tag.key, "label": tag.label, "hubs": tag.hubs} for tag in candidate.technologies
        ],
    }


def candidate_to_dict(candidate: derivation.Candidate) -> dict[str, Any]:
    return {
        "key": candidate.key,
        "title": candidate.title,
        "description": candidate.description,
        **candidate_parts(candidate),
        "label": derivation.DERIVED_LABEL,
    }


def matrix_to_dict(matrix: alignment.AlignmentMatrix) -> dict[str, Any]:
    return {
        "columns": [
            {
                "key": priority.key,
                "title": priority.title,
                "region_code": priority.region_code,
                "region_label": priority.region_label,
                "is_derived": priority.is_derived,
            }
            for priority in matrix.priorities
        ],
        "rows": [
            {
                "key": domain.key,
                "label": domain.tag.label,
                "cells": [
                    {
                        "priority_key": cell.priority_key,
                        "score": cell.score,
                        "level": cell.level,
                        "reasons": list(cell.reasons),
                        "reason_parts": list(cell.reason_parts),
                    }
                    for cell in row
                ],
            }
            for domain, row in zip(matrix.domains, matrix.rows, strict=True)
        ],
        "min_jaccard": matrix.min_jaccard,
        "min_hubs": matrix.min_hubs,
    }
