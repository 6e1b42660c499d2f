"""The marketplace's lists as files (CSV, XLSX), made by the exports worker with the page's own
queries and filters, for the person who asks (what they may see, no more):

- ``marketplace.opportunities``: the browse page's published needs, offers and cooperation
  requests; subject = the page's query string without ``page`` (``kind=ict_offer&country=DE``),
  at most 200 characters ("" = every published one).
- ``marketplace.matches``: an opportunity's match list (a need's providers, or the needs an offer
  serves), for its organisation and its partnership's brokers as on the page; subject =
  ``<opportunity id>`` or ``<id>?country=DE&cross_border=on&min_score=0.5&hidden=on``.

Cells go through ``core.documents.tables.table_bytes`` (formula-safe CSV, text cells in XLSX).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from crosscluster.accounts.queries import AnyUser
from crosscluster.core.countries import by_local_name
from crosscluster.core.documents.names import document_file_name
from crosscluster.core.documents.tables import heading_row, table_bytes, yes
from crosscluster.core.documents.xlsx import CellValue
from crosscluster.core.taxonomy import translate_label
from crosscluster.exports.registry import ExportKind, ExportRequest, RenderedFile
from crosscluster.marketplace import permissions, queries
from crosscluster.marketplace.forms import BrowseForm, MatchFilterForm
from crosscluster.marketplace.models import MatchSuggestion, Opportunity
from crosscluster.marketplace.wording import reason_texts

SUBJECT_LIMIT = 200
#: the browse list's rows in a file (the page pages through them 20 at a time)
EXPORT_LIMIT = 100_000

OPPORTUNITY_COLUMNS = [
    "title",
    "type",
    "organisation",
    "country",
    "language",
    "deadline",
    "published",
    "technologies",
    "sectors",
    "illustrative",
    "address",
]
#: the columns as an XLSX (people) reads them; a CSV keeps the keys
HEADINGS = {
    "title": pgettext_lazy("list export column", "title"),
    "type": pgettext_lazy("list export column", "type"),
    "organisation": pgettext_lazy("list export column", "organisation"),
    "country": pgettext_lazy("list export column", "country"),
    "language": pgettext_lazy("list export column", "language"),
    "deadline": pgettext_lazy("list export column", "deadline"),
    "published": pgettext_lazy("list export column", "published"),
    "technologies": pgettext_lazy("list export column", "technologies"),
    "sectors": pgettext_lazy("list export column", "sectors"),
    "illustrative": pgettext_lazy("list export column", "illustrative"),
    "address": pgettext_lazy("list export column", "address"),
    "rank": pgettext_lazy("list export column", "rank"),
    "score": pgettext_lazy("list export column", "score"),
    "cross-border": pgettext_lazy("list export column", "cross-border"),
    "pinned": pgettext_lazy("list export column", "pinned"),
    "hidden": pgettext_lazy("list export column", "hidden"),
    "source": pgettext_lazy("list export column", "source"),
    "reasons": pgettext_lazy("list export column", "reasons"),
}
MATCH_COLUMNS = [
    "rank",
    "title",
    "organisation",
    "country",
    "score",
    "cross-border",
    "pinned",
    "hidden",
    "source",
    "reasons",
    "address",
]


# ---------------------------------------------------------------- opportunities


def opportunity_subject(query: QueryDict) -> str | None:
    """The subject naming the browse page's filters; None when they cannot be exported."""
    pairs = [
        (name, query.get(name, "").strip())
        for name in ("kind", "country", "technology", "sector", "q")
        if query.get(name, "").strip()
    ]
    subject = urlencode(pairs)
    return subject if len(subject) <= SUBJECT_LIMIT and _opportunity_filters(subject) else None


def _opportunity_filters(subject: str) -> queries.OpportunityFilters | None:
    if len(subject) > SUBJECT_LIMIT:
        return None
    form = BrowseForm(QueryDict(subject))
    if not form.is_valid():
        return None
    return queries.OpportunityFilters(**form.cleaned_data)


def _tags(opportunity: Opportunity, facet: str) -> str:
    """The opportunity's labels of ``facet`` in the file's language, in its alphabet's order."""
    labels = [
        translate_label(tag.label, facet=tag.facet)
        for tag in opportunity.tags.all()
        if tag.facet == facet
    ]
    return "; ".join(name for _code, name in by_local_name((label, label) for label in labels))


def render_opportunities(request: ExportRequest) -> RenderedFile:
    filters = _opportunity_filters(request.subject)
    if filters is None:
        raise ValueError("the subject is not an exportable marketplace search")
    rows = queries.list_published_opportunities(user=request.user, filters=filters)
    cells = [
        [
            opportunity.title,
            opportunity.get_kind_display(),
            opportunity.owner.name,
            opportunity.owner.country.display_name,
            opportunity.language,
            opportunity.deadline_date,
            # the day (UTC): a spreadsheet cell holds no time zone
            opportunity.published_at.astimezone(dt.UTC).date()
            if opportunity.published_at
            else None,
            _tags(opportunity, "technologies"),
            _tags(opportunity, "sectors"),
            yes(request.file_format) if opportunity.is_illustrative else "",
            reverse("marketplace:opportunity_detail", args=[opportunity.pk]),
        ]
        for opportunity in rows.select_related("owner__country").prefetch_related("tags")[
            :EXPORT_LIMIT
        ]
    ]
    content = table_bytes(
        request.file_format,
        title=_("Opportunities"),
        header=heading_row(request.file_format, OPPORTUNITY_COLUMNS, HEADINGS),
        rows=cells,
    )
    return RenderedFile(
        document_file_name(_("Opportunities"), extension=request.file_format), content
    )


OPPORTUNITIES_LIST = ExportKind(
    key="marketplace.opportunities",
    label=gettext_lazy("Opportunities"),
    formats=("csv", "xlsx"),
    can_request=lambda user, subject: _opportunity_filters(subject) is not None,
    render=render_opportunities,
    page=lambda subject: reverse("marketplace:browse") + (f"?{subject}" if subject else ""),
)


# ---------------------------------------------------------------- an opportunity's matches


def match_subject(opportunity_id: int, query: QueryDict) -> str:
    """The subject naming an opportunity's match list with the page's filters."""
    pairs = [
        (name, query.get(name, "").strip())
        for name in ("country", "cross_border", "min_score", "hidden")
        if query.get(name, "").strip()
    ]
    return f"{opportunity_id}?{urlencode(pairs)}" if pairs else str(opportunity_id)


def _match_list(user: AnyUser, subject: str) -> tuple[Opportunity, list[MatchSuggestion]] | None:
    """The page's list for ``subject`` as ``user`` sees it; None when it is not theirs to see or
    the filters are not the page's."""
    reference, _separator, query = subject.partition("?")
    if not reference.isdigit() or len(subject) > SUBJECT_LIMIT:
        return None
    try:
        opportunity = permissions.access_opportunity_matches(
            user=user, opportunity_id=int(reference)
        )
    except (Http404, PermissionDenied):
        return None
    data = QueryDict(query, mutable=True)
    country = data.get("country", "")
    if country:
        data["country"] = str(country).upper()
    form = MatchFilterForm(data, countries=queries.list_match_countries(opportunity=opportunity))
    if not form.is_valid():
        return None
    is_broker = queries.is_broker(user=user, opportunity=opportunity)
    filters = queries.MatchFilters(
        country=form.cleaned_data["country"] or "",
        cross_border_only=form.cleaned_data["cross_border"],
        min_score=form.cleaned_data["min_score"] or 0.0,
        include_hidden=form.cleaned_data["hidden"] and is_broker,
    )
    if opportunity.seeks_providers:
        return opportunity, queries.list_matches(
            user=user, opportunity=opportunity, filters=filters
        )
    return opportunity, queries.list_served_needs(user=user, offer=opportunity, filters=filters)


def _match_row(
    opportunity: Opportunity, rank: int, match: MatchSuggestion, file_format: str
) -> list[CellValue]:
    if not opportunity.seeks_providers:
        other: Opportunity | None = match.opportunity
    else:
        other = match.provider_opportunity
    if other is not None:
        title, organisation = other.title, other.owner.name
        address = reverse("marketplace:opportunity_detail", args=[other.pk])
    else:
        provider = match.provider_organisation
        title, organisation = "", provider.name if provider else ""
        address = reverse("directory:organisation", args=[provider.slug]) if provider else ""
    country = (
        match.provider_country
        if opportunity.seeks_providers
        else (match.opportunity.owner.country_id)
    )
    return [
        rank,
        title,
        organisation,
        country,
        round(match.score, 4),
        yes(file_format) if match.cross_border else "",
        yes(file_format) if match.is_pinned else "",
        yes(file_format) if match.is_hidden else "",
        match.source,
        "; ".join(reason_texts(match)),  # in the requester's language, as on the page
        address,
    ]


def render_matches(request: ExportRequest) -> RenderedFile:
    found = _match_list(request.user, request.subject)
    if found is None:
        raise ValueError("the subject is not a match list this person may see")
    opportunity, matches = found
    cells = [
        _match_row(opportunity, rank, match, request.file_format)
        for rank, match in enumerate(matches, start=1)
    ]
    content = table_bytes(
        request.file_format,
        title=_("Matches"),
        header=heading_row(request.file_format, MATCH_COLUMNS, HEADINGS),
        rows=cells,
    )
    return RenderedFile(
        document_file_name(_("Matches"), opportunity.pk, extension=request.file_format), content
    )


def _matches_page(subject: str) -> str:
    """The match list a file was made from (``<id>`` or ``<id>?filters``); none for a subject
    of another form."""
    number, _separator, filters = subject.partition("?")
    if not number.isdigit():
        return ""
    return reverse("marketplace:matches", args=[int(number)]) + (f"?{filters}" if filters else "")


MATCHES_LIST = ExportKind(
    key="marketplace.matches",
    label=gettext_lazy("Matches"),
    formats=("csv", "xlsx"),
    can_request=lambda user, subject: _match_list(user, subject) is not None,
    render=render_matches,
    page=_matches_page,
)
