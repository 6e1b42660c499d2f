"""Organisations coming in from a file: check every row, match it to the directory, then write all
rows or none (the ``imports`` app reads the files and runs this in the background).

The caller has checked that its user may add members to ``cluster`` (its managers, the
coordinators of a partnership it is a partner of, administrators): these writers take no user.

A row is one organisation: ``name`` and ``country`` are required; ``kind``, ``nuts_region``,
``city``, ``website``, ``description``, ``size``, ``source_reference`` and the taxonomy tags
``technologies``, ``sectors`` and ``services`` (``import_tags``) are optional. A row matches an
organisation already in the directory (it is then added as a member; changed only when the
import updates matched organisations, ``import_updates``)
when it has the same source reference (a CORDIS PIC) from the same source, the same name in the
same country (compared as ``find_possible_duplicates`` compares them: no case, accents,
punctuation or legal form), or the same website domain in the same country. Two rows of the file
that name the same organisation are an error on the second one. Every problem names its row (as a
spreadsheet numbers it: the header is row 1) and its column, with the fix.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from crosscluster.core import stored_text
from crosscluster.core.text import normalise_for_search
from crosscluster.directory.models import (
    ClusterMembership,
    Country,
    DataSource,
    NutsRegion,
    Organisation,
    OrganisationKind,
    OrganisationTag,
)
from crosscluster.directory.queries.onboarding import (
    PUBLIC_MAIL_DOMAINS,
    normalised_name,
    web_domain,
)
from crosscluster.directory.services.import_plans import (
    ImportCheck,
    ImportResult,
    ImportRow,
    RowPlan,
    RowProblem,
    RowsChangedError,
)
from crosscluster.directory.services.import_tags import TAG_FIELDS, TagVocabulary
from crosscluster.directory.services.import_updates import (
    MatchedOrganisations,
    update_matched_organisations,
)
from crosscluster.directory.services.import_values import (
    kind_value,
    new_slugs,
    size_value,
    website_value,
)
from crosscluster.directory.services.organisations import NUTS_COUNTRY, TEXT_LIMITS

#: the fields a file may give, in the order the preview shows them
IMPORT_FIELDS = (
    "name",
    "kind",
    "country",
    "nuts_region",
    "city",
    "website",
    "description",
    "size",
    "source_reference",
    *TAG_FIELDS,
)
REQUIRED_FIELDS = ("name", "country")
#: the EU's own country codes (CORDIS, Eurostat) -> ISO 3166
EU_COUNTRY_CODES = {"UK": "GB", "EL": "GR"}
ROW_BATCH = 2000


class _Directory:
    """What the checks compare rows with, read once per file (not once per row)."""

    def __init__(self, *, cluster_id: int, countries: set[str], source: str, references: set[str]):
        self.countries = {country.pk: country.pk for country in Country.objects.only("pk")}
        self.country_names = {
            normalise_for_search(name): pk for pk, name in Country.objects.values_list("pk", "name")
        }
        self.regions: dict[str, str] = dict(NutsRegion.objects.values_list("code", "country_code"))
        self.members = set(
            ClusterMembership.objects.filter(cluster_id=cluster_id).values_list(
                "member_id", flat=True
            )
        )
        self.by_reference: dict[str, int] = {}
        listed = sorted(reference for reference in references if reference)
        for start in range(0, len(listed), 500):
            self.by_reference.update(
                Organisation.objects.filter(
                    source=source, source_reference__in=listed[start : start + 500]
                ).values_list("source_reference", "pk")
            )
        self.tags = TagVocabulary()
        self.by_name: dict[tuple[str, str], int] = {}
        self.by_domain: dict[tuple[str, str], int] = {}
        rows = (
            Organisation.objects.filter(country_id__in=sorted(countries))
            .order_by("pk")
            .values_list("pk", "name", "country_id", "website")
        )
        for pk, name, country, website in rows.iterator(chunk_size=10_000):
            self.by_name.setdefault((normalised_name(name), country), pk)
            domain = web_domain(website)
            if domain:
                self.by_domain.setdefault((domain, country), pk)


def _country_code(value: str, directory: _Directory) -> str | None:
    code = value.strip().upper()
    code = EU_COUNTRY_CODES.get(code, code)
    if code in directory.countries:
        return code
    return directory.country_names.get(normalise_for_search(value))


def _check_row(
    row: ImportRow,
    columns: Mapping[str, str],
    directory: _Directory,
    problems: list[RowProblem],
) -> dict[str, object] | None:
    """The row's values in the directory's vocabulary, or None (its problems appended)."""
    found: list[RowProblem] = []

    def problem(name: str, message: str, **values: object) -> None:
        # kept for a reader who reads it later, in their language (core.stored_text)
        found.append(
            RowProblem(row.number, columns.get(name, name), stored_text.store(message, **values))
        )

    text = {name: str(row.values.get(name) or "").strip() for name in IMPORT_FIELDS}
    for name, limit in TEXT_LIMITS.items():
        if len(text[name]) > limit:
            problem(
                name,
                gettext_noop("Use at most %(limit)s characters (now %(count)s)."),
                limit=limit,
                count=len(text[name]),
            )
    if len(text["source_reference"]) > 200:
        problem("source_reference", gettext_noop("Use at most %(limit)s characters."), limit=200)
    if not text["name"]:
        problem("name", gettext_noop("Give the organisation's name."))
    country = _country_code(text["country"], directory) if text["country"] else None
    if country is None:
        if text["country"]:
            problem(
                "country",
                gettext_noop(
                    "Unknown country %(text)r: use an ISO 3166 two-letter code such as DE."
                ),
                text=text["country"],
            )
        else:
            problem(
                "country",
                gettext_noop("Give the country as an ISO 3166 two-letter code such as DE."),
            )
    kind = kind_value(text["kind"])
    if kind is None:
        problem(
            "kind",
            gettext_noop("Unknown type %(text)r: use one of %(choices)s."),
            text=text["kind"],
            choices=", ".join(OrganisationKind.values),
        )
    size = size_value(text["size"])
    if size is None:
        problem(
            "size",
            gettext_noop(
                "Unknown size %(text)r: use micro, small, medium or large, or leave empty."
            ),
            text=text["size"],
        )
    website = website_value(text["website"])
    if website is None:
        problem(
            "website",
            gettext_noop("%(text)r is not a web address: write it like https://www.example.eu."),
            text=text["website"],
        )
    region = text["nuts_region"].upper()
    if region:
        region_country = directory.regions.get(region)
        if region_country is None:
            problem(
                "nuts_region",
                gettext_noop(
                    "Unknown NUTS region %(region)r: use a NUTS 2024 code such as DE21, or leave it empty."
                ),
                region=region,
            )
        elif country is not None and region_country != NUTS_COUNTRY.get(country, country):
            problem(
                "nuts_region",
                gettext_noop("%(region)s is not in %(country)s: use a region of %(country)s."),
                region=region,
                country=country,
            )
    tags_by_facet: dict[str, list[tuple[int, int]]] = {}
    for facet in TAG_FIELDS:
        if text[facet]:
            tags_by_facet[facet] = directory.tags.parse(
                facet, text[facet], functools.partial(problem, facet)
            )
    problems.extend(found)
    if found:
        return None
    return {
        "name": text["name"],
        "kind": kind,
        "country": country,
        "nuts_region": region,
        "city": text["city"],
        "website": website,
        "description": text["description"],
        "size": size,
        "source_reference": text["source_reference"],
        # facet -> (tag id, level) of the facets the row lists
        "tags_by_facet": tags_by_facet,
    }


def check_organisation_rows(
    *,
    cluster_id: int,
    rows: Iterable[ImportRow],
    columns: Mapping[str, str],
    source: str = DataSource.USER,
    update_matched: bool = False,
    on_progress: Callable[[int], None] | None = None,
) -> ImportCheck:
    """Check every row and plan what importing it does (nothing is written).

    ``columns`` names the file's column of each field, for the messages. ``on_progress`` is
    called with the number of rows checked, every ``ROW_BATCH`` rows. ``update_matched``: each
    matched row's plan says what the import changes on its organisation (``import_updates``)."""
    listed = list(rows)
    countries: set[str] = set()
    references: set[str] = set()
    for row in listed:
        code = str(row.values.get("country") or "").strip().upper()
        countries.add(EU_COUNTRY_CODES.get(code, code))
        references.add(str(row.values.get("source_reference") or "").strip())
    directory = _Directory(
        cluster_id=cluster_id, countries=countries, source=source, references=references
    )
    check = ImportCheck(rows=len(listed))
    seen_name: dict[tuple[str, str], int] = {}
    seen_domain: dict[tuple[str, str], int] = {}
    seen_reference: dict[str, int] = {}
    for index, row in enumerate(listed, start=1):
        if on_progress is not None and index % ROW_BATCH == 0:
            on_progress(index)
        values = _check_row(row, columns, directory, check.problems)
        if values is None:
            continue
        country = str(values["country"])
        name_key = (normalised_name(str(values["name"])), country)
        domain = web_domain(str(values["website"]))
        domain_key = (domain, country) if domain and domain not in PUBLIC_MAIL_DOMAINS else None
        reference = str(values["source_reference"])
        earlier = (
            (seen_reference.get(reference) if reference else None)
            or seen_name.get(name_key)
            or (seen_domain.get(domain_key) if domain_key else None)
        )
        if earlier is not None:
            check.problems.append(
                RowProblem(
                    row.number,
                    columns.get("name", "name"),
                    stored_text.store(
                        gettext_noop(
                            "Row %(row)s names the same organisation as row %(earlier)s: keep one of the two rows."
                        ),
                        row=row.number,
                        earlier=earlier,
                    ),
                )
            )
            continue
        if reference:
            seen_reference[reference] = row.number
        seen_name[name_key] = row.number
        if domain_key:
            seen_domain[domain_key] = row.number
        match, reason = None, ""
        if reference and reference in directory.by_reference:
            match, reason = directory.by_reference[reference], "same_reference"
        elif name_key in directory.by_name:
            match, reason = directory.by_name[name_key], "same_name"
        elif domain_key and domain_key in directory.by_domain:
            match, reason = directory.by_domain[domain_key], "same_website"
        if match is not None and match == cluster_id:
            check.problems.append(
                RowProblem(
                    row.number,
                    columns.get("name", "name"),
                    stored_text.store(
                        gettext_noop(
                            "This is the cluster itself: a cluster cannot be its own member; remove the row."
                        )
                    ),
                )
            )
            continue
        check.plans.append(
            RowPlan(
                row=row.number,
                name=str(values["name"]),
                country=country,
                organisation_id=match,
                reason=reason,
                already_member=match is not None and match in directory.members,
                values=values,
            )
        )
    if update_matched:
        matched = MatchedOrganisations(
            plan.organisation_id for plan in check.plans if plan.organisation_id is not None
        )
        check.plans = [
            replace(
                plan,
                changes=matched.changes(plan.organisation_id, plan.values),
                kept=plan.organisation_id in matched.kept,
            )
            if plan.organisation_id is not None
            else plan
            for plan in check.plans
        ]
    if on_progress is not None:
        on_progress(len(listed))
    return check


def import_organisation_rows(
    *,
    cluster: Organisation,
    rows: Iterable[ImportRow],
    columns: Mapping[str, str],
    source: str = DataSource.USER,
    source_vintage: str = "",
    update_matched: bool = False,
    actor_id: int | None = None,
    audit_note: Mapping[str, object] | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_written: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Check the rows again and write all of them, or none: a ``ValidationError`` (``rows``:
    the first problems, each naming its row and column) when any row has a problem. New
    organisations are created (clusters provisional), every row's organisation becomes a member
    of ``cluster``; with ``update_matched``, the matched organisations are changed from the file
    (``import_updates``; their audit log entries name ``actor_id`` and keep ``audit_note``).

    ``on_progress`` is called with the rows checked (as ``check_organisation_rows`` calls it),
    then ``on_written`` with (rows written, rows to write: new organisations and memberships)
    after every ``ROW_BATCH`` of them; both inside the transaction, so a caller that shows them
    must store them outside the database."""
    if not cluster.is_cluster:
        raise ValidationError(
            {
                "cluster": [
                    _("%(name)s is not a cluster: choose a cluster.") % {"name": cluster.name}
                ]
            }
        )
    if source not in DataSource.values:
        raise ValidationError(
            {
                "source": [
                    _("Choose one of: %(choices)s.") % {"choices": ", ".join(DataSource.values)}
                ]
            }
        )
    with transaction.atomic():
        check = check_organisation_rows(
            cluster_id=cluster.pk,
            rows=rows,
            columns=columns,
            source=source,
            update_matched=update_matched,
            on_progress=on_progress,
        )
        if check.problems:
            shown = [
                _("Row %(row)s, column %(column)r: %(message)s")
                % {
                    "row": problem.row,
                    "column": problem.column,
                    "message": stored_text.word(problem.message),
                }
                for problem in check.problems[:20]
            ]
            more = len(check.problems) - len(shown)
            if more:
                shown.append(
                    _("… and %(more)s more problems: check the file again for all of them.")
                    % {"more": more}
                )
            raise RowsChangedError(
                {"rows": shown}, problems=[problem.as_record() for problem in check.problems]
            )
        new_plans = [plan for plan in check.plans if plan.organisation_id is None]
        slugs = new_slugs([plan.name for plan in new_plans])
        created = []
        for plan, slug in zip(new_plans, slugs, strict=True):
            values = plan.values
            organisation = Organisation(
                slug=slug,
                name=str(values["name"]),
                kind=str(values["kind"]),
                country_id=str(values["country"]),
                nuts_region_id=str(values["nuts_region"]) or None,
                city=str(values["city"]),
                website=str(values["website"]),
                description=str(values["description"]),
                size=str(values["size"]),
                source=source,
                source_reference=str(values["source_reference"]),
                source_vintage=source_vintage if source != DataSource.USER else "",
                validation_status=(
                    "provisional" if values["kind"] == OrganisationKind.CLUSTER else ""
                ),
            )
            organisation.search_text = normalise_for_search(
                organisation.name, organisation.city, organisation.description
            )
            created.append(organisation)
        matched_members = [
            plan.organisation_id
            for plan in check.plans
            if plan.organisation_id is not None and not plan.already_member
        ]
        tags = [
            (slug, tag, level)
            for plan, slug in zip(new_plans, slugs, strict=True)
            for pairs in cast(
                "dict[str, list[tuple[int, int]]]", plan.values["tags_by_facet"]
            ).values()
            for tag, level in pairs
        ]
        updates = [
            (plan.organisation_id, plan.values, plan.changes)
            for plan in check.plans
            if plan.organisation_id is not None and plan.changes
        ]
        # each new one, then its membership, then its tags, then the matched ones changed
        to_write = 2 * len(created) + len(matched_members) + len(tags) + len(updates)
        written = 0

        def wrote(count: int) -> None:
            nonlocal written
            written += count
            if on_written is not None:
                on_written(written, to_write)

        for start in range(0, len(created), ROW_BATCH):
            Organisation.objects.bulk_create(created[start : start + ROW_BATCH])
            wrote(len(created[start : start + ROW_BATCH]))
        ids: dict[str, int] = {}  # bulk_create gives no ids on every engine: read them back
        for start in range(0, len(slugs), 500):
            ids.update(
                Organisation.objects.filter(slug__in=slugs[start : start + 500]).values_list(
                    "slug", "pk"
                )
            )
        member_ids = [ids[slug] for slug in slugs] + matched_members
        for start in range(0, len(member_ids), ROW_BATCH):
            ClusterMembership.objects.bulk_create(
                [
                    ClusterMembership(cluster=cluster, member_id=member)
                    for member in member_ids[start : start + ROW_BATCH]
                ],
                ignore_conflicts=True,
            )
            wrote(len(member_ids[start : start + ROW_BATCH]))
        for start in range(0, len(tags), ROW_BATCH):
            OrganisationTag.objects.bulk_create(
                OrganisationTag(organisation_id=ids[slug], tag_id=tag, level=level)
                for slug, tag, level in tags[start : start + ROW_BATCH]
            )
            wrote(len(tags[start : start + ROW_BATCH]))
        for start in range(0, len(updates), ROW_BATCH):
            update_matched_organisations(
                updates[start : start + ROW_BATCH], actor_id=actor_id, note=audit_note or {}
            )
            wrote(len(updates[start : start + ROW_BATCH]))
        if on_written is not None and not to_write:
            on_written(0, 0)  # every row's organisation a member already: nothing to write
    return ImportResult(
        created=len(created),
        matched=check.matched,
        members_added=len(member_ids),
        updated=len(updates),
    )
