"""Reading the API's names (tags, countries, partnerships) into objects, naming bad ones."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from crosscluster.directory import queries as directory_queries
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from crosscluster.directory.models import Country, Tag
    from crosscluster.partnerships.models import Partnership

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- parsing helpers (API)


def resolve_tags(*, facet: str, labels: Sequence[str]) -> list[Tag]:
    """Tags of ``facet`` named exactly as in the EDIH vocabulary; unknown ones name the field."""
    wanted = list(dict.fromkeys(label.strip() for label in labels if label.strip()))
    found = {tag.label.casefold(): tag for tag in directory_queries.list_tags(facet=facet)}
    missing = [label for label in wanted if label.casefold() not in found]
    if missing:
        raise ValidationError(
            {
                facet: [
                    _(
                        "Unknown %(facet)s label %(choices)s; use labels exactly as in the EDIH taxonomy (GET /api/v1/organisations/taxonomy lists them)."
                    )
                    % {"facet": facet, "choices": ", ".join(map(repr, missing))}
                ]
            }
        )
    return [found[label.casefold()] for label in wanted]


def resolve_countries(*, codes: Sequence[str]) -> list[Country]:
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))
    found = {country.iso2: country for country in directory_queries.list_countries(codes=wanted)}
    missing = [code for code in wanted if code not in found]
    if missing:
        raise ValidationError(
            {
                "target_countries": [
                    _(
                        "Unknown country code %(choices)s; use ISO 3166 alpha-2 codes such as DE, IT or SE."
                    )
                    % {"choices": ", ".join(map(repr, missing))}
                ]
            }
        )
    return [found[code] for code in wanted]


def resolve_partnership(*, user: AnyUser, slug: str | None) -> Partnership | None:
    if not slug:
        return None
    partnership = partnership_queries.list_partnerships(user=user).filter(slug=slug).first()
    if partnership is None:
        raise ValidationError(
            {
                "partnership": [
                    _("No partnership %(slug)r; give the slug of one you can see, or none.")
                    % {"slug": slug}
                ]
            }
        )
    return partnership
