"""Faceted search of the directory.

Search semantics: values of one facet are alternatives (OR), facets combine (AND), and each
facet's counts apply every other filter but its own, so a count says how many results that value
would give next to the current choice. ``search_directory`` answers a page in a fixed number of
queries (at most 11, whatever the size of the directory); see docs/directory.md for the plan.

A search may be limited to the organisations of a partnership: the caller resolves the
partnership (the partnerships app knows who may see which) into a ``PartnershipScope``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from crosscluster.core.countries import countries_by_word, localise_country
from crosscluster.directory import search_index
from crosscluster.directory.models import (
    Country,
    Facet,
    NutsRegion,
    Organisation,
    OrganisationKind,
    OrganisationTag,
    Tag,
)
from crosscluster.directory.queries.pages import PageLink, page_links
from crosscluster.directory.queries.regions import by_group_name, region_labels
from crosscluster.directory.queries.relevance import order_by_relevance
from crosscluster.directory.queries.tags import TagLevel

PAGE_SIZE = 25
TOP_TAGS = 3
MAX_VALUES_PER_FACET = 20
SHOWN_COUNTRIES = 40
SHOWN_REGIONS = 20
# Above this many matches SQLite reads the name index and checks each row, instead of sorting
# every match by name (see _order_page).
BROAD_MATCH = 5000


# ------------------------------------------------------------------------------------ filters
@dataclass(frozen=True)
class SearchFilters:
    """What the visitor asked for, as given (``type`` is the organisation kind)."""

    q: str = ""
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()  # tag slugs
    sectors: tuple[str, ...] = ()  # tag slugs
    partnership: str = ""  # slug


@dataclass(frozen=True)
class PartnershipScope:
    """The organisations of a partnership the viewer may see: its partners and their members."""

    slug: str
    name: str
    organisation_ids: QuerySet[Any] = field(repr=False, compare=False)  # one subquery of ids


@dataclass(frozen=True)
class ResolvedFilters:
    """Filters checked against the database: known values only, tags as ids."""

    q: str
    terms: tuple[str, ...]
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    kinds: tuple[str, ...]
    technology_ids: tuple[int, ...]
    sector_ids: tuple[int, ...]
    partnership: PartnershipScope | None
    vocabulary: dict[int, Tag] = field(repr=False, compare=False)
    #: with words, these first (a subquery: the partners of the viewer's partnerships)
    first_ids: QuerySet[Any] | None = field(default=None, repr=False, compare=False)


def _tags_by_slug(vocabulary: Iterable[Tag], facet: str) -> dict[str, Tag]:
    return {tag.slug: tag for tag in vocabulary if tag.facet == facet}


def resolve_filters(
    *,
    filters: SearchFilters,
    partnership: PartnershipScope | None = None,
    strict: bool = False,
) -> tuple[ResolvedFilters, dict[str, list[str]]]:
    """Known values, and an error per parameter for the unknown ones (raised when ``strict``).

    ``partnership`` is ``filters.partnership`` resolved for the viewer (None: unknown or hidden).
    """
    errors: dict[str, list[str]] = {}
    vocabulary = {tag.pk: tag for tag in Tag.objects.all()}

    def keep(parameter: str, values: Sequence[str], known: set[str], fix: Any) -> tuple[str, ...]:
        if len(values) > MAX_VALUES_PER_FACET:
            errors.setdefault(parameter, []).append(
                _("Choose at most %(max_values_per_facet)s values (got %(count)s).")
                % {"max_values_per_facet": MAX_VALUES_PER_FACET, "count": len(values)}
            )
            values = values[:MAX_VALUES_PER_FACET]
        unknown = [value for value in values if value not in known]
        if unknown:
            errors.setdefault(parameter, []).append(
                _("Unknown value(s) %(choices)s: %(fix)s")
                % {"choices": ", ".join(repr(v) for v in unknown), "fix": fix}
            )
        return tuple(dict.fromkeys(value for value in values if value in known))

    countries = tuple(dict.fromkeys(code.upper() for code in filters.countries))
    terms = tuple(search_index.search_terms(filters.q))
    if not countries:
        # A word naming a country, in any of the seven languages ("robotics Germany",
        # "Robotik Deutschland"), is the country filter rather than a word of the text.
        by_word = countries_by_word()
        named = [term for term in terms if term in by_word]
        countries = tuple(dict.fromkeys(by_word[term] for term in named))
        terms = tuple(term for term in terms if term not in named)
    known_countries = (
        set(Country.objects.filter(pk__in=countries).values_list("pk", flat=True))
        if countries
        else set()
    )
    regions = tuple(dict.fromkeys(code.upper() for code in filters.regions))
    known_regions = (
        set(NutsRegion.objects.filter(pk__in=regions).values_list("pk", flat=True))
        if regions
        else set()
    )
    technologies = _tags_by_slug(vocabulary.values(), Facet.TECHNOLOGY)
    sectors = _tags_by_slug(vocabulary.values(), Facet.SECTOR)
    if not filters.partnership:
        partnership = None
    elif partnership is None:
        fix = _(
            "No partnership %(slug)r: use the slug from its address, e.g. /partnerships/<slug>/."
        )
        errors["partnership"] = [fix % {"slug": filters.partnership}]
    resolved = ResolvedFilters(
        q=filters.q.strip(),
        terms=terms,
        countries=keep(
            "country", countries, known_countries, _("use ISO 3166 two-letter codes such as DE.")
        ),
        regions=keep("region", regions, known_regions, _("use NUTS codes such as DE21.")),
        kinds=keep(
            "type",
            filters.kinds,
            set(OrganisationKind.values),
            _("choose from %(choices)s.") % {"choices": ", ".join(OrganisationKind.values)},
        ),
        technology_ids=tuple(
            technologies[slug].pk
            for slug in keep(
                "technology",
                filters.technologies,
                set(technologies),
                _("see /api/v1/organisations/taxonomy for the technology slugs."),
            )
        ),
        sector_ids=tuple(
            sectors[slug].pk
            for slug in keep(
                "sector",
                filters.sectors,
                set(sectors),
                _("see /api/v1/organisations/taxonomy for the sector slugs."),
            )
        ),
        partnership=partnership,
        vocabulary=vocabulary,
    )
    if strict and errors:
        raise ValidationError(errors)
    return resolved, errors


# ------------------------------------------------------------------------- building blocks
def _matching_ids(terms: Sequence[str]) -> Any:
    """The ids of organisations whose text has every term (a subquery)."""
    # RawSQL: constant SQL from search_index; the terms are a bound parameter.
    if connection.vendor == "postgresql":
        return RawSQL(  # noqa: S611
            search_index.POSTGRES_MATCHING_IDS, [search_index.postgres_tsquery(list(terms))]
        )
    if connection.vendor == "sqlite":
        return RawSQL(  # noqa: S611
            search_index.SQLITE_MATCHING_IDS, [search_index.sqlite_match_expression(list(terms))]
        )
    condition = Q()
    for term in terms:  # any other engine: a portable (slower) LIKE on the normalised text
        either = Q()
        for name in search_index.alternatives(term):
            either |= Q(search_text__contains=name)
        condition &= either
    return Organisation.objects.filter(condition).values("pk")


def _tagged_ids(tag_ids: Sequence[int]) -> QuerySet[OrganisationTag, Any]:
    return OrganisationTag.objects.filter(tag_id__in=tag_ids).values("organisation_id")


def filter_organisations(
    filters: ResolvedFilters, *, skip: frozenset[str] = frozenset()
) -> QuerySet[Organisation]:
    """Organisations matching every filter except the facets named in ``skip``."""
    organisations = Organisation.objects.all()
    if filters.countries and "country" not in skip:
        organisations = organisations.filter(country_id__in=filters.countries)
    if filters.regions and "region" not in skip:
        organisations = organisations.filter(nuts_region_id__in=filters.regions)
    if filters.kinds and "type" not in skip:
        organisations = organisations.filter(kind__in=filters.kinds)
    if filters.technology_ids and "technology" not in skip:
        organisations = organisations.filter(pk__in=_tagged_ids(filters.technology_ids))
    if filters.sector_ids and "sector" not in skip:
        organisations = organisations.filter(pk__in=_tagged_ids(filters.sector_ids))
    if filters.partnership:
        organisations = organisations.filter(pk__in=filters.partnership.organisation_ids)
    if filters.terms:
        organisations = organisations.filter(pk__in=_matching_ids(filters.terms))
    return organisations


def _drives_by_text_array(filters: ResolvedFilters, skip: frozenset[str]) -> bool:
    """PostgreSQL, text and no other id filter: read the matches' tag rows by index.

    An array of the matching ids (computed once) lets PostgreSQL read just their tag rows
    through the (organisation, tag) index, where "IN (subquery)" hashes the whole tag table. With
    another id filter the planner, blind to the array's size, would nest loops: keep IN there.
    """
    other_id_filters = (
        (filters.technology_ids and "technology" not in skip)
        or (filters.sector_ids and "sector" not in skip)
        or filters.partnership
    )
    return bool(connection.vendor == "postgresql" and filters.terms and not other_id_filters)


def _filter_tag_rows(
    filters: ResolvedFilters, *, skip: frozenset[str]
) -> QuerySet[OrganisationTag]:
    """Tag rows of the organisations matching every filter except ``skip`` (no join needed)."""
    rows = OrganisationTag.objects.all()
    if filters.countries and "country" not in skip:
        rows = rows.filter(organisation_country__in=filters.countries)
    if filters.regions and "region" not in skip:
        rows = rows.filter(organisation_region__in=filters.regions)
    if filters.kinds and "type" not in skip:
        rows = rows.filter(organisation_kind__in=filters.kinds)
    if filters.technology_ids and "technology" not in skip:
        rows = rows.filter(organisation_id__in=_tagged_ids(filters.technology_ids))
    if filters.sector_ids and "sector" not in skip:
        rows = rows.filter(organisation_id__in=_tagged_ids(filters.sector_ids))
    if filters.partnership:
        rows = rows.filter(organisation_id__in=filters.partnership.organisation_ids)
    if _drives_by_text_array(filters, skip):
        rows = rows.filter(
            RawSQL(  # noqa: S611 (constant SQL; the terms are a bound parameter)
                search_index.POSTGRES_TAGS_OF_MATCHES,
                [search_index.postgres_tsquery(list(filters.terms))],
                output_field=BooleanField(),
            )
        )
    elif filters.terms:
        rows = rows.filter(organisation_id__in=_matching_ids(filters.terms))
    return rows


def _group_tags(
    filters: ResolvedFilters, skip: frozenset[str], tag_ids: list[int]
) -> dict[int, int]:
    """Organisations per tag (of ``tag_ids``) under every filter except ``skip``."""
    rows = _filter_tag_rows(filters, skip=skip)
    if not _drives_by_text_array(filters, skip):
        # The tag list lets both engines read the covering index by tag; driven by the array
        # of text matches, PostgreSQL is faster without it.
        rows = rows.filter(tag_id__in=tag_ids)
    wanted = set(tag_ids)
    counted = rows.order_by().values("tag_id").annotate(n=Count("*")).values_list("tag_id", "n")
    return {tag_id: count for tag_id, count in counted if tag_id in wanted}


def _count_tags(
    filters: ResolvedFilters, technology_ids: list[int], sector_ids: list[int]
) -> dict[int, int]:
    """Technology and sector counts; each facet applies every filter but its own.

    Without a technology or sector filter one grouped query serves both facets; with one, two
    queries, each driven by the other facet's filter. (One pass with ``COUNT … FILTER`` for both
    was measured slower on both engines: it reads every tag row of the base set.)
    """
    if not filters.technology_ids and not filters.sector_ids:
        return _group_tags(filters, frozenset(), technology_ids + sector_ids)
    return _group_tags(filters, frozenset({"technology"}), technology_ids) | _group_tags(
        filters, frozenset({"sector"}), sector_ids
    )


# ------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str = ""
    group: str = ""  # the heading it is listed under (a region's country)


@dataclass(frozen=True)
class FacetCounts:
    parameter: str  # the query-string name: country, region, type, technology, sector
    legend: object  # a lazily translated text
    values: list[FacetValue]
    hidden: int = 0  # values with results that are not listed (too many to show)


@dataclass(frozen=True)
class OrganisationRow:
    organisation: Organisation
    top_tags: list[TagLevel]


@dataclass(frozen=True)
class DirectoryResults:
    filters: ResolvedFilters
    rows: list[OrganisationRow]
    total: int
    page_number: int
    page_count: int
    facets: list[FacetCounts]

    @property
    def first_index(self) -> int:
        return (self.page_number - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def page_links(self) -> list[PageLink]:
        return page_links(current=self.page_number, count=self.page_count)


def _passes(value: str | None, selected: tuple[str, ...]) -> bool:
    return not selected or (value or "") in selected


def _facet(
    parameter: str,
    legend: object,
    counts: dict[str, int],
    labels: dict[str, str],
    selected: tuple[str, ...],
    *,
    order: Sequence[str] | None = None,
    hidden: int = 0,
    groups: dict[str, str] | None = None,
) -> FacetCounts:
    """The values with results (largest first, or in ``order``), then any selected value; with
    ``groups``, by group name first (the template heads each group)."""
    keys = [key for key in counts if counts[key] > 0 and key in labels]
    if order is not None:
        keys = [key for key in order if key in keys]
    else:
        keys.sort(key=lambda key: (-counts[key], labels[key]))
    keys += [key for key in selected if key not in keys and key in labels]
    keys = by_group_name(keys, groups) if groups else keys
    return FacetCounts(
        parameter=parameter,
        legend=legend,
        values=[
            FacetValue(
                key,
                labels[key],
                counts.get(key, 0),
                key in selected,
                input_id=f"filter-{parameter}-{slugify(key)}",
                group=(groups or {}).get(key, ""),
            )
            for key in keys
        ],
        hidden=hidden,
    )


def _top_tags(
    organisation_ids: Sequence[int], vocabulary: dict[int, Tag]
) -> dict[int, list[TagLevel]]:
    rows = (
        OrganisationTag.objects.filter(organisation_id__in=organisation_ids)
        .order_by("organisation_id", "-level", "tag_id")
        .values_list("organisation_id", "tag_id", "level")
    )
    found: dict[int, list[TagLevel]] = defaultdict(list)
    for organisation_id, tag_id, level in rows:
        tag = vocabulary.get(tag_id)
        if (
            tag is not None
            and tag.facet != Facet.SERVICE
            and len(found[organisation_id]) < TOP_TAGS
        ):
            found[organisation_id].append(TagLevel(tag.facet, tag.slug, tag.label, level))
    return found


def _count_combinations(filters: ResolvedFilters) -> list[tuple[str, str | None, str, int]]:
    """(country, region, kind, organisations) for every filter but country, region and type."""
    if connection.vendor == "postgresql" and filters.terms:
        return _count_text_combinations_postgres(filters)
    return list(
        filter_organisations(filters, skip=frozenset({"country", "region", "type"}))
        .order_by()
        .values("country_id", "nuts_region_id", "kind")
        .annotate(n=Count("*"))
        .values_list("country_id", "nuts_region_id", "kind", "n")
    )


def _count_text_combinations_postgres(
    filters: ResolvedFilters,
) -> list[tuple[str, str | None, str, int]]:
    """The same from PostgreSQL's narrow text table, which carries kind, country and region."""
    conditions = [search_index.POSTGRES_TEXT_CONDITION]
    params: list[Any] = [search_index.postgres_tsquery(list(filters.terms))]
    subqueries = [_tagged_ids(ids) for ids in (filters.technology_ids, filters.sector_ids) if ids]
    if filters.partnership:
        subqueries.append(filters.partnership.organisation_ids)
    for subquery in subqueries:
        sql, subquery_params = subquery.query.sql_with_params()
        conditions.append(f"id IN ({sql})")
        params.extend(subquery_params)
    # Only constant SQL and SQL compiled by Django; every value is a bound parameter.
    statement = (
        "SELECT country_id, nuts_region_id, kind, COUNT(*) FROM directory_organisation_search "  # noqa: S608
        f"WHERE {' AND '.join(conditions)} GROUP BY country_id, nuts_region_id, kind"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [
            (country, region, kind, count) for country, region, kind, count in cursor.fetchall()
        ]


def _order_page(
    organisations: QuerySet[Organisation], filters: ResolvedFilters, total: int
) -> QuerySet[Organisation]:
    broad = connection.vendor == "sqlite" and total > BROAD_MATCH
    if filters.terms and not broad:
        return order_by_relevance(organisations, filters.terms, filters.first_ids)
    ordered = organisations.order_by("name", "pk")
    if connection.vendor == "sqlite" and filters.terms and total > BROAD_MATCH:
        # Many matches: walking the name index and probing the match list beats sorting them
        # all. "+id" keeps SQLite from driving the query by the match list.
        probe = RawSQL(  # noqa: S611 (constant SQL; the terms are a bound parameter)
            search_index.SQLITE_MATCHING_PROBE,
            [search_index.sqlite_match_expression(list(filters.terms))],
            output_field=BooleanField(),
        )
        ordered = (
            filter_organisations(replace(filters, terms=())).filter(probe).order_by("name", "pk")
        )
    return ordered


def search_directory(*, filters: ResolvedFilters, page: int = 1) -> DirectoryResults:
    """One page of organisations with facet counts; a bounded number of queries."""
    # 1. Country, region and type counts (and the total) from one grouped query.
    combos = _count_combinations(filters)
    country_counts: dict[str, int] = defaultdict(int)
    region_counts: dict[str, int] = defaultdict(int)
    kind_counts: dict[str, int] = defaultdict(int)
    total = 0
    for country, region, kind, count in combos:
        in_country = _passes(country, filters.countries)
        in_region = _passes(region, filters.regions)
        of_kind = _passes(kind, filters.kinds)
        if in_region and of_kind:
            country_counts[country] += count
        if in_country and of_kind and region:
            region_counts[region] += count
        if in_country and in_region:
            kind_counts[kind] += count
        if in_country and in_region and of_kind:
            total += count

    # 2. Technology and sector counts, from one grouped query over the tag rows.
    vocabulary = filters.vocabulary
    technology_ids = [pk for pk, tag in vocabulary.items() if tag.facet == Facet.TECHNOLOGY]
    sector_ids = [pk for pk, tag in vocabulary.items() if tag.facet == Facet.SECTOR]
    tag_counts = _count_tags(filters, technology_ids, sector_ids)

    # 3. The page of results, with country and region, and their top tags.
    page_count = max(1, math.ceil(total / PAGE_SIZE))
    page_number = min(max(1, page), page_count)
    offset = (page_number - 1) * PAGE_SIZE
    organisations = (
        list(
            _order_page(filter_organisations(filters), filters, total)
            .select_related("country", "nuts_region")
            .defer("search_text")[offset : offset + PAGE_SIZE]
        )
        if total
        else []
    )
    top_tags = _top_tags([o.pk for o in organisations], vocabulary) if organisations else {}
    rows = [OrganisationRow(o, top_tags.get(o.pk, [])) for o in organisations]

    # 4. Labels for the facet values shown.
    country_keys = sorted(country_counts, key=lambda k: -country_counts[k])[:SHOWN_COUNTRIES]
    region_keys = sorted(region_counts, key=lambda k: -region_counts[k])[:SHOWN_REGIONS]
    country_labels = {
        code: localise_country(code, name)  # the reader's language (facet labels only)
        for code, name in Country.objects.filter(
            pk__in={*country_keys, *filters.countries}
        ).values_list("pk", "name")
    }
    regions = region_labels({*region_keys, *filters.regions})
    technology_labels = {vocabulary[pk].slug: vocabulary[pk].label for pk in technology_ids}
    sector_labels = {vocabulary[pk].slug: vocabulary[pk].label for pk in sector_ids}
    facets = [
        _facet(
            "type",
            _("Type"),
            kind_counts,
            {str(value): str(label) for value, label in OrganisationKind.choices},
            filters.kinds,
            order=OrganisationKind.values,
        ),
        _facet(
            "country",
            _("Country"),
            {k: country_counts[k] for k in country_keys},
            country_labels,
            filters.countries,
            hidden=max(0, len(country_counts) - SHOWN_COUNTRIES),
        ),
        _facet(  # grouped by country (by name), the most results first in each
            "region",
            _("Region"),
            {k: region_counts[k] for k in region_keys},
            {code: label for code, (label, _country) in regions.items()},
            filters.regions,
            hidden=max(0, len(region_counts) - SHOWN_REGIONS),
            groups={code: country for code, (_label, country) in regions.items()},
        ),
        _facet(
            "technology",
            _("Technology"),
            {vocabulary[pk].slug: tag_counts.get(pk, 0) for pk in technology_ids},
            technology_labels,
            tuple(vocabulary[pk].slug for pk in filters.technology_ids),
        ),
        _facet(
            "sector",
            _("Sector"),
            {vocabulary[pk].slug: tag_counts.get(pk, 0) for pk in sector_ids},
            sector_labels,
            tuple(vocabulary[pk].slug for pk in filters.sector_ids),
        ),
    ]
    return DirectoryResults(
        filters=filters,
        rows=rows,
        total=total,
        page_number=page_number,
        page_count=page_count,
        facets=facets,
    )


def list_organisations(*, filters: ResolvedFilters) -> QuerySet[Organisation]:
    """Matching organisations in name order, with country and tags (strongest first) loaded."""
    return (
        filter_organisations(filters)
        .select_related("country")
        .defer("search_text")
        .prefetch_related(
            Prefetch(
                "organisation_tags",
                queryset=OrganisationTag.objects.select_related("tag").order_by(
                    "-level", "tag__label"
                ),
            )
        )
        .order_by("name", "pk")
    )
