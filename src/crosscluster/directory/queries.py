"""Reads about organisations."""

from __future__ import annotations

from django.http import Http404

from crosscluster.directory.models import Organisation


def get_organisation_by_id(*, organisation_id: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def get_organisation(*, slug: str) -> Organisation:
    organisation = (
        Organisation.objects.select_related("country", "nuts_region").filter(slug=slug).first()
    )
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation
