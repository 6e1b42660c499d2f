"""Who may do what with an organisation (reads the services check and ``permissions`` enforces)."""

from __future__ import annotations

from crosscluster.accounts.queries import (
    AnyUser,
    can_edit_organisation,
    can_manage_organisation,
    list_organisation_ids,
)
from crosscluster.directory.models import Organisation


def is_platform_administrator(user: AnyUser) -> bool:
    """Platform administrators: ``is_superuser`` (docs/architecture.md "Roles and permissions").
    Staff (``is_staff``) are not: they review clusters and open the admin, nothing more."""
    return bool(user.is_authenticated and user.is_superuser)


def can_review_clusters(user: AnyUser) -> bool:
    """Platform administrators and staff review cluster profiles."""
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff))


def can_edit(*, user: AnyUser, organisation: Organisation) -> bool:
    """Administrators and the organisation's own members (any role)."""
    return is_platform_administrator(user) or can_edit_organisation(
        user=user, organisation_id=organisation.pk
    )


def can_manage(*, user: AnyUser, organisation: Organisation) -> bool:
    """Administrators and the organisation's managers (members, reviews, invitations)."""
    return is_platform_administrator(user) or can_manage_organisation(
        user=user, organisation_id=organisation.pk
    )


def can_ask_to_join_for(*, user: AnyUser, organisation: Organisation) -> bool:
    """The organisation's own managers, who ask for it to join a cluster (and see the clusters
    it may ask to join). Administrators are not, unless they hold the role: they act through
    their own tools (the cluster's invitations, the admin)."""
    return organisation.pk in list_organisation_ids(user=user, roles=("manager",))


def can_edit_as_member(*, user: AnyUser, organisation: Organisation) -> bool:
    """The person works for the organisation (administrators are not members by default)."""
    return organisation.pk in list_organisation_ids(user=user)
