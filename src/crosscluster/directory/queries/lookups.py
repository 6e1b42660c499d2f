"""Small reads other apps make of the directory (strategy, businessplan and regions reach the
directory only through these and the rest of ``directory.queries``)."""

from __future__ import annotations

from crosscluster.directory.models import Organisation


def find_organisation_id(*, slug: str | None) -> int | None:
    """The id of the organisation with this slug, or None (also for an empty slug)."""
    if not slug:
        return None
    return Organisation.objects.filter(slug=slug).values_list("pk", flat=True).first()
