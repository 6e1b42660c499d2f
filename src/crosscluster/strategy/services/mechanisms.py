"""Writes to the JIS's support mechanisms: what a regional (or national) government is to
implement, where (its country, its NUTS region) and by whom (the authority)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.core.validation import FieldErrors
from crosscluster.directory import queries as directory_queries
from crosscluster.partnerships.queries import AnyUser, require_coordinator
from crosscluster.strategy.models import MechanismKind, SupportMechanism
from crosscluster.strategy.services.common import (
    NOT_A_COORDINATOR,
    TEXT_LIMIT,
    _choice,
    _editable_strategy,
    _next_position,
)

if TYPE_CHECKING:
    from crosscluster.directory.models import Country, NutsRegion, Organisation
    from crosscluster.partnerships.models import Partnership


@dataclass(frozen=True)
class SupportMechanismInput:
    kind: str
    mechanism: str
    description: str = ""
    region_code: str = ""
    organisation_slug: str = ""
    authority: str = ""
    #: the country it serves (ISO code): a national mechanism's; with a region, the region
    #: must lie in it, and when it is empty the region's country is stored
    country_code: str = ""


def _region(code: str, errors: FieldErrors) -> NutsRegion | None:
    if not code:
        return None
    region = directory_queries.find_nuts_region(code=code)
    if region is None:
        errors.add(
            "region",
            _("Unknown NUTS region %(code)r: give a NUTS 2024 code such as ES51 or FR10.")
            % {"code": code},
        )
    return region


def _country(code: str, region: NutsRegion | None, errors: FieldErrors) -> Country | None:
    """The country given (checked: the region lies in it), else the region's."""
    if not code:
        if region is None:
            return None
        return directory_queries.find_country(code=directory_queries.region_country(region))
    country = directory_queries.find_country(code=code)
    if country is None:
        errors.add(
            "country",
            _("Unknown country %(code)r: give its ISO 3166 two-letter code, such as ES.")
            % {"code": code},
        )
    elif region is not None and not directory_queries.region_in_country(region, country.iso2):
        errors.add(
            "region",
            _(
                "Region: %(region)s is not in %(country)s. Choose one of %(country)s's "
                "regions from the list, or leave it empty."
            )
            % {
                "region": directory_queries.region_labels([region.code])[region.code][0],
                "country": country.display_name,
            },
        )
    return country


def save_support_mechanism(
    *,
    user: AnyUser,
    partnership: Partnership,
    data: SupportMechanismInput,
    mechanism: SupportMechanism | None = None,
) -> SupportMechanism:
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    name = errors.text(
        "mechanism", data.mechanism, limit=200, required=_("Name the support mechanism.")
    )
    description = errors.text("description", data.description, limit=TEXT_LIMIT)
    authority = errors.text("authority", data.authority, limit=200)
    _choice(errors, "kind", data.kind, MechanismKind.values)
    code = (data.region_code or "").strip().upper()
    region = _region(code, errors)
    organisation: Organisation | None = None
    slug = (data.organisation_slug or "").strip()
    if slug:
        organisation = directory_queries.find_organisation(slug=slug)
        if organisation is None:
            errors.add(
                "organisation",
                _(
                    "No organisation %(slug)r in the directory: give its slug (from its address in the directory) or write the authority's name instead."
                )
                % {"slug": slug},
            )
    country = _country((data.country_code or "").strip().upper(), region, errors)
    if not code and not slug and not authority:
        errors.add(
            "region",
            _("Say where: give the NUTS region, the authority's name, or its directory slug."),
        )
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        if mechanism is None:
            mechanism = SupportMechanism(
                strategy=strategy, position=_next_position(SupportMechanism, strategy)
            )
        mechanism.kind = data.kind
        mechanism.mechanism = name
        mechanism.description = description
        mechanism.country = country
        mechanism.region = region
        mechanism.organisation = organisation
        mechanism.authority = authority
        mechanism.save()
    return mechanism
