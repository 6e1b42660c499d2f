"""The S3 guidelines over the API: members read them (session or bearer token); coordinators'
tokens write priorities, partner regions and recommendations.

No ``from __future__ import annotations`` here: ninja reads the schemas' types at run time.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import ErrorOut
from crosscluster.partnerships.queries import AnyUser
from crosscluster.regions import adapters, permissions, queries, services, wording
from crosscluster.regions.models import RegionSource, S3Priority

router = Router(tags=["regions"])

WRITE_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
READ_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 404: ErrorOut}
TAG_HELP = "EDIH tags as <facet>:<slug>, e.g. technologies:internet-of-things, sectors:automotive."


# ---------------------------------------------------------------- schemas (out)


class PriorityTagOut(Schema):
    key: str = Field(description=TAG_HELP)
    slug: str
    facet: str
    label: str


class PriorityOut(Schema):
    id: int
    key: str
    title: str = Field(description="As stored (what a PATCH changes).")
    title_label: str = Field(
        description="The title in the request's language (an EDIH sector's name translated)."
    )
    description: str = Field(
        description="A derived priority nobody edited: worded in the request's language from "
        "description_parts; otherwise as written."
    )
    description_parts: dict[str, Any] = Field(
        default_factory=dict,
        description="A derived priority's candidate as counts and EDIH tags (empty otherwise).",
    )
    tags: list[PriorityTagOut]
    origin: str = Field(description="entered, or derived (from the EDIH catalogue, not the S3)")
    origin_label: str
    is_derived: bool
    is_edited: bool
    source_label: str
    source_url: str
    source_vintage: str


class PartnerOut(Schema):
    id: int
    name: str
    slug: str
    source: str = Field(description="directory, coordinator or published")
    source_label: str
    source_note: str


class SeriesPoint(Schema):
    year: int
    value: float


class IndicatorOut(Schema):
    label: str
    code: str = Field(description="NUTS 2024 region")
    data_code: str | None = Field(description="The NUTS 2016 code the value comes from.")
    year: int | None
    value: float | None = Field(description="EUR per inhabitant; null when missing.")
    series: list[SeriesPoint]
    country_code: str
    country_value: float | None
    country_year: int | None
    eu_value: float | None = Field(description="EU-28 aggregate of the data, same year.")
    ratio_to_country: float | None
    rank: int | None = Field(description="Among EU-27 regions with a value that year (1 = top).")
    ranked: int | None
    percentile: float | None
    eu_median: float | None
    missing_reason: str
    note: str
    source: str
    vintage: str


class KindCountOut(Schema):
    kind: str
    label: str
    region: int
    country: int


class CountsOut(Schema):
    kinds: list[KindCountOut]
    source: str
    note: str


class RecommendationOut(Schema):
    id: int
    rule: str = Field(description="Stable key of the rule and its subject.")
    title: str
    body: str
    facts: dict[str, Any] = Field(description="The inputs the recommendation was generated from.")
    is_edited: bool
    generated_at: str
    edited_at: str | None


class RegionOut(Schema):
    id: int
    code: str
    label: str
    country_code: str
    partners: list[PartnerOut]
    priorities: list[PriorityOut]
    indicator: IndicatorOut
    organisations: CountsOut
    recommendations: list[RecommendationOut]
    recommendations_generated_at: str | None


class PartnerWithoutRegionOut(Schema):
    id: int
    name: str
    slug: str
    directory_code: str = Field(description="The NUTS-2 region the directory suggests, if any.")


class DomainOut(Schema):
    key: str
    label: str
    tag: str


class CellOut(Schema):
    priority_key: str
    score: float
    level: str = Field(description="strong, related or none")
    reasons: list[str]


class MatrixRowOut(Schema):
    key: str
    label: str
    cells: list[CellOut]


class MatrixColumnOut(Schema):
    key: str
    title: str
    region_code: str
    region_label: str
    is_derived: bool


class MatrixOut(Schema):
    columns: list[MatrixColumnOut]
    rows: list[MatrixRowOut]
    min_jaccard: float
    min_hubs: int
    empty_reason: str


class GuidelinesIdentityOut(Schema):
    slug: str
    name: str
    acronym: str
    coordinator: str
    funding_acknowledgement: str
    disclaimer: str


class GuidelinesOut(Schema):
    partnership: GuidelinesIdentityOut
    jis_state: str
    regions: list[RegionOut]
    partners_without_region: list[PartnerWithoutRegionOut]
    domains: list[DomainOut]
    matrix: MatrixOut
    sources: list[str]


class CandidateTagOut(Schema):
    key: str
    label: str


class CandidateOut(Schema):
    key: str = Field(description="Give it to the adopt endpoint.")
    title: str = Field(description="The sector's name in the request's language.")
    description: str = Field(description="In the request's language, from the counts below.")
    hubs: int
    hub_count: int
    scope: str = Field(description="region, or country when the region has no hub")
    scope_label: str
    tags: list[CandidateTagOut]
    label: str


class RegionDetailOut(Schema):
    region: RegionOut
    candidates: list[CandidateOut]


class PartnerRegionOut(Schema):
    organisation_id: int
    region: str
    region_id: int = Field(description="The region's id in these guidelines.")
    source: str
    source_note: str


class GenerationOut(Schema):
    created: int
    updated: int
    kept_edited: int
    removed: int


# ---------------------------------------------------------------- schemas (in)


class PartnerRegionIn(Schema):
    region: str = Field(description="NUTS 2024 level-2 code, e.g. ES21.")
    source: str = Field("coordinator", description="coordinator or published")
    source_note: str = Field("", description="For published: the page's address and date.")


class PriorityIn(Schema):
    title: str
    description: str = ""
    tags: list[str] = Field([], description=TAG_HELP)
    source_label: str = ""
    source_url: str = ""
    source_vintage: str = ""


class PriorityPatch(Schema):
    title: str | None = None
    description: str | None = None
    tags: list[str] | None = None
    source_label: str | None = None
    source_url: str | None = None
    source_vintage: str | None = None


class AdoptIn(Schema):
    keys: list[str] = Field(description="Candidate keys (from the region's candidates).")


class RecommendationPatch(Schema):
    title: str | None = None
    body: str | None = None


# ---------------------------------------------------------------- helpers


def _region_out(partnership_slug: str, profile_id: int, viewer: AnyUser) -> dict[str, Any]:
    access = permissions.access_guidelines(user=viewer, slug=partnership_slug)
    snapshot = wording.guidelines_for_reader(
        queries.build_guidelines(partnership=access.partnership, today=timezone.now())
    )
    return next(region for region in snapshot["regions"] if region["id"] == profile_id)


def _priority_out(priority: S3Priority) -> dict[str, Any]:
    fresh = queries.list_priorities(profiles=[priority.profile])
    return wording.priority_for_reader(
        queries.priority_to_dict(next(p for p in fresh if p.pk == priority.pk))
    )


# ---------------------------------------------------------------- reads


@router.get(
    "/{slug}",
    response={200: GuidelinesOut, **READ_ERRORS},
    summary="The S3 guidelines of a partnership (members)",
)
def get_guidelines(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = permissions.access_guidelines(user=api_viewer(request), slug=slug)
    return wording.guidelines_for_reader(
        queries.build_guidelines(partnership=access.partnership, today=timezone.now())
    )


@router.get(
    "/{slug}/regions/{region_id}",
    response={200: RegionDetailOut, **READ_ERRORS},
    summary="One region: priorities, indicators, recommendations and EDIH-derived candidates",
)
def get_region(request: HttpRequest, slug: str, region_id: int) -> dict[str, Any]:
    viewer = api_viewer(request)
    _region, profile = permissions.access_profile(user=viewer, slug=slug, profile_id=region_id)
    return {
        "region": _region_out(slug, profile.pk, viewer),
        "candidates": [
            wording.candidate_for_reader(adapters.candidate_to_dict(candidate))
            for candidate in queries.list_candidates(region=profile.region)
        ],
    }


# ---------------------------------------------------------------- writes: partner regions


@router.put(
    "/{slug}/partners/{organisation_id}/region",
    response={200: PartnerRegionOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Set a partner's NUTS-2 region (coordinators)",
)
def put_partner_region(
    request: HttpRequest, slug: str, organisation_id: int, payload: PartnerRegionIn
) -> dict[str, Any]:
    user = token_user(request)
    partnership = permissions.access_guidelines_for_edit(user=user, slug=slug)
    if payload.source not in (RegionSource.COORDINATOR, RegionSource.PUBLISHED):
        raise ValidationError({"source": [_("Choose coordinator or published.")]})
    assignment = services.set_partner_region(
        user=user,
        partnership=partnership,
        organisation_id=organisation_id,
        region_code=payload.region,
        source=payload.source,
        source_note=payload.source_note,
        now=timezone.now(),
    )
    return _partner_region_out(assignment)


def _partner_region_out(assignment: Any) -> dict[str, Any]:
    return {
        "organisation_id": assignment.organisation_id,
        "region": assignment.profile.region_id,
        "region_id": assignment.profile_id,
        "source": assignment.source,
        "source_note": assignment.source_note,
    }


@router.post(
    "/{slug}/partners/regions-from-directory",
    response={200: list[PartnerRegionOut], **WRITE_ERRORS},
    auth=token_auth,
    summary="Place every partner without a region in its directory record's region (coordinators)",
)
def take_regions_from_directory(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Partners already placed are left as they are; the answer lists those placed now."""
    user = token_user(request)
    partnership = permissions.access_guidelines_for_edit(user=user, slug=slug)
    created = services.take_regions_from_directory(
        user=user, partnership=partnership, now=timezone.now()
    )
    return [_partner_region_out(assignment) for assignment in created]


@router.delete(
    "/{slug}/partners/{organisation_id}/region",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Clear a partner's region (coordinators)",
)
def delete_partner_region(request: HttpRequest, slug: str, organisation_id: int) -> Status[None]:
    user = token_user(request)
    partnership = permissions.access_guidelines_for_edit(user=user, slug=slug)
    services.clear_partner_region(
        user=user, partnership=partnership, organisation_id=organisation_id
    )
    return Status(204, None)


# ---------------------------------------------------------------- writes: priorities


@router.post(
    "/{slug}/regions/{region_id}/priorities",
    response={201: PriorityOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add an S3 priority to a region (coordinators)",
)
def add_priority(
    request: HttpRequest, slug: str, region_id: int, payload: PriorityIn
) -> Status[Any]:
    user = token_user(request)
    profile = permissions.access_profile_for_edit(user=user, slug=slug, profile_id=region_id)
    priority = services.save_priority(
        user=user,
        profile=profile,
        data=services.PriorityInput(**payload.model_dump()),
        now=timezone.now(),
    )
    return Status(201, _priority_out(priority))


@router.post(
    "/{slug}/regions/{region_id}/priorities/adopt",
    response={201: list[PriorityOut], **WRITE_ERRORS},
    auth=token_auth,
    summary="Adopt candidate priorities derived from the EDIH catalogue (coordinators)",
)
def adopt_candidates(
    request: HttpRequest, slug: str, region_id: int, payload: AdoptIn
) -> Status[Any]:
    user = token_user(request)
    profile = permissions.access_profile_for_edit(user=user, slug=slug, profile_id=region_id)
    created = services.adopt_candidates(
        user=user, profile=profile, keys=payload.keys, now=timezone.now()
    )
    return Status(201, [_priority_out(priority) for priority in created])


@router.patch(
    "/{slug}/priorities/{priority_id}",
    response={200: PriorityOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change an S3 priority (coordinators)",
)
def patch_priority(
    request: HttpRequest, slug: str, priority_id: int, payload: PriorityPatch
) -> dict[str, Any]:
    user = token_user(request)
    priority = permissions.access_priority_for_edit(user=user, slug=slug, priority_id=priority_id)
    current: dict[str, Any] = {
        "title": priority.title,
        # as the reader was shown it (a derived description in the request's language)
        "description": wording.shown_description(
            description=priority.description,
            wording=priority.wording,
            is_edited=priority.is_edited,
        ),
        "tags": [adapters.tag_key(tag.facet, tag.slug) for tag in priority.tags.all()],
        "source_label": priority.source_label,
        "source_url": priority.source_url,
        "source_vintage": priority.source_vintage,
    }
    current.update(
        {
            key: value
            for key, value in payload.model_dump(exclude_unset=True).items()
            if value is not None
        }
    )
    priority = services.save_priority(
        user=user,
        profile=priority.profile,
        data=services.PriorityInput(**current),
        now=timezone.now(),
        priority=priority,
    )
    return _priority_out(priority)


@router.delete(
    "/{slug}/priorities/{priority_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Remove an S3 priority (coordinators)",
)
def delete_priority(request: HttpRequest, slug: str, priority_id: int) -> Status[None]:
    user = token_user(request)
    priority = permissions.access_priority_for_edit(user=user, slug=slug, priority_id=priority_id)
    services.delete_priority(user=user, priority=priority)
    return Status(204, None)


# ---------------------------------------------------------------- writes: recommendations


@router.post(
    "/{slug}/recommendations/generate",
    response={200: GenerationOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Generate the recommendations again; edited ones are kept (coordinators)",
)
def generate_recommendations(request: HttpRequest, slug: str) -> dict[str, int]:
    user = token_user(request)
    partnership = permissions.access_guidelines_for_edit(user=user, slug=slug)
    return services.generate_recommendations(user=user, partnership=partnership, now=timezone.now())


@router.patch(
    "/{slug}/recommendations/{recommendation_id}",
    response={200: RecommendationOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Edit a recommendation (coordinators; it is then kept on regeneration)",
)
def patch_recommendation(
    request: HttpRequest, slug: str, recommendation_id: int, payload: RecommendationPatch
) -> dict[str, Any]:
    user = token_user(request)
    recommendation = permissions.access_recommendation_for_edit(
        user=user, slug=slug, recommendation_id=recommendation_id
    )
    changes = payload.model_dump(exclude_unset=True)
    recommendation = services.update_recommendation(
        user=user,
        recommendation=recommendation,
        title=recommendation.title if changes.get("title") is None else changes["title"],
        body=recommendation.body if changes.get("body") is None else changes["body"],
        now=timezone.now(),
    )
    return queries.recommendation_to_dict(recommendation)


@router.delete(
    "/{slug}/recommendations/{recommendation_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Remove a recommendation (coordinators)",
)
def delete_recommendation(request: HttpRequest, slug: str, recommendation_id: int) -> Status[None]:
    user = token_user(request)
    recommendation = permissions.access_recommendation_for_edit(
        user=user, slug=slug, recommendation_id=recommendation_id
    )
    services.delete_recommendation(user=user, recommendation=recommendation)
    return Status(204, None)
