"""Marketplace over the API. Reads respect visibility; writes need a token of the owner's members.

No ``from __future__ import annotations`` here: ninja reads the query parameters' types at
run time through the pagination wrapper.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import (
    Pagination,
    TextTranslationIn,
    TextTranslationOut,
    keep_operation_ids,
    translation_answer,
    translations_out,
)
from crosscluster.core.http import absolute_url
from crosscluster.marketplace import permissions, queries, services
from crosscluster.marketplace.api.common import WRITE_ERRORS, router
from crosscluster.marketplace.models import Opportunity

if TYPE_CHECKING:
    from crosscluster.directory.models import Country, Tag

T = TypeVar("T")
KIND_HELP = (
    "industrial_need, ict_offer, technology_request, technology_offer, business_cooperation or "
    "research_cooperation"
)
VISIBILITY_HELP = "public, partnership (members of its partnership) or private (owner and brokers)"
TAG_HELP = "Labels exactly as in the EDIH taxonomy (GET /api/v1/organisations/taxonomy)."


class OwnerOut(Schema):
    id: int
    name: str
    country: str = Field(description="ISO 3166 alpha-2 code.")


class OpportunityOut(Schema):
    id: int
    kind: str = Field(description=KIND_HELP)
    title: str
    description: str
    language: str = Field(description="ISO 639-1 code detected from the text; empty if unknown.")
    owner: OwnerOut
    partnership: str | None = Field(description="Slug of the partnership, if any.")
    technologies: list[str]
    sectors: list[str]
    services: list[str]
    target_countries: list[str]
    cooperation_types: list[str]
    deadline_date: date | None
    expiry_date: date | None
    visibility: str = Field(description=VISIBILITY_HELP)
    status: str = Field(description="draft, published, closed or expired")
    published_at: datetime | None
    is_illustrative: bool = Field(
        description="Demo content written for the demo, not published by its owner."
    )
    url: str

    @staticmethod
    def resolve_owner(opportunity: Opportunity) -> OwnerOut:
        owner = opportunity.owner
        return OwnerOut(id=owner.pk, name=owner.name, country=owner.country_id)

    @staticmethod
    def resolve_partnership(opportunity: Opportunity) -> str | None:
        return opportunity.partnership.slug if opportunity.partnership else None

    @staticmethod
    def _labels(opportunity: Opportunity, facet: str) -> list[str]:
        return sorted(tag.label for tag in opportunity.tags.all() if tag.facet == facet)

    @staticmethod
    def resolve_technologies(opportunity: Opportunity) -> list[str]:
        return OpportunityOut._labels(opportunity, "technologies")

    @staticmethod
    def resolve_sectors(opportunity: Opportunity) -> list[str]:
        return OpportunityOut._labels(opportunity, "sectors")

    @staticmethod
    def resolve_services(opportunity: Opportunity) -> list[str]:
        return OpportunityOut._labels(opportunity, "services")

    @staticmethod
    def resolve_target_countries(opportunity: Opportunity) -> list[str]:
        return sorted(country.iso2 for country in opportunity.target_countries.all())

    @staticmethod
    def resolve_url(opportunity: Opportunity) -> str:
        return absolute_url(reverse("marketplace:opportunity_detail", args=[opportunity.pk]))


class OpportunityIn(Schema):
    owner: int = Field(description="Id of the organisation publishing it (you must work for it).")
    kind: str = Field(description=KIND_HELP)
    title: str
    description: str = Field(description="Any language; the language is detected.")
    partnership: str | None = Field(None, description="Slug of a partnership the owner is in.")
    technologies: list[str] = Field([], description=TAG_HELP)
    sectors: list[str] = Field([], description=TAG_HELP)
    services: list[str] = Field([], description=TAG_HELP)
    target_countries: list[str] = Field([], description="ISO 3166 alpha-2 codes.")
    cooperation_types: list[str] = []
    deadline_date: date | None = None
    expiry_date: date | None = None
    visibility: str = Field("public", description=VISIBILITY_HELP)


class OpportunityPatch(Schema):
    kind: str | None = Field(None, description=KIND_HELP)
    title: str | None = None
    description: str | None = None
    partnership: str | None = Field(None, description="Slug; an empty string removes it.")
    technologies: list[str] | None = Field(None, description=TAG_HELP)
    sectors: list[str] | None = Field(None, description=TAG_HELP)
    services: list[str] | None = Field(None, description=TAG_HELP)
    target_countries: list[str] | None = None
    cooperation_types: list[str] | None = None
    deadline_date: date | None = None
    expiry_date: date | None = None
    visibility: str | None = Field(None, description=VISIBILITY_HELP)


def _collect(
    errors: dict[str, list[str]], default: T, resolve: Callable[..., T], **arguments: Any
) -> T:
    """Call a resolver; on bad input record its errors (all fields are reported at once)."""
    try:
        return resolve(**arguments)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
        return default


@router.get("/opportunities", response=list[OpportunityOut], summary="List published opportunities")
@paginate(Pagination)
def list_opportunities(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    kind: str = "",
    country: str = "",
    technology: str = "",
    sector: str = "",
    q: str = "",
):
    """Published opportunities the caller may see (public ones; with a token, partnership-only
    ones too). ``technology`` and ``sector`` are tag slugs; ``country`` an ISO code of the owner or
    of a target country."""
    filters = queries.OpportunityFilters(
        kind=kind, country=country, technology=technology, sector=sector, q=q
    )
    return queries.list_published_opportunities(
        user=api_viewer(request), filters=filters
    ).prefetch_related("tags", "target_countries")


@router.get("/opportunities/{opportunity_id}", response=OpportunityOut, summary="One opportunity")
def get_opportunity(request: HttpRequest, opportunity_id: int) -> Opportunity:
    return permissions.access_opportunity(user=api_viewer(request), opportunity_id=opportunity_id)


TRANSLATION_KEYS = "texts: title (required), description"


@router.get(
    "/opportunities/{opportunity_id}/translations",
    response=list[TextTranslationOut],
    summary="A need's or offer's title and description in other languages than the original",
    description=TRANSLATION_KEYS,
)
def list_opportunity_translations(
    request: HttpRequest, opportunity_id: int
) -> list[dict[str, Any]]:
    opportunity = permissions.access_opportunity(
        user=api_viewer(request), opportunity_id=opportunity_id
    )
    return translations_out(
        queries.list_opportunity_translations(opportunity=opportunity),
        queries.opportunity_texts(opportunity),
    )


@router.put(
    "/opportunities/{opportunity_id}/translations/{language}",
    response={200: TextTranslationOut, 204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Write a need's or offer's title and description in one more language (its "
    "organisation's members and brokers; no text removes it: 204)",
    description=TRANSLATION_KEYS,
)
def put_opportunity_translation(
    request: HttpRequest, opportunity_id: int, language: str, payload: TextTranslationIn
) -> Status[Any]:
    user = token_user(request)
    opportunity = permissions.access_opportunity_for_edit(user=user, opportunity_id=opportunity_id)
    saved = services.translate_opportunity(
        user=user, opportunity=opportunity, language=language, texts=payload.texts
    )
    return translation_answer(saved, queries.opportunity_texts(opportunity))


@router.delete(
    "/opportunities/{opportunity_id}/translations/{language}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Remove a need's or offer's translation: readers see the original (its editors)",
)
def delete_opportunity_translation(
    request: HttpRequest, opportunity_id: int, language: str
) -> Status[None]:
    user = token_user(request)
    opportunity = permissions.access_opportunity_for_edit(user=user, opportunity_id=opportunity_id)
    services.translate_opportunity(user=user, opportunity=opportunity, language=language, texts={})
    return Status(204, None)


@router.post(
    "/opportunities",
    response={201: OpportunityOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Create a draft opportunity (members of the owner organisation)",
)
def create_opportunity(request: HttpRequest, payload: OpportunityIn) -> Status[Opportunity]:
    user = token_user(request)
    owner = permissions.access_own_organisation(user=user, organisation_id=payload.owner)
    errors: dict[str, list[str]] = {}
    tags: list[Tag] = []
    for facet in ("technologies", "sectors", "services"):
        tags += _collect(
            errors, [], services.resolve_tags, facet=facet, labels=getattr(payload, facet)
        )
    no_countries: list[Country] = []
    countries = _collect(
        errors, no_countries, services.resolve_countries, codes=payload.target_countries
    )
    partnership = _collect(
        errors, None, services.resolve_partnership, user=user, slug=payload.partnership
    )
    if errors:
        raise ValidationError(errors)
    data = services.OpportunityData(
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        partnership=partnership,
        tags=tags,
        target_countries=countries,
        cooperation_types=payload.cooperation_types,
        deadline_date=payload.deadline_date,
        expiry_date=payload.expiry_date,
        visibility=payload.visibility,
    )
    opportunity = services.create_opportunity(user=user, owner=owner, data=data, now=timezone.now())
    return Status(201, permissions.access_opportunity(user=user, opportunity_id=opportunity.pk))


@router.patch(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change an opportunity (owner members and brokers)",
)
def patch_opportunity(
    request: HttpRequest, opportunity_id: int, payload: OpportunityPatch
) -> Opportunity:
    user = token_user(request)
    opportunity = permissions.access_opportunity_for_edit(user=user, opportunity_id=opportunity_id)
    given = payload.model_dump(exclude_unset=True)
    values: dict[str, object] = {}
    current = services.current_data(opportunity)
    tags = list(current.tags)
    for facet in ("technologies", "sectors", "services"):
        if facet in given:
            tags = [tag for tag in tags if tag.facet != facet] + services.resolve_tags(
                facet=facet, labels=given[facet] or []
            )
            values["tags"] = tags
    if "target_countries" in given:
        values["target_countries"] = services.resolve_countries(
            codes=given["target_countries"] or []
        )
    if "partnership" in given:
        values["partnership"] = services.resolve_partnership(user=user, slug=given["partnership"])
    for name in (
        "kind",
        "title",
        "description",
        "cooperation_types",
        "deadline_date",
        "expiry_date",
        "visibility",
    ):
        if name in given:
            value = given[name]
            if value is None and name in {"kind", "title", "description", "visibility"}:
                continue
            values[name] = value if value is not None or "date" in name else []
    changes = services.OpportunityChanges(**values, given=frozenset(values))
    services.update_opportunity(
        user=user, opportunity=opportunity, changes=changes, now=timezone.now()
    )
    return permissions.access_opportunity(user=user, opportunity_id=opportunity.pk)


@router.post(
    "/opportunities/{opportunity_id}/publish",
    response={200: OpportunityOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Publish an opportunity",
)
def publish_opportunity(request: HttpRequest, opportunity_id: int) -> Opportunity:
    user = token_user(request)
    opportunity = permissions.access_opportunity_for_edit(user=user, opportunity_id=opportunity_id)
    services.publish_opportunity(user=user, opportunity=opportunity, now=timezone.now())
    return permissions.access_opportunity(user=user, opportunity_id=opportunity.pk)


class FollowingIn(Schema):
    following: bool = Field(..., description="true to follow (be told of changes), false to stop")


class FollowingOut(Schema):
    following: bool


@router.put(
    "/opportunities/{opportunity_id}/following",
    response={200: FollowingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Follow an opportunity you may see, or stop following it",
)
def follow_opportunity(
    request: HttpRequest, opportunity_id: int, payload: FollowingIn
) -> FollowingOut:
    user = token_user(request)
    opportunity = permissions.access_opportunity(user=user, opportunity_id=opportunity_id)
    services.set_following(user=user, opportunity=opportunity, following=payload.following)
    return FollowingOut(following=payload.following)


@router.put(
    "/partnerships/{slug}/following",
    response={200: FollowingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Follow a partnership's opportunities, or stop following them",
)
def follow_partnership(request: HttpRequest, slug: str, payload: FollowingIn) -> FollowingOut:
    user = token_user(request)
    partnership = permissions.access_partnership(user=user, slug=slug)
    services.set_following(user=user, partnership=partnership, following=payload.following)
    return FollowingOut(following=payload.following)


@router.post(
    "/opportunities/{opportunity_id}/close",
    response={200: OpportunityOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Close a published opportunity",
)
def close_opportunity(request: HttpRequest, opportunity_id: int) -> Opportunity:
    user = token_user(request)
    opportunity = permissions.access_opportunity_for_edit(user=user, opportunity_id=opportunity_id)
    services.close_opportunity(user=user, opportunity=opportunity, now=timezone.now())
    return permissions.access_opportunity(user=user, opportunity_id=opportunity.pk)


# Expressions of interest and the matches' operations (modules of their own), on the same
# router; the operations keep the ids they had when the API was one module.
from crosscluster.marketplace.api.interests import (  # noqa: E402
    InterestAnswerIn,
    InterestIn,
    InterestOut,
    accept_interest,
    create_interest,
    decline_interest,
)
from crosscluster.marketplace.api.matches import (  # noqa: E402
    MatchesOut,
    MatchOut,
    add_match,
    list_matches,
    mark_match,
    steer_match,
)

keep_operation_ids(router, module="crosscluster.marketplace.api")

__all__ = [
    "InterestAnswerIn",
    "InterestIn",
    "InterestOut",
    "MatchOut",
    "MatchesOut",
    "accept_interest",
    "add_match",
    "create_interest",
    "decline_interest",
    "list_matches",
    "mark_match",
    "router",
    "steer_match",
]
