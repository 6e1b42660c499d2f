"""Reads about organisations: faceted search, profiles, tags, clusters and their reviews.

One module per sub-domain, re-exported here (``from crosscluster.directory import queries``):

- ``search``: the faceted search (``resolve_filters``, ``search_directory``, ``list_organisations``);
- ``organisations``: one organisation (``get_organisation``), its source, and the sets other apps
  build on organisations (ids, counts, countries);
- ``tags``: the taxonomy and an organisation's tags;
- ``clusters``: a cluster's members, the clusters an organisation joined, cluster reviews;
- ``access``: who may edit or manage an organisation;
- ``pages``: page links for long lists;
- ``lookups``: small reads other apps make (an organisation, tag, region or country by code);
- ``picking``: organisations picked by name in a form, a country's regions for its picker;
- ``joining``: the clusters an organisation may still ask to join, and the organisations a
  person manages that may still ask to join a cluster (what the join forms offer).

The directory knows nothing of partnerships: a search limited to a partnership gets its
organisations as a ``PartnershipScope`` that the partnerships app builds.
"""

from crosscluster.directory.queries.access import (
    can_ask_to_join_for,
    can_edit,
    can_edit_as_member,
    can_manage,
    can_review_clusters,
    is_platform_administrator,
)
from crosscluster.directory.queries.clusters import (
    MEMBERS_PAGE_SIZE,
    ClusterToReview,
    MemberPage,
    cluster_ids_joined_by,
    count_cluster_members,
    describe_clusters_to_review,
    evaluate_cluster_criteria,
    is_member_of_any,
    list_cluster_ids_of,
    list_cluster_members,
    list_clusters_of,
    list_clusters_to_review,
    list_reviews,
    member_ids_of_clusters,
)
from crosscluster.directory.queries.joining import (
    cluster_ids_not_to_offer,
    joinable_clusters,
    organisations_to_join,
    pick_joinable_clusters,
)
from crosscluster.directory.queries.lookups import (
    count_organisations_by_kind,
    find_country,
    find_nuts_region,
    find_organisation,
    find_organisation_id,
    find_organisation_slug,
    find_tag,
    find_technology_tag,
    get_country_name,
    list_hub_declarations,
    list_hub_tags,
    list_organisation_kinds,
    list_tags_with_slug,
    list_technology_and_sector_tags,
    list_technology_tags,
    most_common_hub_vintage,
    organisation_size_labels,
    tags_in_taxonomy_order,
    technology_labels,
)
from crosscluster.directory.queries.onboarding import (
    DUPLICATE_LIMIT,
    PossibleDuplicate,
    SuggestedTag,
    can_decide_claim,
    can_decide_join_request,
    can_see_join_request,
    can_withdraw_join_request,
    claim_decider_organisation_ids,
    deciding_side,
    email_matches_domain,
    find_pending_claim,
    find_possible_duplicates,
    get_claim,
    get_join_request,
    is_cluster_member,
    list_claims_of,
    list_claims_to_decide,
    list_join_requests_sent,
    list_join_requests_to_decide,
    list_managed_organisations,
    normalised_name,
    sending_side,
    suggest_tags,
    web_domain,
)
from crosscluster.directory.queries.organisations import (
    PROVIDER_KINDS,
    ProviderRow,
    cite_source,
    count_organisations_and_smes,
    country_choices,
    get_country,
    get_organisation,
    get_organisation_by_id,
    list_countries,
    list_countries_by_name,
    list_organisation_choices,
    list_organisations_by_id,
    list_provider_rows,
    organisations_among,
    organisations_by_name,
)
from crosscluster.directory.queries.pages import PageLink, page_links
from crosscluster.directory.queries.picking import (
    PICK_LIMIT,
    OrganisationPicker,
    country_region_choices,
    organisation_picker,
    pick_choices,
    pick_label,
    pick_organisations,
    pickable_organisations,
)
from crosscluster.directory.queries.regions import (
    region_choices,
    region_country,
    region_in_country,
    region_labels,
)
from crosscluster.directory.queries.search import (
    BROAD_MATCH,
    MAX_VALUES_PER_FACET,
    PAGE_SIZE,
    SHOWN_COUNTRIES,
    SHOWN_REGIONS,
    TOP_TAGS,
    DirectoryResults,
    FacetCounts,
    FacetValue,
    OrganisationRow,
    PartnershipScope,
    ResolvedFilters,
    SearchFilters,
    filter_organisations,
    list_organisations,
    resolve_filters,
    search_directory,
)
from crosscluster.directory.queries.tags import (
    FacetTags,
    TagLevel,
    get_tag_levels,
    list_tags,
    list_tags_by_facet,
    list_taxonomy,
)

__all__ = [
    "BROAD_MATCH",
    "DUPLICATE_LIMIT",
    "MAX_VALUES_PER_FACET",
    "MEMBERS_PAGE_SIZE",
    "PAGE_SIZE",
    "PICK_LIMIT",
    "PROVIDER_KINDS",
    "SHOWN_COUNTRIES",
    "SHOWN_REGIONS",
    "TOP_TAGS",
    "ClusterToReview",
    "DirectoryResults",
    "FacetCounts",
    "FacetTags",
    "FacetValue",
    "MemberPage",
    "OrganisationPicker",
    "OrganisationRow",
    "PageLink",
    "PartnershipScope",
    "PossibleDuplicate",
    "ProviderRow",
    "ResolvedFilters",
    "SearchFilters",
    "SuggestedTag",
    "TagLevel",
    "can_ask_to_join_for",
    "can_decide_claim",
    "can_decide_join_request",
    "can_edit",
    "can_edit_as_member",
    "can_manage",
    "can_review_clusters",
    "can_see_join_request",
    "can_withdraw_join_request",
    "cite_source",
    "claim_decider_organisation_ids",
    "cluster_ids_joined_by",
    "cluster_ids_not_to_offer",
    "count_cluster_members",
    "count_organisations_and_smes",
    "count_organisations_by_kind",
    "country_choices",
    "country_region_choices",
    "deciding_side",
    "describe_clusters_to_review",
    "email_matches_domain",
    "evaluate_cluster_criteria",
    "filter_organisations",
    "find_country",
    "find_nuts_region",
    "find_organisation",
    "find_organisation_id",
    "find_organisation_slug",
    "find_pending_claim",
    "find_possible_duplicates",
    "find_tag",
    "find_technology_tag",
    "get_claim",
    "get_country",
    "get_country_name",
    "get_join_request",
    "get_organisation",
    "get_organisation_by_id",
    "get_tag_levels",
    "is_cluster_member",
    "is_member_of_any",
    "is_platform_administrator",
    "joinable_clusters",
    "list_claims_of",
    "list_claims_to_decide",
    "list_cluster_ids_of",
    "list_cluster_members",
    "list_clusters_of",
    "list_clusters_to_review",
    "list_countries",
    "list_countries_by_name",
    "list_hub_declarations",
    "list_hub_tags",
    "list_join_requests_sent",
    "list_join_requests_to_decide",
    "list_managed_organisations",
    "list_organisation_choices",
    "list_organisation_kinds",
    "list_organisations",
    "list_organisations_by_id",
    "list_provider_rows",
    "list_reviews",
    "list_tags",
    "list_tags_by_facet",
    "list_tags_with_slug",
    "list_taxonomy",
    "list_technology_and_sector_tags",
    "list_technology_tags",
    "member_ids_of_clusters",
    "most_common_hub_vintage",
    "normalised_name",
    "organisation_picker",
    "organisation_size_labels",
    "organisations_among",
    "organisations_by_name",
    "organisations_to_join",
    "page_links",
    "pick_choices",
    "pick_joinable_clusters",
    "pick_label",
    "pick_organisations",
    "pickable_organisations",
    "region_choices",
    "region_country",
    "region_in_country",
    "region_labels",
    "resolve_filters",
    "search_directory",
    "sending_side",
    "suggest_tags",
    "tags_in_taxonomy_order",
    "technology_labels",
    "web_domain",
]

# Added for the partnerships' invitations of partner clusters (issue 10, journey 3).
from crosscluster.directory.queries.clusters import list_clusters

__all__ += ["list_clusters"]


# Added for the monitoring app's collaboration network (issue 12): the rows it builds the graph on.
from collections.abc import Collection  # noqa: E402
from typing import Any  # noqa: E402


def list_membership_pairs(*, cluster_ids: Collection[int]) -> list[tuple[int, int]]:
    """(cluster id, member id) of every member of these clusters."""
    from crosscluster.directory.models import ClusterMembership

    return list(
        ClusterMembership.objects.filter(cluster_id__in=list(cluster_ids))
        .order_by("cluster_id", "member_id")
        .values_list("cluster_id", "member_id")
    )


def list_network_organisation_rows(*, organisation_ids: Collection[int]) -> list[dict[str, Any]]:
    """One row per organisation (pk, slug, name, country_id, kind, size, source,
    source_reference, sector: the label of its strongest sector tag or "")."""
    from crosscluster.directory.models import Facet, Organisation, OrganisationTag

    ids = list(organisation_ids)
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Organisation.objects.filter(pk__in=ids)
        .order_by("pk")
        .values("pk", "slug", "name", "country_id", "kind", "size", "source", "source_reference")
    ]
    sectors: dict[int, str] = {}
    for organisation_id, label in (
        OrganisationTag.objects.filter(organisation_id__in=ids, tag__facet=Facet.SECTOR)
        .order_by("organisation_id", "-level", "tag__label")
        .values_list("organisation_id", "tag__label")
    ):
        sectors.setdefault(organisation_id, label)
    for row in rows:
        row["sector"] = sectors.get(row["pk"], "")
    return rows


def map_source_references(*, source: str, references: Collection[str]) -> dict[str, int]:
    """Organisation id by source reference (e.g. CORDIS PIC) for organisations of ``source``."""
    from crosscluster.directory.models import Organisation

    return dict(
        Organisation.objects.filter(source=source, source_reference__in=list(references))
        .order_by("pk")
        .values_list("source_reference", "pk")
    )


__all__ += ["list_membership_pairs", "list_network_organisation_rows", "map_source_references"]
