"""The only way a page or the API obtains a cluster to import into, or an import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import AnyUser
from crosscluster.core.throttling import ExpensiveReadThrottle
from crosscluster.imports import queries
from crosscluster.imports.models import OrganisationImport

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation


#: an upload stores up to 50 MB and queues a check of every row: 20 an hour per person (or
#: address), the page and the API together
UPLOAD_THROTTLE = ExpensiveReadThrottle(scope="imports-upload", rate="20/h")


def access_cluster_for_import(*, user: AnyUser, slug: str) -> Organisation:
    """404 for an unknown organisation, 403 when ``user`` may not add members to it."""
    cluster = queries.find_cluster(slug=slug)
    if cluster is None:
        raise Http404(_("No such organisation."))
    if not queries.can_import_into(user=user, cluster=cluster):
        raise PermissionDenied(
            _(
                "Only the cluster's managers, the coordinators of its partnerships and administrators import members into a cluster."
            )
        )
    return cluster


def access_import(*, user: AnyUser, import_id: str) -> OrganisationImport:
    """Only the person who uploaded it sees an import (everyone else: 404)."""
    found = queries.find_import(import_id=import_id)
    if found is None or not user.is_authenticated or found.requested_by_id != user.pk:
        raise Http404(_("No such import."))
    return found
