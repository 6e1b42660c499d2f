"""The only way a view obtains an export: who asked sees it; nobody else learns it exists."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.accounts.queries import AnyUser
from crosscluster.core.throttling import ExpensiveReadThrottle
from crosscluster.exports import queries, registry
from crosscluster.exports.models import Export

# Asking is cheap (an unchanged document is made once and shared), making is not: a person (or,
# for a visitor, an address) may ask for at most 60 documents an hour, the page and the API
# together; a repeated request for an unchanged document counts too.
REQUEST_THROTTLE = ExpensiveReadThrottle(scope="exports-request", rate="60/h")

NOT_FOUND = gettext_lazy("No such export (an export is shown only to the person who asked for it).")


def access_export(*, user: AnyUser, export_id: uuid.UUID | str) -> Export:
    """The export if ``user`` asked for it; a visitor's export (public content) to anyone with its
    unguessable id. 404 otherwise, and for ids that are not UUIDs."""
    try:
        key = uuid.UUID(str(export_id))
    except ValueError:
        raise Http404(NOT_FOUND) from None
    export = queries.find_export(export_id=key)
    if export is None:
        raise Http404(NOT_FOUND)
    if export.requested_by_id is None:
        return export
    if not user.is_authenticated or export.requested_by_id != user.pk:
        raise Http404(NOT_FOUND)
    return export


def access_kind_for_request(*, user: AnyUser, kind: registry.ExportKind, subject: str) -> None:
    """404 unless ``user`` may export ``subject`` (what they may not see, they cannot export)."""
    if not kind.can_request(user, subject):
        raise Http404(
            _("Nothing to export as “%(label)s” for %(subject)r.")
            % {"label": kind.label, "subject": subject}
        )
