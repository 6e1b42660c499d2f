"""The directory's search results as a list file (CSV, XLSX), made by the exports worker.

Subject: the search's query string without ``page`` (``q=robot&country=DE&type=sme``), at most
200 characters. A search limited to a partnership (``partnership=<slug>``) is exported with the
partnership's organisations the requester may see: the scope is asked of the partnerships app
(``find_partnership_scope``, as the page and the API ask it) when the export is requested and
again when the worker renders it, so a hidden partnership is refused (its list is never made).
At most ``EXPORT_LIMIT`` organisations: the page offers the buttons only up to that many results.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from crosscluster.core.documents.names import document_file_name
from crosscluster.core.documents.tables import table_bytes
from crosscluster.directory import queries
from crosscluster.directory.forms import filters_from_query
from crosscluster.directory.models import Facet
from crosscluster.exports.registry import ExportKind, ExportRequest, RenderedFile
from crosscluster.partnerships import queries as partnership_queries

EXPORT_LIMIT = 100_000
SUBJECT_LIMIT = 200
#: the heading row, in the requester's language (the worker renders in it)
COLUMNS = [
    pgettext_lazy("list export column", "name"),
    pgettext_lazy("list export column", "type"),
    pgettext_lazy("list export column", "country"),
    pgettext_lazy("list export column", "NUTS region"),
    pgettext_lazy("list export column", "city"),
    pgettext_lazy("list export column", "website"),
    pgettext_lazy("list export column", "size"),
    pgettext_lazy("list export column", "technologies (level)"),
    pgettext_lazy("list export column", "sectors (level)"),
    pgettext_lazy("list export column", "source"),
    pgettext_lazy("list export column", "source reference"),
    pgettext_lazy("list export column", "source vintage"),
    pgettext_lazy("list export column", "profile"),
]


def export_subject(filters: queries.ResolvedFilters) -> str | None:
    """The subject naming these filters ("": the whole directory; None when they cannot be
    exported: too long a query)."""
    vocabulary = filters.vocabulary
    pairs: list[tuple[str, str]] = []
    if filters.partnership is not None:
        pairs.append(("partnership", filters.partnership.slug))
    if filters.q:
        pairs.append(("q", filters.q))
    pairs += [("country", code) for code in filters.countries]
    pairs += [("region", code) for code in filters.regions]
    pairs += [("type", kind) for kind in filters.kinds]
    pairs += [("technology", vocabulary[pk].slug) for pk in filters.technology_ids]
    pairs += [("sector", vocabulary[pk].slug) for pk in filters.sector_ids]
    subject = urlencode(pairs)
    return subject if len(subject) <= SUBJECT_LIMIT else None


def _filters(user: object, subject: str) -> queries.ResolvedFilters | None:
    asked = filters_from_query(QueryDict(subject))
    if len(subject) > SUBJECT_LIMIT:
        return None
    scope = (
        partnership_queries.find_partnership_scope(user=user, slug=asked.partnership)  # type: ignore[arg-type]
        if asked.partnership
        else None
    )
    filters, errors = queries.resolve_filters(filters=asked, partnership=scope)
    return None if errors else filters


def can_request(user: object, subject: str) -> bool:
    """The directory is public: any search that names known values only; one limited to a
    partnership, when the requester may see that partnership."""
    return _filters(user, subject) is not None


def render(request: ExportRequest) -> RenderedFile:
    filters = _filters(request.user, request.subject)
    if filters is None:
        raise ValueError("the subject is not an exportable search")
    rows: list[list[str]] = []
    for organisation in queries.list_organisations(filters=filters)[:EXPORT_LIMIT]:
        tags: dict[str, list[str]] = {Facet.TECHNOLOGY.value: [], Facet.SECTOR.value: []}
        for organisation_tag in organisation.organisation_tags.all():
            if organisation_tag.tag.facet in tags:
                tags[organisation_tag.tag.facet].append(
                    f"{organisation_tag.tag.label} ({organisation_tag.level})"
                )
        rows.append(
            [
                organisation.name,
                organisation.get_kind_display(),
                organisation.country.name,
                str(organisation.nuts_region_id or ""),
                organisation.city,
                organisation.website,
                organisation.get_size_display() if organisation.size else "",
                "; ".join(tags[Facet.TECHNOLOGY.value]),
                "; ".join(tags[Facet.SECTOR.value]),
                organisation.get_source_display(),
                organisation.source_reference,
                organisation.source_vintage,
                reverse("directory:organisation", args=[organisation.slug]),
            ]
        )
    content = table_bytes(
        request.file_format,
        title=gettext("Organisations"),
        header=[str(column) for column in COLUMNS],
        rows=rows,
    )
    return RenderedFile(
        document_file_name(gettext("Organisations"), extension=request.file_format), content
    )


ORGANISATIONS_LIST = ExportKind(
    key="directory.organisations",
    label=gettext_lazy("Organisations"),
    formats=("csv", "xlsx"),
    can_request=can_request,
    render=render,
    page=lambda subject: reverse("directory:search") + (f"?{subject}" if subject else ""),
)
