"""NUTS regions as people pick and read them: grouped by country (named in the reader's
language), each by a name the reader can read (core.regions), the code after it."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from django.db.models import Case, F, OuterRef, Subquery, Value, When

from crosscluster.core.countries import by_local_name, localise_country
from crosscluster.core.regions import ISO_COUNTRY, NUTS_COUNTRY, readable_region_name
from crosscluster.directory.models import Country, NutsRegion

#: between a region's name and its code (the code is secondary: it follows the name)
CODE_SEPARATOR = " \u00b7 "


def region_label(label: str, code: str) -> str:
    """``Oberbayern · DE21``; ``Severozapaden (Северозападен) · BG31``."""
    return f"{readable_region_name(label)}{CODE_SEPARATOR}{code}"


def _country_names(nuts_countries: Collection[str]) -> dict[str, str]:
    """NUTS country code -> the country's name in the reader's language."""
    iso_codes = {ISO_COUNTRY.get(code, code): code for code in nuts_countries}
    names = {
        iso_codes[iso]: localise_country(iso, name)
        for iso, name in Country.objects.filter(pk__in=iso_codes).values_list("pk", "name")
    }
    return {code: names.get(code, code) for code in nuts_countries}


def region_choices(
    *, country: str = "", level: int | None = None
) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The NUTS regions (levels 1 to 3, in code order: each under the one it is part of,
    indented; only ``level`` when given) grouped by country, the countries by name in the
    reader's alphabet; only those of ``country`` (ISO code) when given and it has regions."""
    rows = NutsRegion.objects.order_by("code")
    if level is not None:
        rows = rows.filter(level=level)
    if country:
        only = rows.filter(country_code=NUTS_COUNTRY.get(country, country))
        rows = only if only.exists() else rows
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label, depth, country_code in rows.values_list(
        "code", "label", "level", "country_code"
    ):
        indent = "\u00a0\u00a0\u00a0" * (0 if level is not None else max(0, depth - 1))
        groups.setdefault(country_code, []).append((code, indent + region_label(label, code)))
    names = _country_names(groups)
    return [(name, tuple(groups[code])) for code, name in by_local_name(names.items())]


def region_labels(codes: Collection[str]) -> dict[str, tuple[str, str]]:
    """code -> (the region's label as ``region_label`` writes it, its country's name); one
    query (the directory's facets count theirs)."""
    if not codes:
        return {}
    iso = Case(
        *(When(country_code=nuts, then=Value(code)) for code, nuts in NUTS_COUNTRY.items()),
        default=F("country_code"),
    )
    rows = (
        NutsRegion.objects.filter(pk__in=codes)
        .annotate(iso=iso)
        .annotate(
            country_name=Subquery(Country.objects.filter(pk=OuterRef("iso")).values("name")[:1])
        )
        .values_list("code", "label", "iso", "country_name")
    )
    return {
        code: (region_label(label, code), localise_country(iso, name or iso))
        for code, label, iso, name in rows
    }


def region_in_country(region: NutsRegion, country: str) -> bool:
    """Whether ``region`` lies in ``country`` (ISO code)."""
    return region.country_code == NUTS_COUNTRY.get(country, country)


def region_country(region: NutsRegion) -> str:
    """The ISO code of ``region``'s country (GR for a region coded EL)."""
    return ISO_COUNTRY.get(region.country_code, region.country_code)


def by_group_name(keys: Sequence[str], groups: dict[str, str]) -> list[str]:
    """``keys`` in the order of their group's name in the reader's alphabet (a stable sort:
    their order within a group is kept)."""
    names = by_local_name((name, name) for name in set(groups.values()))
    rank = {name: index for index, (name, _same) in enumerate(names)}
    return sorted(keys, key=lambda key: rank.get(groups.get(key, ""), -1))
