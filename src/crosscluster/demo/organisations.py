"""Stage 2: directory organisations from the EDIH catalogue and CORDIS, with their real names.

Rows are created in bulk; an organisation already loaded (same source and reference) is left as
it is, so a rerun creates nothing twice.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from crosscluster.core.text import normalise_for_search, unique_slug
from crosscluster.demo.sources import (
    ENTITY_TYPES,
    HUB_TYPES,
    CordisOrganisation,
    HubRecord,
    SmeDeclaration,
    index_country_names,
    read_cordis_organisations,
    read_countries,
    read_hubs,
    read_sme_declarations,
)
from crosscluster.directory.models import (
    Country,
    DataSource,
    NutsRegion,
    Organisation,
    OrganisationKind,
    OrganisationTag,
    Tag,
)

BATCH_SIZE = 500
EDIH_VINTAGE = "EDIH catalogue, April 2025"
CORDIS_VINTAGE = "projects starting in 2014"
MAX_PROJECTS_NAMED = 6


@dataclass(frozen=True)
class OrganisationLoad:
    created: Counter[str]  # by kind
    skipped: int  # rows whose country is unknown
    tags_created: int

    def summary(self) -> str:
        kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(self.created.items()))
        return (
            f"{sum(self.created.values()):,} organisations created ({kinds or 'none new'}), "
            f"{self.tags_created:,} tag levels, {self.skipped} skipped"
        )


def load_organisations(*, data_dir: Path) -> OrganisationLoad:
    countries = read_countries(data_dir)
    country_codes = set(Country.objects.values_list("iso2", flat=True))
    names_to_iso2 = index_country_names(countries)
    regions = _single_region_countries()
    taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
    created: Counter[str] = Counter()
    skipped = 0

    # EDIH hubs
    existing = set(
        Organisation.objects.filter(source=DataSource.EDIH).values_list(
            "source_reference", flat=True
        )
    )
    hubs = read_hubs(data_dir)
    new_hubs: list[tuple[HubRecord, Organisation]] = []
    for hub in hubs:
        reference = hub_reference(hub.hub_id)
        if reference in existing:
            continue
        iso2 = names_to_iso2.get(normalise_for_search(hub.country_name), "")
        if iso2 not in country_codes:
            skipped += 1
            continue
        organisation = _hub_organisation(hub, iso2, reference, regions.get(iso2))
        organisation.slug = unique_slug(hub.name, taken_slugs)
        taken_slugs.add(organisation.slug)
        new_hubs.append((hub, organisation))
    Organisation.objects.bulk_create([o for _, o in new_hubs], batch_size=BATCH_SIZE)
    created[OrganisationKind.INNOVATION_HUB.value] += len(new_hubs)
    tags_created = _create_hub_tags(new_hubs)

    # CORDIS organisations
    existing = set(
        Organisation.objects.filter(source=DataSource.CORDIS).values_list(
            "source_reference", flat=True
        )
    )
    declarations = read_sme_declarations(data_dir)
    new_organisations = []
    for record in read_cordis_organisations(data_dir):
        if record.pic in existing:
            continue
        if record.country_code not in country_codes:
            skipped += 1
            continue
        organisation = _cordis_organisation(
            record, declarations.get(record.pic), regions.get(record.country_code)
        )
        organisation.slug = unique_slug(record.name, taken_slugs)
        taken_slugs.add(organisation.slug)
        new_organisations.append(organisation)
        created[organisation.kind] += 1
    Organisation.objects.bulk_create(new_organisations, batch_size=BATCH_SIZE)
    return OrganisationLoad(created=created, skipped=skipped, tags_created=tags_created)


def hub_reference(hub_id: str) -> str:
    return f"hub_id {hub_id}"


def refresh_search_index() -> bool:
    """Call the directory's search-index refresh when the directory provides one."""
    try:
        services = importlib.import_module("crosscluster.directory.services")
    except ModuleNotFoundError as error:
        if error.name != "crosscluster.directory.services":
            raise  # the module exists but is broken: say so rather than skip the index
        return False
    refresh = getattr(services, "refresh_search_index", None)
    if not callable(refresh):
        return False
    refresh()
    return True


def _single_region_countries() -> dict[str, NutsRegion]:
    """Countries that are one NUTS-3 region (e.g. Luxembourg, Cyprus): the region is certain."""
    by_country: dict[str, list[NutsRegion]] = {}
    for region in NutsRegion.objects.filter(level=3).exclude(code__endswith="ZZZ"):
        by_country.setdefault(region.country_code, []).append(region)
    return {code: regions[0] for code, regions in by_country.items() if len(regions) == 1}


def _hub_organisation(
    hub: HubRecord, iso2: str, reference: str, region: NutsRegion | None
) -> Organisation:
    parts = []
    if hub.title and hub.title != hub.name:
        parts.append(hub.title)
    if hub.description:
        parts.append(hub.description)
    hub_type = HUB_TYPES.get(hub.hub_type, hub.hub_type)
    if hub_type:
        parts.append(f"Hub type in the European Commission's catalogue: {hub_type}.")
    description = "\n\n".join(parts)
    return Organisation(
        name=hub.name[:300],
        kind=OrganisationKind.INNOVATION_HUB,
        country_id=iso2,
        nuts_region=region,
        city=hub.city,
        website=hub.website,
        description=description,
        source=DataSource.EDIH,
        source_reference=reference,
        source_vintage=EDIH_VINTAGE,
        search_text=normalise_for_search(hub.name, hub.city, description),
    )


def _create_hub_tags(new_hubs: list[tuple[HubRecord, Organisation]]) -> int:
    if not new_hubs:
        return 0
    ids = dict(
        Organisation.objects.filter(source=DataSource.EDIH).values_list("source_reference", "pk")
    )
    tag_ids = {
        (facet, label): pk for pk, facet, label in Tag.objects.values_list("pk", "facet", "label")
    }
    rows = [
        OrganisationTag(
            organisation_id=ids[organisation.source_reference], tag_id=tag_id, level=level
        )
        for hub, organisation in new_hubs
        for key, level in sorted(hub.levels.items())
        if (tag_id := tag_ids.get(key)) is not None
    ]
    OrganisationTag.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(rows)


def cordis_kind(entity_type: str, declaration: SmeDeclaration | None) -> OrganisationKind:
    """CORDIS legal entity type (and, for companies, the declared SME flag) -> directory kind."""
    if entity_type in {"HES", "REC"}:
        return OrganisationKind.RESEARCH
    if entity_type == "PUB":
        return OrganisationKind.PUBLIC_AUTHORITY
    if entity_type == "PRC" and declaration is not None:
        return OrganisationKind.SME if declaration.is_sme else OrganisationKind.LARGE_COMPANY
    return OrganisationKind.OTHER


def _cordis_organisation(
    record: CordisOrganisation, declaration: SmeDeclaration | None, region: NutsRegion | None
) -> Organisation:
    kind = cordis_kind(record.entity_type, declaration)
    description = cordis_description(record, declaration)
    return Organisation(
        name=record.name,
        kind=kind,
        country_id=record.country_code,
        nuts_region=region,
        website=record.website,
        description=description,
        source=DataSource.CORDIS,
        source_reference=record.pic,
        source_vintage=CORDIS_VINTAGE,
        search_text=normalise_for_search(record.name, "", description),
    )


def cordis_description(record: CordisOrganisation, declaration: SmeDeclaration | None) -> str:
    if record.entity_type:
        kind = f"{ENTITY_TYPES.get(record.entity_type, record.entity_type)} (CORDIS legal entity type {record.entity_type})."
    else:
        kind = "Organisation type not stated in the CORDIS extract."
    sentences = [kind]
    if record.name_in_source:
        sentences.append(f"Name in CORDIS: {record.name_in_source}")
    if record.short_name and record.short_name.casefold() != record.name.casefold():
        sentences.append(f"Short name: {record.short_name}.")
    if record.entity_type == "PRC":
        if declaration is None:
            sentences.append(
                "Private company; its size is not published in the CORDIS data shipped."
            )
        elif declaration.is_sme:
            sentences.append(
                f"Declared an SME in CORDIS (participation in {declaration.project_acronym}, "
                f"record of {declaration.updated})."
            )
        else:
            sentences.append(
                f"Declared not an SME in CORDIS (participation in {declaration.project_acronym}, "
                f"record of {declaration.updated}), i.e. a large enterprise under the EU SME "
                "definition."
            )
    if record.projects:
        acronyms = sorted({p.acronym for p in record.projects}, key=str.casefold)
        named = ", ".join(acronyms[:MAX_PROJECTS_NAMED])
        more = (
            f" and {len(acronyms) - MAX_PROJECTS_NAMED} more"
            if len(acronyms) > MAX_PROJECTS_NAMED
            else ""
        )
        themes = Counter(p.theme for p in record.projects if p.theme)
        theme_text = "; ".join(theme for theme, _ in themes.most_common(3))
        sentences.append(
            f"EU-funded projects (FP7 or H2020) starting in 2014: {named}{more}."
            + (f" Themes: {theme_text}." if theme_text else "")
        )
    return " ".join(sentences)
