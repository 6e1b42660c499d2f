"""The only way a view obtains an organisation it must protect."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import AnyUser
from crosscluster.directory import queries
from crosscluster.directory.models import ClusterJoinRequest, Organisation, OrganisationClaim
from crosscluster.directory.queries import (
    can_edit,
    can_manage,
    can_review_clusters,
    is_platform_administrator,
)

__all__ = [
    "access_claim_for_decision",
    "access_cluster_for_management",
    "access_cluster_for_review",
    "access_join_request",
    "access_organisation",
    "access_organisation_for_edit",
    "access_organisation_for_joining",
    "can_edit",
    "can_manage",
    "check_platform_administrator",
    "is_platform_administrator",
]


def access_organisation(*, slug: str) -> Organisation:
    """Any organisation (profiles are public); 404 when there is none with this slug."""
    try:
        return queries.get_organisation(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404(str(error)) from error


def access_organisation_for_edit(*, user: AnyUser, slug: str) -> Organisation:
    """The organisation if the user may edit it; else 404 (unknown) or 403."""
    organisation = access_organisation(slug=slug)
    if not can_edit(user=user, organisation=organisation):
        raise PermissionDenied(
            _("Only members of this organisation (or administrators) may edit it.")
        )
    return organisation


def access_organisation_for_joining(*, user: AnyUser, slug: str) -> Organisation:
    """An organisation its own managers ask for to join a cluster (administrators act through
    their own tools); else 404 (unknown) or 403."""
    organisation = access_organisation(slug=slug)
    if not queries.can_ask_to_join_for(user=user, organisation=organisation):
        raise PermissionDenied(
            _("Only the managers of %(name)s may ask for it to join a cluster.")
            % {"name": organisation.name}
        )
    return organisation


def access_cluster_for_management(*, user: AnyUser, slug: str) -> Organisation:
    """A cluster its managers (or administrators) may submit for review or add members to."""
    organisation = access_organisation(slug=slug)
    if not organisation.is_cluster:
        raise Http404(_("No such cluster."))
    if not can_manage(user=user, organisation=organisation):
        raise PermissionDenied(_("Only the cluster's managers (or administrators) may do this."))
    return organisation


def check_platform_administrator(user: AnyUser) -> None:
    """For the cluster review pages: administrators and staff (``can_review_clusters``)."""
    if not can_review_clusters(user):
        raise PermissionDenied(_("Only platform administrators and staff review clusters."))


def access_cluster_for_review(*, user: AnyUser, slug: str) -> Organisation:
    """A cluster, for platform administrators only."""
    check_platform_administrator(user)
    organisation = access_organisation(slug=slug)
    if not organisation.is_cluster:
        raise Http404(_("No such cluster."))
    return organisation


def access_claim_for_decision(*, user: AnyUser, claim_id: int) -> OrganisationClaim:
    """A pending or decided claim, for those who decide it; else 404 (it is not public)."""
    try:
        claim = queries.get_claim(claim_id=claim_id)
    except OrganisationClaim.DoesNotExist as error:
        raise Http404(_("No such claim.")) from error
    if not queries.can_decide_claim(user=user, claim=claim):
        raise Http404(_("No such claim."))
    return claim


def access_own_claim(*, user: AnyUser, claim_id: int) -> OrganisationClaim:
    """A claim of the user's own (to withdraw it); 404 for anyone else's."""
    try:
        claim = queries.get_claim(claim_id=claim_id)
    except OrganisationClaim.DoesNotExist as error:
        raise Http404(_("No such claim.")) from error
    if not user.is_authenticated or claim.claimant_id != user.pk:
        raise Http404(_("No such claim."))
    return claim


def access_join_request(*, user: AnyUser, join_request_id: int) -> ClusterJoinRequest:
    """A request to join (or an invitation) for either side's managers; 404 for others,
    403 for the side that waits for the other's decision (checked by the service)."""
    try:
        join_request = queries.get_join_request(join_request_id=join_request_id)
    except ClusterJoinRequest.DoesNotExist as error:
        raise Http404(_("No such request.")) from error
    if not queries.can_see_join_request(user=user, join_request=join_request):
        raise Http404(_("No such request."))
    return join_request
