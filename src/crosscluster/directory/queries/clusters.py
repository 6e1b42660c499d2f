"""Reads about clusters: their members, the clusters an organisation joined, their reviews."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from crosscluster.directory import adapters
from crosscluster.directory.models import (
    ClusterMembership,
    ClusterReview,
    Organisation,
    OrganisationKind,
)
from crosscluster.directory.queries.pages import PageLink, page_links
from crosscluster.engines.clusters.criteria import CriterionResult, evaluate_cluster

MEMBERS_PAGE_SIZE = 50


def count_cluster_members(*, cluster: Organisation) -> int:
    return ClusterMembership.objects.filter(cluster=cluster).count()


@dataclass(frozen=True)
class MemberPage:
    members: list[Organisation]
    total: int
    page_number: int
    page_count: int

    @property
    def page_links(self) -> list[PageLink]:
        return page_links(current=self.page_number, count=self.page_count)


def list_cluster_members(*, cluster: Organisation, page: int = 1) -> MemberPage:
    """A page of a cluster's members (name order) with their country."""
    total = count_cluster_members(cluster=cluster)
    page_count = max(1, math.ceil(total / MEMBERS_PAGE_SIZE))
    page_number = min(max(1, page), page_count)
    offset = (page_number - 1) * MEMBERS_PAGE_SIZE
    members = (
        list(
            Organisation.objects.filter(clusters__cluster=cluster)
            .select_related("country")
            .defer("search_text", "description")
            .order_by("name", "pk")[offset : offset + MEMBERS_PAGE_SIZE]
        )
        if total
        else []
    )
    return MemberPage(members, total, page_number, page_count)


def list_clusters_of(*, organisation: Organisation) -> list[Organisation]:
    """The clusters the organisation is a member of."""
    return list(
        Organisation.objects.filter(cluster_members__member=organisation)
        .select_related("country")
        .defer("search_text", "description")
        .order_by("name")
    )


def list_cluster_ids_of(*, organisation: Organisation) -> list[int]:
    """Ids of the clusters the organisation is a member of."""
    return list(
        ClusterMembership.objects.filter(member=organisation).values_list("cluster_id", flat=True)
    )


def cluster_ids_joined_by(*, organisation_ids: Collection[int]) -> QuerySet[Any]:
    """Ids of the clusters any of these organisations is a member of (a subquery)."""
    return ClusterMembership.objects.filter(member_id__in=organisation_ids).values("cluster_id")


def member_ids_of_clusters(*, cluster_ids: QuerySet[Any] | Collection[int]) -> QuerySet[Any]:
    """Ids of the members of these clusters (a subquery; ``cluster_ids`` may be one too)."""
    return ClusterMembership.objects.filter(cluster_id__in=cluster_ids).values("member_id")


def is_member_of_any(
    *, organisation_ids: Collection[int], cluster_ids: Collection[int] | QuerySet[Any]
) -> bool:
    """Whether any of the organisations is a member of any of the clusters."""
    return ClusterMembership.objects.filter(
        cluster_id__in=cluster_ids, member_id__in=organisation_ids
    ).exists()


# ----------------------------------------------------------------------------- reviews
def evaluate_cluster_criteria(*, cluster: Organisation) -> tuple[CriterionResult, ...]:
    """The published criteria evaluated on the cluster as it is now."""
    members_by_kind = dict(
        Organisation.objects.filter(clusters__cluster=cluster)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return evaluate_cluster(adapters.cluster_facts(cluster, members_by_kind))


def list_clusters_to_review() -> QuerySet[Organisation]:
    """Clusters whose managers asked for a review, oldest request first, unevaluated (pages
    count and slice it)."""
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.CLUSTER, review_requested_at__isnull=False
        )
        .select_related("country")
        .defer("search_text")
        .order_by("review_requested_at", "pk")
    )


@dataclass(frozen=True)
class ClusterToReview:
    """A cluster waiting for a review, with its members and the criteria as evaluated now."""

    cluster: Organisation
    members_count: int
    results: tuple[CriterionResult, ...]


def describe_clusters_to_review(*, clusters: Sequence[Organisation]) -> list[ClusterToReview]:
    """``clusters`` (a page of :func:`list_clusters_to_review`) with their members counted by
    kind and the criteria evaluated, in one query for the whole page."""
    members_by_kind: dict[int, dict[str, int]] = {}
    rows = (
        ClusterMembership.objects.filter(cluster_id__in=[cluster.pk for cluster in clusters])
        .order_by()
        .values("cluster_id", "member__kind")
        .annotate(n=Count("pk"))
        .values_list("cluster_id", "member__kind", "n")
    )
    for cluster_id, kind, count in rows:
        members_by_kind.setdefault(cluster_id, {})[kind] = count
    described = []
    for cluster in clusters:
        kinds = members_by_kind.get(cluster.pk, {})
        described.append(
            ClusterToReview(
                cluster=cluster,
                members_count=sum(kinds.values()),
                results=evaluate_cluster(adapters.cluster_facts(cluster, kinds)),
            )
        )
    return described


def list_reviews(*, cluster: Organisation) -> list[ClusterReview]:
    return list(cluster.reviews.select_related("reviewer").order_by("-decided_at"))


def list_clusters(*, excluding: Collection[int] = ()) -> QuerySet[Organisation]:
    """Every cluster of the directory but ``excluding``, by name (id and name loaded): the
    clusters a partnership may invite."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.CLUSTER)
        .exclude(pk__in=list(excluding))
        .only("pk", "name", "country_id")
        .order_by("name")
    )
