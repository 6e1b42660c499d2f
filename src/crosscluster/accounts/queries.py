"""Reads about people and their roles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from crosscluster.accounts.models import ApiToken, OrganisationMembership, OrganisationRole, User

AnyUser = User | AnonymousUser


def list_organisation_ids(*, user: AnyUser, roles: tuple[str, ...] | None = None) -> set[int]:
    if not user.is_authenticated:
        return set()
    memberships = OrganisationMembership.objects.filter(user_id=user.pk)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return set(memberships.values_list("organisation_id", flat=True))


def can_edit_organisation(*, user: AnyUser, organisation_id: int) -> bool:
    """Administrators, and members of the organisation itself (any role)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return OrganisationMembership.objects.filter(
        user_id=user.pk, organisation_id=organisation_id
    ).exists()


def can_manage_organisation(*, user: AnyUser, organisation_id: int) -> bool:
    """Administrators and the organisation's managers (invite colleagues, change roles)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return OrganisationMembership.objects.filter(
        user_id=user.pk, organisation_id=organisation_id, role=OrganisationRole.MANAGER
    ).exists()


def list_memberships(*, user: User) -> QuerySet[OrganisationMembership]:
    return OrganisationMembership.objects.filter(user=user).select_related("organisation")


def list_api_tokens(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


def list_people_of_organisation(*, organisation_id: int) -> list[User]:
    """The active people who work for an organisation (any role)."""
    return list(
        User.objects.filter(
            organisation_memberships__organisation_id=organisation_id, is_active=True
        ).distinct()
    )


def list_active_users(*, user_ids: QuerySet[Any]) -> list[User]:
    """The active people among the ids a subquery gives."""
    return list(User.objects.filter(pk__in=user_ids, is_active=True).distinct())
