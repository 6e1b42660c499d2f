"""Reads about organisations: faceted search, profiles, tags, clusters and their reviews.

One module per sub-domain, re-exported here (``from crosscluster.directory import queries``):

- ``search``: the faceted search (``resolve_filters``, ``search_directory``, ``list_organisations``);
- ``organisations``: one organisation (``get_organisation``), its source, and the sets other apps
  build on organisations (ids, counts, countries);
- ``tags``: the taxonomy and an organisation's tags;
- ``clusters``: a cluster's members, the clusters an organisation joined, cluster reviews;
- ``access``: who may edit or manage an organisation;
- ``pages``: page links for long lists;
- ``lookups``: small reads other apps make (an organisation, tag, region or country by code).

The directory knows nothing of partnerships: a search limited to a partnership gets its
organisations as a ``PartnershipScope`` that the partnerships app builds.
"""

from crosscluster.directory.queries.access import (
    can_edit,
    can_manage,
    is_platform_administrator,
)
from crosscluster.directory.queries.clusters import (
    MEMBERS_PAGE_SIZE,
    MemberPage,
    cluster_ids_joined_by,
    count_cluster_members,
    evaluate_cluster_criteria,
    is_member_of_any,
    list_cluster_ids_of,
    list_cluster_members,
    list_clusters_of,
    list_clusters_to_review,
    list_reviews,
    member_ids_of_clusters,
)
from crosscluster.directory.queries.lookups import (
    count_organisations_by_kind,
    find_country,
    find_nuts_region,
    find_organisation,
    find_organisation_id,
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
    tags_in_taxonomy_order,
    technology_labels,
)
from crosscluster.directory.queries.organisations import (
    PROVIDER_KINDS,
    cite_source,
    count_organisations_and_smes,
    get_country,
    get_organisation,
    get_organisation_by_id,
    list_countries,
    list_countries_by_name,
    list_organisation_choices,
    list_organisations_by_id,
    list_providers_with_tags,
    organisations_among,
    organisations_by_name,
)
from crosscluster.directory.queries.pages import PageLink, page_links
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
    "MAX_VALUES_PER_FACET",
    "MEMBERS_PAGE_SIZE",
    "PAGE_SIZE",
    "PROVIDER_KINDS",
    "SHOWN_COUNTRIES",
    "SHOWN_REGIONS",
    "TOP_TAGS",
    "DirectoryResults",
    "FacetCounts",
    "FacetTags",
    "FacetValue",
    "MemberPage",
    "OrganisationRow",
    "PageLink",
    "PartnershipScope",
    "ResolvedFilters",
    "SearchFilters",
    "TagLevel",
    "can_edit",
    "can_manage",
    "cite_source",
    "cluster_ids_joined_by",
    "count_cluster_members",
    "count_organisations_and_smes",
    "count_organisations_by_kind",
    "evaluate_cluster_criteria",
    "filter_organisations",
    "find_country",
    "find_nuts_region",
    "find_organisation",
    "find_organisation_id",
    "find_tag",
    "find_technology_tag",
    "get_country",
    "get_country_name",
    "get_organisation",
    "get_organisation_by_id",
    "get_tag_levels",
    "is_member_of_any",
    "is_platform_administrator",
    "list_cluster_ids_of",
    "list_cluster_members",
    "list_clusters_of",
    "list_clusters_to_review",
    "list_countries",
    "list_countries_by_name",
    "list_hub_declarations",
    "list_hub_tags",
    "list_organisation_choices",
    "list_organisation_kinds",
    "list_organisations",
    "list_organisations_by_id",
    "list_providers_with_tags",
    "list_reviews",
    "list_tags",
    "list_tags_by_facet",
    "list_tags_with_slug",
    "list_taxonomy",
    "list_technology_and_sector_tags",
    "list_technology_tags",
    "member_ids_of_clusters",
    "most_common_hub_vintage",
    "organisations_among",
    "organisations_by_name",
    "page_links",
    "resolve_filters",
    "search_directory",
    "tags_in_taxonomy_order",
    "technology_labels",
]

# Added for the partnerships' invitations of partner clusters (issue 10, journey 3).
from crosscluster.directory.queries.clusters import list_clusters

__all__ += ["list_clusters"]
