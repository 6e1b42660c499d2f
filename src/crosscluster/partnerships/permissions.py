"""The only way a view obtains a partnership it must protect."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from crosscluster.directory import queries as directory_queries
from crosscluster.partnerships import queries
from crosscluster.partnerships.models import PartnerInvitation, Partnership, WorkItem, WorkPackage
from crosscluster.partnerships.queries import AnyUser


def access_partnership(*, user: AnyUser, slug: str) -> Partnership:
    """The partnership if the user may see it; 404 otherwise (hidden and missing look alike)."""
    try:
        return queries.get_partnership(user=user, slug=slug)
    except Partnership.DoesNotExist as error:
        raise Http404(str(error)) from error


def access_partnership_for_edit(*, user: AnyUser, slug: str) -> Partnership:
    """The partnership if the user coordinates it (or administers the platform); else 403/404."""
    partnership = access_partnership(user=user, slug=slug)
    if not queries.is_coordinator(user=user, partnership=partnership):
        raise PermissionDenied(_("Only the partnership's coordinators may edit it."))
    return partnership


def access_partner_invitation(*, user: AnyUser, invitation_id: int) -> PartnerInvitation:
    """An invitation addressed to a cluster the user manages (or any, for administrators); 404
    otherwise: others may not learn whom a partnership invites."""
    try:
        invitation = queries.get_partner_invitation(invitation_id=invitation_id)
    except PartnerInvitation.DoesNotExist as error:
        raise Http404(_("No such invitation.")) from error
    if not directory_queries.can_manage(user=user, organisation=invitation.organisation):
        raise Http404(_("No such invitation."))
    return invitation


def access_partnership_for_approval(*, user: AnyUser, slug: str) -> Partnership:
    """Any partnership, for a platform administrator; 404 for a partnership the user may not see,
    403 for one they see but may not approve."""
    partnership = access_partnership(user=user, slug=slug)
    if not queries.is_platform_administrator(user=user):
        raise PermissionDenied(_("Only a platform administrator approves partnerships."))
    return partnership


def access_work_package_for_edit(*, user: AnyUser, slug: str, number: int) -> WorkPackage:
    partnership = access_partnership_for_edit(user=user, slug=slug)
    try:
        return queries.get_work_package(partnership=partnership, number=number)
    except WorkPackage.DoesNotExist as error:
        raise Http404(
            _("%(partnership)s has no WP%(number)s.")
            % {"partnership": partnership, "number": number}
        ) from error


def access_work_item_for_edit(*, user: AnyUser, slug: str, item_id: int) -> WorkItem:
    """A work-plan item of this partnership, for its coordinators; 404 for an item of another."""
    partnership = access_partnership_for_edit(user=user, slug=slug)
    try:
        return queries.get_work_item(partnership=partnership, item_id=item_id)
    except WorkItem.DoesNotExist as error:
        raise Http404(_("No such item in this partnership's work plan.")) from error


def list_partnerships_to_approve(*, user: AnyUser) -> QuerySet[Partnership]:
    if not queries.is_platform_administrator(user=user):
        raise PermissionDenied(_("Only a platform administrator approves partnerships."))
    return queries.list_partnerships_awaiting_approval()
