"""What the business plan's documents share: the snapshot they are rendered from (plain dicts
from ``queries.build_snapshot``), their file names, title and identity line, and labels."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from crosscluster.businessplan import permissions, queries, wording
from crosscluster.businessplan.models import FinancingStatus
from crosscluster.core.documents.names import document_file_name
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

#: read in the active language (lazy): the export worker renders in the requester's language
STATUS_LABELS: dict[str, _StrOrPromise] = dict(FinancingStatus.choices)
SEVERITY_LABELS: dict[str, _StrOrPromise] = {
    "ok": gettext_lazy("OK"),
    "warning": gettext_lazy("Warning"),
    "error": gettext_lazy("Error"),
}


def build_export_snapshot(*, user: AnyUser, slug: str, today: date) -> dict[str, Any]:
    """The plan as the user may see it (raises Http404/PermissionDenied like the pages)."""
    access = permissions.access_plan(user=user, slug=slug)
    view = queries.view_plan(partnership=access.partnership, standing=access.standing, today=today)
    if view.plan is None:
        raise Http404(gettext("The partnership has no business plan yet."))
    return queries.build_snapshot(view)


def worded_checks(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's checks with their texts in the active language (the requester's)."""
    return [wording.check(result) for result in snapshot["checks"]]


def file_name(snapshot: Mapping[str, Any], extension: str) -> str:
    """``TDA-business-plan-2026-2027.xlsx``, its words in the active language
    (``TDA-geschäftsplan-2026-2027.xlsx``)."""
    partnership = snapshot["partnership"]
    return document_file_name(
        gettext("Business plan"),
        f"{snapshot['first_year']}-{snapshot['last_year']}",
        subject=partnership["acronym"] or partnership["slug"],
        extension=extension,
    )


def title_of(snapshot: Mapping[str, Any]) -> str:
    return gettext("Business plan %(first)s-%(last)s") % {
        "first": snapshot["first_year"],
        "last": snapshot["last_year"],
    }


def identity_line(snapshot: Mapping[str, Any]) -> str:
    identity = snapshot["partnership"]
    name = identity["name"] + (f" ({identity['acronym']})" if identity["acronym"] else "")
    return gettext("%(name)s. %(kind)s, coordinated by %(coordinator)s (%(country)s).") % {
        "name": name,
        "kind": identity["kind"],
        "coordinator": identity["coordinator"],
        "country": identity["coordinator_country"],
    }
