"""Reads about organisations one at a time, and the sets other apps build on them.

A missing organisation is ``Organisation.DoesNotExist``: ``permissions`` and the views turn it
into a 404.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from crosscluster.core.countries import by_local_name
from crosscluster.directory.models import (
    Country,
    DataSource,
    Organisation,
    OrganisationKind,
    OrganisationTag,
)


def get_organisation_by_id(*, organisation_id: int) -> Organisation:
    organisation = Organisation.objects.select_related("country").filter(pk=organisation_id).first()
    if organisation is None:
        raise Organisation.DoesNotExist(_("No such organisation."))
    return organisation


def get_organisation(*, slug: str) -> Organisation:
    organisation = (
        Organisation.objects.select_related("country", "nuts_region").filter(slug=slug).first()
    )
    if organisation is None:
        raise Organisation.DoesNotExist(_("No such organisation."))
    return organisation


def cite_source(*, organisation: Organisation) -> str:
    """ "Source: European Commission, EDIH catalogue, 2025", or "Source: Entered by its members",
    in the reader's language (the vintage and the reference are data, shown as stored)."""
    parts = [str(DataSource(organisation.source).label)]
    if organisation.source_vintage:
        parts.append(organisation.source_vintage)
    citation = _("Source: %(source)s") % {"source": ", ".join(parts)}
    if organisation.source_reference:
        citation += f" ({organisation.source_reference})"
    return citation


def list_organisations_by_id(*, organisation_ids: Iterable[int]) -> dict[int, Organisation]:
    """Organisations by id, with their slug and name only (for links)."""
    return {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(pk__in=list(organisation_ids)).only(
            "slug", "name"
        )
    }


def organisations_among(*, organisation_ids: QuerySet[Any]) -> QuerySet[Organisation]:
    """The organisations whose ids a subquery gives (one query when evaluated)."""
    return Organisation.objects.filter(pk__in=organisation_ids)


def count_organisations_and_smes(*, organisation_ids: QuerySet[Any]) -> tuple[int, int]:
    """(organisations, of which SMEs) among the ids a subquery gives; one query."""
    counted = organisations_among(organisation_ids=organisation_ids).aggregate(
        total=Count("pk"), smes=Count("pk", filter=Q(kind=OrganisationKind.SME))
    )
    return counted["total"] or 0, counted["smes"] or 0


def list_countries(*, codes: Iterable[str]) -> list[Country]:
    """The known countries among ISO 3166 alpha-2 ``codes`` (unknown codes are left out)."""
    return list(Country.objects.filter(pk__in=list(codes)))


def get_country(*, code: str) -> Country:
    """The country with this ISO 3166 alpha-2 code; ``Country.DoesNotExist`` otherwise."""
    return Country.objects.get(pk=code)


def list_organisation_choices(
    *, ids: Iterable[int] | QuerySet[Any], including: int | None = None
) -> QuerySet[Organisation]:
    """Organisations with these ids (a subquery works), plus ``including``, by name: a form's
    choices (only the id and name are loaded)."""
    chosen = Q(pk__in=ids)
    if including is not None:
        chosen |= Q(pk=including)
    return Organisation.objects.filter(chosen).only("pk", "name").order_by("name")


def country_choices() -> list[tuple[str, str]]:
    """(ISO code, name in the reader's language) of every country, by that name: a country
    picker whose submitted value stays the code."""
    return by_local_name(
        (country.iso2, country.display_name) for country in Country.objects.only("iso2", "name")
    )


def list_countries_by_name() -> QuerySet[Country]:
    """Every country, in name order (choices of a form)."""
    return Country.objects.order_by("name")


def organisations_by_name(*, organisation_ids: Collection[int] | None) -> QuerySet[Organisation]:
    """Organisations in name order: those with these ids, or every one (``None``)."""
    organisations = Organisation.objects.order_by("name")
    if organisation_ids is None:
        return organisations
    return organisations.filter(pk__in=organisation_ids)


#: directory organisations that serve needs as providers (the marketplace matches them)
PROVIDER_KINDS = (
    OrganisationKind.SME,
    OrganisationKind.RESEARCH,
    OrganisationKind.INNOVATION_HUB,
    OrganisationKind.LARGE_COMPANY,
)


@dataclass(frozen=True)
class ProviderRow:
    """A provider organisation as plain values: what the marketplace's matching reads."""

    pk: int
    name: str
    description: str
    country_id: str
    #: (facet, label, level) of each of its tags, in taxonomy order (the tags' ids)
    tags: tuple[tuple[str, str, int], ...]


def list_provider_rows(*, organisation_ids: Collection[int] | None = None) -> list[ProviderRow]:
    """Every provider organisation (``PROVIDER_KINDS``; or those among ``organisation_ids``) with
    its tags, as plain values in id order: two queries and no model instances (the matching
    worker reads ~2,300 organisations and ~12,000 tags at each pass)."""
    organisations = Organisation.objects.filter(kind__in=PROVIDER_KINDS)
    links = OrganisationTag.objects.filter(organisation__kind__in=PROVIDER_KINDS)
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=list(organisation_ids))
        links = links.filter(organisation_id__in=list(organisation_ids))
    tags: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for organisation_id, facet, label, level in links.order_by("organisation", "tag").values_list(
        "organisation_id", "tag__facet", "tag__label", "level"
    ):
        tags[organisation_id].append((facet, label, level))
    return [
        ProviderRow(pk, name, description, country_id, tuple(tags.get(pk, ())))
        for pk, name, description, country_id in organisations.order_by("pk").values_list(
            "pk", "name", "description", "country_id"
        )
    ]
