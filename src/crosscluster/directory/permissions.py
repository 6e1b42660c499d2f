"""The only way a view obtains an organisation it must protect."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from crosscluster.accounts.queries import can_edit_organisation, can_manage_organisation
from crosscluster.directory import queries
from crosscluster.directory.models import Organisation
from crosscluster.directory.queries import AnyUser


def is_platform_administrator(user: AnyUser) -> bool:
    """Platform administrators: superusers and staff."""
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


def access_organisation_for_edit(*, user: AnyUser, slug: str) -> Organisation:
    """The organisation if the user may edit it; else 404 (unknown) or 403."""
    organisation = queries.get_organisation(slug=slug)
    if not can_edit(user=user, organisation=organisation):
        raise PermissionDenied("Only members of this organisation (or administrators) may edit it.")
    return organisation


def access_cluster_for_management(*, user: AnyUser, slug: str) -> Organisation:
    """A cluster its managers (or administrators) may submit for review or add members to."""
    organisation = queries.get_organisation(slug=slug)
    if not organisation.is_cluster:
        raise Http404("No such cluster.")
    if not can_manage(user=user, organisation=organisation):
        raise PermissionDenied("Only the cluster's managers (or administrators) may do this.")
    return organisation


def check_platform_administrator(user: AnyUser) -> None:
    if not is_platform_administrator(user):
        raise PermissionDenied("Only platform administrators review clusters.")


def access_cluster_for_review(*, user: AnyUser, slug: str) -> Organisation:
    """A cluster, for platform administrators only."""
    check_platform_administrator(user)
    organisation = queries.get_organisation(slug=slug)
    if not organisation.is_cluster:
        raise Http404("No such cluster.")
    return organisation
