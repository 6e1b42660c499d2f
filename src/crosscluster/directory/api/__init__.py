"""The organisations API (no ``from __future__ import annotations``: ninja reads the types)."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import Pagination, keep_operation_ids, paged
from crosscluster.directory import permissions, queries, services

# Claims and requests to join are a module of their own on the same router, registered first
# (``/claims`` before ``/{slug}``); every operation keeps the id it had in one module.
from crosscluster.directory.api import requests as _requests  # noqa: F401
from crosscluster.directory.api.common import organisation_ref as _ref
from crosscluster.directory.api.common import router
from crosscluster.directory.api.schemas import (
    ChoiceOut,
    ClusterToReviewOut,
    CriterionOut,
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    OrganisationRef,
    OrganisationSummaryOut,
    PagedClusterToReviewOut,
    PickFilters,
    ReviewIn,
    ReviewOut,
    SimilarOut,
    SourceOut,
    SuggestedTagOut,
    SuggestIn,
    TagLevelIn,
    TagLevelOut,
    TagOut,
    TaxonomyOut,
    UnmetCriteriaOut,
    ValidationOut,
)
from crosscluster.directory.models import (
    ClusterReview,
    DataSource,
    Organisation,
    OrganisationKind,
)
from crosscluster.directory.wording import refusal, word_criteria
from crosscluster.engines.clusters.criteria import CriterionResult
from crosscluster.partnerships import queries as partnership_queries


def _criteria_out(results: Sequence[CriterionResult]) -> list[CriterionOut]:
    """The criteria with their numbers, worded in the request's language."""
    return [
        CriterionOut(
            code=result.code,
            label=result.label,
            met=result.met,
            observed=result.observed,
            fix=result.fix,
            values=dict(result.values),
            missing=list(result.missing),
        )
        for result in word_criteria(results)
    ]


def _validation_out(cluster: Organisation) -> ValidationOut:
    return ValidationOut(
        status=cluster.validation_status,
        valid_until=cluster.validated_until_date,
        review_requested_at=cluster.review_requested_at,
    )


def _review_out(review: ClusterReview) -> ReviewOut:
    return ReviewOut(
        cluster=_ref(review.cluster),
        decision=review.decision,
        comment=review.comment,
        decided_at=review.decided_at,
        valid_until=review.valid_until_date,
        criteria=_criteria_out([CriterionResult.from_record(r) for r in review.criteria]),
    )


def _tag_choices(tags: list[TagLevelIn]) -> list[services.TagChoice]:
    return [services.TagChoice(facet=t.facet, slug=t.slug, level=t.level) for t in tags]


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
        validation=_validation_out(organisation) if organisation.is_cluster else None,
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
    resolved, _unknown = queries.resolve_filters(
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
        source=str(DataSource.EDIH.label),  # in the request's language
    )


@router.post(
    "/",
    response={201: OrganisationOut},
    auth=token_auth,
    summary="Register an organisation (the token's user becomes its manager)",
)
def register_organisation(request: HttpRequest, payload: OrganisationIn) -> Status:
    """A 400 on ``name`` lists possible duplicates (same name and country, same website domain):
    claim one of them, or send ``not_duplicate: true``."""
    data = payload.model_dump()
    data["tags"] = _tag_choices(payload.tags)
    organisation = services.register_organisation(user=token_user(request), **data)
    return Status(201, _detail(request, permissions.access_organisation(slug=organisation.slug)))


@router.get("/similar", response=list[SimilarOut], summary="Organisations a new one may duplicate")
def similar_organisations(
    request: HttpRequest, name: str, country: str, website: str = ""
) -> list[SimilarOut]:
    return [
        SimilarOut(organisation=_ref(d.organisation), reason=d.reason)
        for d in queries.find_possible_duplicates(name=name, country=country, website=website)
    ]


@router.get(
    "/picks",
    response=list[ChoiceOut],
    summary="Organisations found by name, for a picker (at most 20, in name order)",
)
def pick_organisations(request: HttpRequest, filters: Query[PickFilters]) -> list[ChoiceOut]:
    """Organisations whose name or text has every word of ``q`` (the start of a word is
    enough), of the given ``type`` values (any when none), without the one whose slug is
    ``exclude``: what a form's organisation picker lists as people type. With ``partnership``,
    only that partnership's partners and the members of its partner clusters. With ``joinable_by``
    (the slug of an organisation you manage, as its manager: administrators are refused as on
    the organisation's page; a session or a token says who you are), only the
    clusters it may still ask to join: not those it is a member of, nor those with a request or
    invitation waiting. The form still checks the one picked."""
    kinds = [value.strip() for value in filters.type if value.strip()]
    unknown = [value for value in kinds if value not in OrganisationKind.values]
    if unknown:
        raise ValidationError(
            {
                "type": [
                    _("Unknown type(s) %(choices)s: use %(known)s.")
                    % {
                        "choices": ", ".join(repr(value) for value in unknown),
                        "known": ", ".join(OrganisationKind.values),
                    }
                ]
            }
        )
    excluded = queries.find_organisation_id(slug=filters.exclude.strip())
    exclude_ids = {excluded} if excluded else set()
    among = None
    if filters.partnership.strip():  # a partnership's own organisations (events' pickers)
        scope = partnership_queries.find_partnership_scope(
            user=api_viewer(request), slug=filters.partnership.strip()
        )
        if scope is None:
            raise ValidationError(
                {
                    "partnership": [
                        _("No partnership %(slug)r; give the slug of one you can see, or none.")
                        % {"slug": filters.partnership.strip()}
                    ]
                }
            )
        among = scope.organisation_ids
    joining = filters.joinable_by.strip()
    if joining:  # the clusters an organisation the viewer manages may still ask to join
        organisation = queries.find_organisation(slug=joining)
        if organisation is None:
            raise ValidationError(
                {
                    "joinable_by": [
                        _("No organisation %(slug)r: give the slug of an organisation you manage.")
                        % {"slug": joining}
                    ]
                }
            )
        if not queries.can_ask_to_join_for(user=api_viewer(request), organisation=organisation):
            raise PermissionDenied(
                _("joinable_by: only the managers of %(name)s see the clusters it may ask to join.")
                % {"name": organisation.name}
            )
        kinds = [OrganisationKind.CLUSTER]
        exclude_ids |= queries.cluster_ids_not_to_offer(organisation=organisation)
    return [
        ChoiceOut(value=organisation.slug, label=queries.pick_label(organisation))
        for organisation in queries.pick_organisations(
            q=filters.q, kinds=kinds, exclude_ids=exclude_ids, among=among
        )
    ]


@router.get(
    "/regions",
    response=list[ChoiceOut],
    summary="A country's NUTS regions, for a region picker that follows the country",
)
def list_country_regions(request: HttpRequest, country: str = "") -> list[ChoiceOut]:
    """The NUTS 2024 regions (levels 1 to 3, each under the one it is part of) of ``country``
    (ISO 3166 two-letter code), named as the reader can read them; an empty list for a country
    without regions, or none given."""
    return [
        ChoiceOut(value=code, label=label)
        for code, label in queries.country_region_choices(country=country)
    ]


@router.post(
    "/tag-suggestions",
    response=list[SuggestedTagOut],
    auth=token_auth,
    summary="Technologies and sectors a description suggests (glossary terms, six languages)",
)
def suggest_tags(request: HttpRequest, payload: SuggestIn) -> list[SuggestedTagOut]:
    return [
        SuggestedTagOut(
            facet=item.tag.facet,
            slug=item.tag.slug,
            label=item.tag.label,
            evidence=list(item.evidence),
        )
        for item in queries.suggest_tags(text=payload.text[:10_000])
    ]


@router.get(
    "/reviews",
    response=PagedClusterToReviewOut,
    auth=token_auth,
    summary="Clusters waiting for a review, oldest request first, with their criteria (staff)",
)
def list_clusters_to_review(
    request: HttpRequest, pagination: Query[Pagination.Input]
) -> PagedClusterToReviewOut:
    permissions.check_platform_administrator(token_user(request))
    rows, count = paged(queries.list_clusters_to_review(), pagination)
    return PagedClusterToReviewOut(
        items=[
            ClusterToReviewOut(
                cluster=_ref(waiting.cluster),
                validation=_validation_out(waiting.cluster),
                members_count=waiting.members_count,
                criteria=_criteria_out(waiting.results),
                all_met=all(result.met for result in waiting.results),
            )
            for waiting in queries.describe_clusters_to_review(clusters=rows)
        ],
        count=count,
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


@router.delete(
    "/{slug}/members/{member_slug}",
    response={204: None},
    auth=token_auth,
    summary="The cluster's managers remove a member organisation",
)
def remove_member(request: HttpRequest, slug: str, member_slug: str) -> Status:
    user = token_user(request)
    cluster = permissions.access_cluster_for_management(user=user, slug=slug)
    member = permissions.access_organisation(slug=member_slug)
    if not services.remove_cluster_member(user=user, cluster=cluster, member=member):
        raise Http404(
            _("%(member)s is not a member of %(cluster)s.")
            % {"member": member.name, "cluster": cluster.name}
        )
    return Status(204, None)


@router.post(
    "/{slug}/ask-for-review",
    response=ValidationOut,
    auth=token_auth,
    summary="The cluster's managers ask for a review (first validation or yearly renewal)",
)
def ask_for_review(request: HttpRequest, slug: str) -> ValidationOut:
    user = token_user(request)
    cluster = permissions.access_cluster_for_management(user=user, slug=slug)
    return _validation_out(
        services.submit_cluster_for_review(user=user, cluster=cluster, now=timezone.now())
    )


@router.post(
    "/{slug}/review",
    response={200: ReviewOut, 400: UnmetCriteriaOut},
    auth=token_auth,
    summary="Validate or reject a cluster (staff); a validation needs every criterion met",
)
def review_cluster(request: HttpRequest, slug: str, payload: ReviewIn) -> Status:
    """A refusal because criteria are unmet is a 400 naming ``decision``, with each unmet
    criterion's code and numbers in ``unmet``; a rejection needs a ``comment``."""
    user = token_user(request)
    cluster = permissions.access_cluster_for_review(user=user, slug=slug)
    try:
        review = services.review_cluster(
            reviewer=user,
            cluster=cluster,
            decision=payload.decision,
            comment=payload.comment,
            now=timezone.now(),
        )
    except services.UnmetCriteriaError as refused:
        message = refusal(refused.results)
        return Status(
            400,
            UnmetCriteriaOut(
                detail=f"decision: {message}",
                errors={"decision": [message]},
                unmet=_criteria_out(refused.results),
            ),
        )
    return Status(200, _review_out(review))


keep_operation_ids(router, module="crosscluster.directory.api")
