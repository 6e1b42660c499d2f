"""Reads about partnerships: visibility, standing of a viewer, counts, work plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from crosscluster.accounts.models import User
from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.core.choices import Visibility
from crosscluster.directory.models import ClusterMembership, Organisation, OrganisationKind
from crosscluster.engines.workplan import Progress, compute_progress
from crosscluster.partnerships.adapters import work_items_from_rows
from crosscluster.partnerships.models import (
    Partnership,
    PartnershipCoordinator,
    PartnershipMember,
    WorkItem,
)

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Standing:
    """What a viewer is to a partnership."""

    is_coordinator: bool
    is_member: bool  # works for a partner organisation or for a member of a partner cluster

    def visibilities(self) -> list[str]:
        levels = [Visibility.PUBLIC.value]
        if self.is_member or self.is_coordinator:
            levels.append(Visibility.PARTNERSHIP.value)
        if self.is_coordinator:
            levels.append(Visibility.PRIVATE.value)
        return levels


def get_standing(*, user: AnyUser, partnership_id: int) -> Standing:
    if not user.is_authenticated:
        return Standing(is_coordinator=False, is_member=False)
    if user.is_superuser:
        return Standing(is_coordinator=True, is_member=True)
    is_coordinator = PartnershipCoordinator.objects.filter(
        partnership_id=partnership_id, user_id=user.pk
    ).exists()
    organisation_ids = list_organisation_ids(user=user)
    partner_ids = set(
        PartnershipMember.objects.filter(partnership_id=partnership_id).values_list(
            "organisation_id", flat=True
        )
    )
    is_member = (
        bool(organisation_ids & partner_ids)
        or ClusterMembership.objects.filter(
            cluster_id__in=partner_ids, member_id__in=organisation_ids
        ).exists()
    )
    return Standing(is_coordinator=is_coordinator, is_member=is_member)


def list_partnerships(*, user: AnyUser) -> QuerySet[Partnership]:
    partnerships = Partnership.objects.select_related("coordinator").order_by("name")
    if user.is_authenticated and user.is_superuser:
        return partnerships
    if user.is_authenticated:
        return partnerships.filter(
            Q(is_public=True) | Q(coordinator_users__user_id=user.pk)
        ).distinct()
    return partnerships.filter(is_public=True)


def get_partnership(*, user: AnyUser, slug: str) -> Partnership:
    """A partnership the viewer may see, with what the page needs; 404 otherwise."""
    partnership = (
        list_partnerships(user=user)
        .select_related("coordinator__country")
        .prefetch_related("target_countries", "focus_areas")
        .filter(slug=slug)
        .first()
    )
    if partnership is None:
        raise Http404("No such partnership.")
    return partnership


def list_partner_organisations(*, partnership: Partnership) -> list[PartnershipMember]:
    """Partners with their country and the number of members each brings."""
    return list(
        PartnershipMember.objects.filter(partnership=partnership)
        .select_related("organisation__country", "organisation__nuts_region")
        .annotate(member_count=Count("organisation__cluster_members", distinct=True))
        .order_by("-role", "organisation__name")
    )


def involved_organisation_ids(*, partnership: Partnership) -> QuerySet[Any]:
    """Ids of the partner organisations and of the members of partner clusters (one subquery).

    A UNION of ids, so that no database reads the organisation table to build the set.
    """
    partner_ids = PartnershipMember.objects.filter(partnership=partnership).values(
        "organisation_id"
    )
    member_ids = ClusterMembership.objects.filter(cluster_id__in=partner_ids).values("member_id")
    return partner_ids.union(member_ids)


def involved_organisations(*, partnership: Partnership) -> QuerySet[Organisation]:
    """Partner organisations and the members of partner clusters."""
    return Organisation.objects.filter(pk__in=involved_organisation_ids(partnership=partnership))


@dataclass(frozen=True)
class PartnershipCounts:
    partners: int
    smes: int
    organisations: int


def count_involvement(*, partnership: Partnership) -> PartnershipCounts:
    """Partners and SMEs involved, counted from the directory (never typed in)."""
    partners = PartnershipMember.objects.filter(partnership=partnership).count()
    involved = involved_organisations(partnership=partnership).aggregate(
        total=Count("pk"), smes=Count("pk", filter=Q(kind=OrganisationKind.SME))
    )
    return PartnershipCounts(
        partners=partners, smes=involved["smes"] or 0, organisations=involved["total"] or 0
    )


def get_work_plan_progress(*, partnership: Partnership, today: date) -> Progress:
    rows = WorkItem.objects.filter(work_package__partnership=partnership).select_related(
        "work_package"
    )
    return compute_progress(work_items_from_rows(rows), today=today)


def list_work_packages(*, partnership: Partnership) -> list[object]:
    return list(
        partnership.work_packages.select_related("leader")
        .prefetch_related(Prefetch("items", queryset=WorkItem.objects.order_by("due_date", "code")))
        .order_by("number")
    )


def is_coordinator(*, user: AnyUser, partnership: Partnership) -> bool:
    return get_standing(user=user, partnership_id=partnership.pk).is_coordinator


def visibility_filter(*, user: AnyUser) -> Q:
    """Rows with ``partnership`` and ``visibility`` fields that ``user`` may see, across partnerships.

    The rule of ``Standing.visibilities()`` written as one filter (subqueries, no per-partnership
    queries): the partnership itself must be visible (``list_partnerships``); then public rows,
    partnership-only rows where the user works for a partner or for a member of a partner
    cluster, and every row of the partnerships the user coordinates.
    """
    if user.is_authenticated and user.is_superuser:
        return Q()
    levels = Q(visibility=Visibility.PUBLIC)
    if user.is_authenticated:
        organisation_ids = list_organisation_ids(user=user)
        clusters_joined = ClusterMembership.objects.filter(member_id__in=organisation_ids).values(
            "cluster_id"
        )
        member_of = PartnershipMember.objects.filter(
            Q(organisation_id__in=organisation_ids) | Q(organisation_id__in=clusters_joined)
        ).values("partnership_id")
        coordinator_of = PartnershipCoordinator.objects.filter(user_id=user.pk).values(
            "partnership_id"
        )
        levels |= Q(visibility=Visibility.PARTNERSHIP, partnership_id__in=member_of)
        levels |= Q(partnership_id__in=coordinator_of)
    return Q(partnership_id__in=list_partnerships(user=user).values("pk")) & levels


def require_coordinator(*, user: AnyUser, partnership_id: int, message: str) -> None:
    """Raise ``PermissionDenied(message)`` unless ``user`` coordinates the partnership."""
    if not get_standing(user=user, partnership_id=partnership_id).is_coordinator:
        raise PermissionDenied(message)
