"""The only way a view obtains a partnership it must protect."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from crosscluster.partnerships import queries
from crosscluster.partnerships.models import Partnership
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
        raise PermissionDenied("Only the partnership's coordinators may edit it.")
    return partnership
