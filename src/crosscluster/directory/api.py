"""The organisations API (no ``from __future__ import annotations``: ninja reads the types)."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import Pagination
from crosscluster.directory import permissions, queries, services
from crosscluster.directory.models import Organisation
from crosscluster.partnerships import queries as partnership_queries

router = Router(tags=["organisations"])


class TagLevelOut(Schema):
    facet: str
    slug: str
    label: str
    level: int = Field(..., ge=1, le=5, description="Self-assessed competence, 1 (basic) to 5")


class ValidationOut(Schema):
    status: str = Field(..., description="provisional, validated, rejected or expired")
    valid_until: date | None
    review_requested_at: datetime | None


class OrganisationRef(Schema):
    slug: str
    name: str
    kind: str
    country: str


class OrganisationSummaryOut(Schema):
    slug: str
    name: str
    kind: str
    country: str = Field(..., description="ISO 3166 alpha-2")
    country_name: str
    nuts_region: str | None = Field(None, description="NUTS 2024 code")
    city: str
    website: str
    validation_status: str = Field("", description="Clusters only; empty for others")
    top_tags: list[TagLevelOut]

    @staticmethod
    def resolve_country(organisation: Organisation) -> str:
        return organisation.country_id

    @staticmethod
    def resolve_country_name(organisation: Organisation) -> str:
        return organisation.country.name

    @staticmethod
    def resolve_nuts_region(organisation: Organisation) -> str | None:
        return organisation.nuts_region_id

    @staticmethod
    def resolve_top_tags(organisation: Organisation) -> list[dict[str, Any]]:
        # Prefetched strongest first (queries.list_organisations); services are not shown.
        rows = [row for row in organisation.organisation_tags.all() if row.tag.facet != "services"]
        return [
            {"facet": r.tag.facet, "slug": r.tag.slug, "label": r.tag.label, "level": r.level}
            for r in rows[: queries.TOP_TAGS]
        ]


class SourceOut(Schema):
    source: str
    citation: str
    reference: str
    vintage: str


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    country: str
    country_name: str
    nuts_region: str | None
    city: str
    website: str
    description: str
    size: str
    management_staff: int | None
    members_count: int | None = Field(None, description="Clusters: member organisations")
    clusters: list[OrganisationRef] = Field(..., description="Clusters it is a member of")
    tags: list[TagLevelOut]
    validation: ValidationOut | None = Field(None, description="Clusters only")
    source: SourceOut
    updated_at: datetime


class TagOut(Schema):
    slug: str
    label: str


class TaxonomyOut(Schema):
    technologies: list[TagOut]
    sectors: list[TagOut]
    services: list[TagOut]
    source: str


class TagLevelIn(Schema):
    facet: str = Field(..., description="technologies, sectors or services")
    slug: str
    level: int = Field(..., description="1 (basic) to 5 (expert)")


class OrganisationPatch(Schema):
    name: str | None = None
    kind: str | None = None
    country: str | None = Field(None, description="ISO 3166 alpha-2")
    nuts_region: str | None = Field(None, description="NUTS 2024 code; empty to remove")
    city: str | None = None
    website: str | None = None
    description: str | None = None
    size: str | None = None
    management_staff: int | None = None
    tags: list[TagLevelIn] | None = Field(None, description="Replaces all tags when given")


class OrganisationFilters(Schema):
    q: str = Field("", description="Words in the name, place or description")
    country: list[str] = Field([], description="ISO 3166 alpha-2 codes (any of)")
    region: list[str] = Field([], description="NUTS codes (any of)")
    type: list[str] = Field([], description="Organisation kinds (any of)")
    technology: list[str] = Field([], description="Technology tag slugs (any of)")
    sector: list[str] = Field([], description="Sector tag slugs (any of)")
    partnership: str = Field("", description="Only organisations involved in this partnership")


def _detail(request: HttpRequest, organisation: Organisation) -> OrganisationOut:
    tags = [
        tag for group in queries.list_tags_by_facet(organisation=organisation) for tag in group.tags
    ]
    return OrganisationOut(
        slug=organisation.slug,
        name=organisation.name,
        kind=organisation.kind,
        country=organisation.country_id,
        country_name=organisation.country.name,
        nuts_region=organisation.nuts_region_id,
        city=organisation.city,
        website=organisation.website,
        description=organisation.description,
        size=organisation.size,
        management_staff=organisation.management_staff,
        members_count=(
            queries.count_cluster_members(cluster=organisation) if organisation.is_cluster else None
        ),
        clusters=[
            OrganisationRef(slug=c.slug, name=c.name, kind=c.kind, country=c.country_id)
            for c in queries.list_clusters_of(organisation=organisation)
        ],
        tags=[TagLevelOut(facet=t.facet, slug=t.slug, label=t.label, level=t.level) for t in tags],
        validation=(
            ValidationOut(
                status=organisation.validation_status,
                valid_until=organisation.validated_until_date,
                review_requested_at=organisation.review_requested_at,
            )
            if organisation.is_cluster
            else None
        ),
        source=SourceOut(
            source=organisation.source,
            citation=queries.cite_source(organisation=organisation),
            reference=organisation.source_reference,
            vintage=organisation.source_vintage,
        ),
        updated_at=organisation.updated_at,
    )


@router.get("/", response=list[OrganisationSummaryOut], summary="Search organisations")
@paginate(Pagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]):  # type: ignore[no-untyped-def]
    """Full-text search and facets; values within a filter are alternatives, filters combine.
    Unknown filter values are a 400 error naming the parameter."""
    partnership = partnership_queries.find_partnership_scope(
        user=api_viewer(request), slug=filters.partnership
    )
    resolved, _ = queries.resolve_filters(
        filters=queries.SearchFilters(
            q=filters.q,
            countries=tuple(filters.country),
            regions=tuple(filters.region),
            kinds=tuple(filters.type),
            technologies=tuple(filters.technology),
            sectors=tuple(filters.sector),
            partnership=filters.partnership,
        ),
        partnership=partnership,
        strict=True,
    )
    return queries.list_organisations(filters=resolved)


@router.get("/taxonomy", response=TaxonomyOut, summary="The tag vocabulary by facet")
def taxonomy(request: HttpRequest) -> TaxonomyOut:
    vocabulary = queries.list_taxonomy()
    return TaxonomyOut(
        technologies=[TagOut(slug=t.slug, label=t.label) for t in vocabulary["technologies"]],
        sectors=[TagOut(slug=t.slug, label=t.label) for t in vocabulary["sectors"]],
        services=[TagOut(slug=t.slug, label=t.label) for t in vocabulary["services"]],
        source="European Commission, EDIH catalogue",
    )


@router.get("/{slug}", response=OrganisationOut, summary="One organisation with its tags")
def get_organisation(request: HttpRequest, slug: str) -> OrganisationOut:
    return _detail(request, permissions.access_organisation(slug=slug))


@router.patch(
    "/{slug}",
    response={200: OrganisationOut},
    auth=token_auth,
    summary="Change an organisation (its members or administrators)",
)
def patch_organisation(
    request: HttpRequest, slug: str, payload: OrganisationPatch
) -> OrganisationOut:
    user = token_user(request)
    organisation = permissions.access_organisation_for_edit(user=user, slug=slug)
    data = payload.model_dump(exclude_unset=True)
    tags = data.pop("tags", None)
    changes = services.OrganisationChanges(
        **data,
        tags=(
            [services.TagChoice(facet=t["facet"], slug=t["slug"], level=t["level"]) for t in tags]
            if tags is not None
            else None
        ),
    )
    services.update_organisation(user=user, organisation=organisation, changes=changes)
    return _detail(request, permissions.access_organisation(slug=slug))
