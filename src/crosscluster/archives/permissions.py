"""The only way a page, the API or the export worker obtains a partnership to archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from crosscluster.accounts.queries import AnyUser
from crosscluster.archives import queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


def access_partnership_to_export(user: AnyUser, slug: str) -> Partnership:
    """404 for a partnership ``user`` may not see; 403 unless they coordinate it (or administer
    the platform)."""
    try:
        partnership = queries.get_partnership_to_export(user=user, slug=slug)
    except ObjectDoesNotExist as error:
        raise Http404("No such partnership.") from error
    if not queries.can_export(user=user, partnership=partnership):
        raise PermissionDenied(
            "Only the partnership's coordinators and platform administrators export its archive."
        )
    return partnership


def require_importer(user: AnyUser) -> None:
    """403 unless ``user`` administers the platform."""
    if not queries.can_import(user=user):
        raise PermissionDenied("Only platform administrators import a partnership archive.")
