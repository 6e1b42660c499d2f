"""The only way a page, the API or the export worker obtains a partnership to archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import AnyUser
from crosscluster.archives import queries
from crosscluster.archives.models import ArchiveImport

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


def access_partnership_to_export(user: AnyUser, slug: str) -> Partnership:
    """404 for a partnership ``user`` may not see; 403 unless they coordinate it (or administer
    the platform)."""
    try:
        partnership = queries.get_partnership_to_export(user=user, slug=slug)
    except ObjectDoesNotExist as error:
        raise Http404(_("No such partnership.")) from error
    if not queries.can_export(user=user, partnership=partnership):
        raise PermissionDenied(
            _("Only the partnership's coordinators and platform administrators export its archive.")
        )
    return partnership


def require_importer(user: AnyUser) -> None:
    """403 unless ``user`` administers the platform."""
    if not queries.can_import(user=user):
        raise PermissionDenied(_("Only platform administrators import a partnership archive."))


def access_import(*, user: AnyUser, import_id: str) -> ArchiveImport:
    """Only the administrator who uploaded it sees an import (everyone else: 404)."""
    found = queries.find_import(import_id=import_id)
    if found is None or not user.is_authenticated or found.requested_by_id != user.pk:
        raise Http404(_("No such import."))
    return found
