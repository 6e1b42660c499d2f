"""The organisations API's request and response bodies (no ``from __future__ import
annotations``: ninja reads the types)."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from crosscluster.core.api import ErrorOut
from crosscluster.directory import queries
from crosscluster.directory.models import Organisation


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


class PickFilters(Schema):
    q: str = Field("", description="Words of the name (the start of a word is enough)")
    type: list[str] = Field([], description="Organisation kinds (any of); none: every kind")
    exclude: str = Field("", description="The slug of an organisation not to list")
    partnership: str = Field(
        "",
        description=(
            "The slug of a partnership you may see: only its partners and the members of its "
            "partner clusters (an event's host, a visited organisation)"
        ),
    )
    joinable_by: str = Field(
        "",
        description=(
            "The slug of an organisation you manage (as its manager; administrators are "
            "refused): only the clusters it may still ask to join"
        ),
    )


class OrganisationIn(Schema):
    name: str
    kind: str = Field(..., description="sme, large_company, research, public_authority, ...")
    country: str = Field(..., description="ISO 3166 alpha-2")
    nuts_region: str = Field("", description="NUTS 2024 code")
    city: str = ""
    website: str = ""
    description: str = ""
    size: str = ""
    tags: list[TagLevelIn] = []
    not_duplicate: bool = Field(
        False, description="True after checking the organisations /similar names: not one of them"
    )


class SimilarOut(Schema):
    organisation: OrganisationRef
    reason: str


class ChoiceOut(Schema):
    """One choice of a picker: the value a form posts and the words people read."""

    value: str = Field(..., description="An organisation's slug; a region's NUTS code")
    label: str = Field(..., description="In the request's language")


class SuggestIn(Schema):
    text: str = Field(..., description="The organisation's description")


class SuggestedTagOut(Schema):
    facet: str
    slug: str
    label: str
    evidence: list[str] = Field(..., description="The words of the text that suggest the tag")


class ClaimIn(Schema):
    message: str = ""


class ClaimOut(Schema):
    id: int
    organisation: OrganisationRef
    claimant: str = Field(..., description="The claimant's e-mail address")
    status: str = Field(..., description="pending, approved or declined")
    proof: str = Field(..., description="email_domain, review, or empty while pending")
    message: str
    reason: str
    created_at: datetime
    decided_at: datetime | None


class PagedClaimOut(Schema):
    items: list[ClaimOut]
    count: int = Field(..., description="Every claim waiting for your decision")


class ClaimsOut(Schema):
    to_decide: PagedClaimOut = Field(
        ..., description="One page (`page`, `page_size`) of the claims you decide, oldest first"
    )
    mine: list[ClaimOut]


class DecisionIn(Schema):
    decision: str = Field(..., description="approve or decline")
    reason: str = Field("", description="Required to decline")


class JoinIn(Schema):
    organisation: str = Field(..., description="Slug of the organisation that joins")
    message: str = ""


class JoinRequestOut(Schema):
    id: int
    cluster: OrganisationRef
    organisation: OrganisationRef
    direction: str = Field(..., description="request (asked by the organisation) or invitation")
    status: str
    message: str
    reason: str
    created_at: datetime
    decided_at: datetime | None


class PagedJoinRequestOut(Schema):
    items: list[JoinRequestOut]
    count: int = Field(..., description="Every request and invitation waiting for your decision")


class JoinRequestsOut(Schema):
    to_decide: PagedJoinRequestOut = Field(
        ...,
        description="One page (`page`, `page_size`) of the requests and invitations you decide, "
        "oldest first",
    )
    sent: list[JoinRequestOut]


class CriterionOut(Schema):
    code: str = Field(..., description="management, members, mix, website or description")
    label: str = Field(..., description="The criterion, in the request's language")
    met: bool
    observed: str = Field(..., description="What was observed, in the request's language")
    fix: str = Field(..., description="What to do when not met (empty when met)")
    values: dict[str, int] = Field(
        ..., description="The numbers behind the words (staff, members, needed, characters...)"
    )
    missing: list[str] = Field(..., description="mix: the kinds of member still missing")


class ClusterToReviewOut(Schema):
    cluster: OrganisationRef
    validation: ValidationOut = Field(..., description="review_requested_at: when they asked")
    members_count: int
    criteria: list[CriterionOut] = Field(..., description="The criteria as evaluated now")
    all_met: bool = Field(..., description="True when the cluster may be validated")


class PagedClusterToReviewOut(Schema):
    items: list[ClusterToReviewOut]
    count: int


class ReviewIn(Schema):
    decision: str = Field(..., description="validated or rejected")
    comment: str = Field(
        "", max_length=5000, description="Required to reject: what the cluster must change"
    )


class ReviewOut(Schema):
    cluster: OrganisationRef
    decision: str = Field(..., description="validated or rejected")
    comment: str
    decided_at: datetime
    valid_until: date | None = Field(None, description="Validated: one year from the decision")
    criteria: list[CriterionOut] = Field(..., description="The criteria as evaluated then")


class UnmetCriteriaOut(ErrorOut):
    """A 400: a rule broken (``errors`` names the field), an unreadable body (``detail`` only), or
    a validation refused because criteria are unmet (``errors.decision`` words each unmet
    criterion and its fix in the request's language, ``unmet`` gives their codes and numbers)."""

    unmet: list[CriterionOut] = Field(
        default_factory=list, description="The unmet criteria with their numbers (a refusal only)"
    )
