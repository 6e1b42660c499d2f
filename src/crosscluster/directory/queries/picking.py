"""Organisations as people pick them by name (a search box and a short list of matches, never a
typed id or slug), and a country's regions for a region picker that follows its country."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from crosscluster.core.countries import localise_country
from crosscluster.core.regions import NUTS_COUNTRY
from crosscluster.directory.models import NutsRegion, Organisation
from crosscluster.directory.queries.regions import region_choices
from crosscluster.directory.queries.search import SearchFilters, list_organisations, resolve_filters

#: matches a picker shows at most (type more of the name to narrow them)
PICK_LIMIT = 20


def pickable_organisations(
    *,
    kinds: Sequence[str] = (),
    exclude_ids: Collection[int] = (),
    among: QuerySet[Any] | None = None,
) -> QuerySet[Organisation]:
    """The organisations a picker may offer, and so the only ones its form accepts: those of
    ``kinds`` (every kind when empty) other than ``exclude_ids``, and only those whose id is in
    ``among`` (a query of ids, e.g. a partnership's organisations) when given."""
    organisations = Organisation.objects.all()
    if among is not None:
        organisations = organisations.filter(pk__in=among)
    if kinds:
        organisations = organisations.filter(kind__in=kinds)
    if exclude_ids:
        organisations = organisations.exclude(pk__in=exclude_ids)
    return organisations


def pick_label(organisation: Organisation) -> str:
    """``Name · City, Country`` (the country in the reader's language): enough to tell two
    organisations of one name apart."""
    country = localise_country(organisation.country_id, organisation.country.name)
    place = ", ".join(part for part in (organisation.city, country) if part)
    return f"{organisation.name} · {place}" if place else organisation.name


def pick_organisations(
    *,
    q: str,
    kinds: Sequence[str] = (),
    exclude_ids: Collection[int] = (),
    among: QuerySet[Any] | None = None,
    limit: int = PICK_LIMIT,
) -> list[Organisation]:
    """The pickable organisations whose text has every word of ``q`` (a prefix of a word is
    enough, as in the directory's search), in name order; none for an empty ``q``. A profile's
    address pasted instead (``https://…/directory/organisations/<slug>/``, from an e-mail or a
    chat) finds that organisation."""
    if not q.strip():
        return []
    if "/" in q:
        slug = q.strip().split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        pickable = pickable_organisations(kinds=kinds, exclude_ids=exclude_ids, among=among)
        return list(pickable.select_related("country").filter(slug=slug)[:1])
    resolved, _unknown = resolve_filters(filters=SearchFilters(q=q.strip()[:200]))
    if not resolved.terms and not resolved.countries:
        return []
    rows = list_organisations(filters=resolved).filter(
        pk__in=pickable_organisations(kinds=kinds, exclude_ids=exclude_ids, among=among).values(
            "pk"
        )
    )
    return list(rows[:limit])


def pick_choices(
    *,
    q: str,
    chosen: str = "",
    kinds: Sequence[str] = (),
    exclude_ids: Collection[int] = (),
    among: QuerySet[Any] | None = None,
) -> list[tuple[str, str]]:
    """(slug, label) a picker offers: the organisation ``chosen`` (a slug) first when it may be
    picked, then the matches of ``q``."""
    choices: list[tuple[str, str]] = []
    if chosen:
        found = (
            pickable_organisations(kinds=kinds, exclude_ids=exclude_ids, among=among)
            .select_related("country")
            .filter(slug=chosen)
            .first()
        )
        if found is not None:
            choices.append((found.slug, pick_label(found)))
    for organisation in pick_organisations(q=q, kinds=kinds, exclude_ids=exclude_ids, among=among):
        if organisation.slug != chosen:
            choices.append((organisation.slug, pick_label(organisation)))
    return choices


@dataclass(frozen=True)
class OrganisationPicker:
    """What a form's organisation picker accepts (``queryset``), lists for the words typed
    (``find(words, chosen)``) and asks the API as people type (``search_url``): one set of
    filters for all three."""

    queryset: QuerySet[Organisation]
    find: Callable[[str, str], list[tuple[str, str]]]
    search_url: str


def organisation_picker(
    *,
    picks: dict[str, str],
    exclude_ids: Collection[int] = (),
    among: QuerySet[Any] | None = None,
) -> OrganisationPicker:
    """A picker of the directory's organisations but ``exclude_ids``, only those whose id is in
    ``among`` when given; ``picks``: the same filters as the API's ``GET /organisations/picks``
    takes them (by slug)."""
    return OrganisationPicker(
        queryset=pickable_organisations(exclude_ids=exclude_ids, among=among),
        find=lambda words, chosen: pick_choices(
            q=words, chosen=chosen, exclude_ids=exclude_ids, among=among
        ),
        search_url=reverse("api-1.0.0:pick_organisations") + "?" + urlencode(picks),
    )


def country_region_choices(*, country: str) -> list[tuple[str, str]]:
    """(code, label) of the NUTS regions of ``country`` (ISO code), each under the one it is part
    of; none for an empty or unknown country (never every country's 1,500 regions)."""
    code = country.strip().upper()
    if (
        not code
        or not NutsRegion.objects.filter(country_code=NUTS_COUNTRY.get(code, code)).exists()
    ):
        return []
    return [option for _country, options in region_choices(country=code) for option in options]
