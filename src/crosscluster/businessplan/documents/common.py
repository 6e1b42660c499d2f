"""What the business plan's documents share: the snapshot they are rendered from (plain dicts
from ``queries.build_snapshot``), their file names, title and identity line, and labels."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.http import Http404

from crosscluster.businessplan import permissions, queries
from crosscluster.partnerships.queries import AnyUser

STATUS_LABELS = {"planned": "Planned", "applied": "Applied for", "granted": "Granted",
                 "rejected": "Rejected"}  # fmt: skip
SEVERITY_LABELS = {"ok": "OK", "warning": "Warning", "error": "Error"}


def build_export_snapshot(*, user: AnyUser, slug: str, today: date) -> dict[str, Any]:
    """The plan as the user may see it (raises Http404/PermissionDenied like the pages)."""
    access = permissions.access_plan(user=user, slug=slug)
    view = queries.view_plan(partnership=access.partnership, standing=access.standing, today=today)
    if view.plan is None:
        raise Http404("The partnership has no business plan yet.")
    return queries.build_snapshot(view)


def file_name(snapshot: Mapping[str, Any], extension: str) -> str:
    partnership = snapshot["partnership"]
    stem = (partnership["acronym"] or partnership["slug"]).replace(" ", "-")
    return f"{stem}-business-plan-{snapshot['first_year']}-{snapshot['last_year']}.{extension}"


def title_of(snapshot: Mapping[str, Any]) -> str:
    return f"Business plan {snapshot['first_year']}-{snapshot['last_year']}"


def identity_line(snapshot: Mapping[str, Any]) -> str:
    identity = snapshot["partnership"]
    return (
        f"{identity['name']}" + (f" ({identity['acronym']})" if identity["acronym"] else "")
        + f". {identity['kind']}, coordinated by {identity['coordinator']} "
        f"({identity['coordinator_country']})."
    )  # fmt: skip
