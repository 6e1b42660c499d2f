"""The scoreboard: every indicator of ``registry`` computed from the platform's rows.

Other apps are read only through their ``queries``; stock indicators use the very functions the
partnership page and the work plan use, so the numbers are the same by construction (and a test
compares them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from crosscluster.brokerage import queries as brokerage_queries
from crosscluster.directory import queries as directory_queries
from crosscluster.engines.network.analysis import analyse
from crosscluster.engines.network.model import (
    NetworkAnalysis,
    NetworkInput,
    Share,
    Suggestions,
    TieClass,
    TieKind,
)
from crosscluster.engines.network.suggest import graph_from_pairs, suggest_partners
from crosscluster.events import queries as event_queries
from crosscluster.marketplace import queries as marketplace_queries
from crosscluster.monitoring import adapters
from crosscluster.monitoring.models import Target
from crosscluster.monitoring.registry import BY_KEY, INDICATORS, Indicator
from crosscluster.partnerships import queries as partnership_queries

__all__ = ["INDICATORS", "Indicator", "Share"]

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

PERIOD = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")
NEED_KINDS = ("industrial_need", "technology_request")
OFFER_KINDS = ("ict_offer", "technology_offer")
COOPERATION_KINDS = ("business_cooperation", "research_cooperation")


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """``2026`` -> (2026-01-01, 2027-01-01); ``2026-Q2`` -> (2026-04-01, 2026-07-01). ValueError
    when the period is neither."""
    match = PERIOD.match(period)
    if match is None:
        raise ValueError("write the period as a year (2026) or a quarter (2026-Q2)")
    year = int(match["year"])
    if match["quarter"] is None:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    quarter = int(match["quarter"])
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    value: float
    #: quarter -> value (flow indicators; empty for stock ones)
    series: dict[str, float] = field(default_factory=dict)
    #: category -> value (a breakdown: by kind, status ...)
    breakdown: dict[str, float] = field(default_factory=dict)
    #: the rows the number counts, for the report's raw sheets
    rows: tuple[dict[str, object], ...] = ()
    target: Decimal | None = None

    @property
    def progress_percent(self) -> int | None:
        if self.target is None or self.target == 0:
            return None
        return round(100 * self.value / float(self.target))


@dataclass(frozen=True)
class Scoreboard:
    partnership: Partnership
    period: str
    figures: tuple[Figure, ...]

    def figure(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.indicator.key == key)


def _flow(
    indicator: Indicator,
    rows: Iterable[dict[str, object]],
    date_field: str,
    bounds: tuple[dt.date, dt.date] | None,
    category: str | None = None,
) -> Figure:
    kept = []
    series: Counter[str] = Counter()
    breakdown: Counter[str] = Counter()
    for row in rows:
        day = _day(row.get(date_field))
        if bounds is not None and (day is None or not bounds[0] <= day < bounds[1]):
            continue
        kept.append(row)
        if day is not None:
            series[quarter_of(day)] += 1
        if category is not None:
            breakdown[str(row.get(category) or "")] += 1
    return Figure(
        indicator=indicator,
        value=len(kept),
        series=dict(sorted(series.items())),
        breakdown=dict(sorted(breakdown.items())),
        rows=tuple(kept),
    )


class _Sources:
    """Each app's rows, read once per scoreboard."""

    def __init__(self, partnership: Partnership, today: dt.date, now: dt.datetime) -> None:
        pid = partnership.pk
        self.partnership = partnership
        self.today = today
        self.now = now
        self.counts = partnership_queries.count_involvement(partnership=partnership)
        self.progress = partnership_queries.get_work_plan_progress(
            partnership=partnership, today=today
        )
        self.opportunities = marketplace_queries.list_monitoring_opportunity_rows(
            partnership_id=pid
        )
        self.matches = marketplace_queries.list_monitoring_match_rows(partnership_id=pid)
        self.interests = marketplace_queries.list_monitoring_interest_rows(partnership_id=pid)
        self.requests = brokerage_queries.list_monitoring_request_rows(partnership_id=pid)
        self.agreements = brokerage_queries.list_monitoring_agreement_rows(partnership_id=pid)
        self.outcomes = brokerage_queries.list_monitoring_outcome_rows(partnership_id=pid)
        self.participants = brokerage_queries.list_monitoring_participant_rows(partnership_id=pid)
        self.events = event_queries.list_monitoring_event_rows(partnership_id=pid)


Compute = Callable[[Indicator, _Sources, "tuple[dt.date, dt.date] | None"], Figure]


def _stock(value: Callable[[_Sources], float]) -> Compute:
    return lambda indicator, sources, bounds: Figure(indicator, value(sources))


def _of_kinds(kinds: tuple[str, ...]) -> Compute:
    return lambda indicator, sources, bounds: _flow(
        indicator,
        (row for row in sources.opportunities if row["kind"] in kinds),
        "published_at",
        bounds,
        "kind",
    )


def _held(sources: _Sources) -> list[dict[str, object]]:
    return [row for row in sources.requests if adapters.is_held(row, sources.now)]


COMPUTE: dict[str, Compute] = {
    "partners": _stock(lambda s: s.counts.partners),
    "organisations": _stock(lambda s: s.counts.organisations),
    "smes": _stock(lambda s: s.counts.smes),
    "work_plan": _stock(lambda s: s.progress.percent),
    "needs_published": _of_kinds(NEED_KINDS),
    "offers_published": _of_kinds(OFFER_KINDS),
    "cooperation_published": _of_kinds(COOPERATION_KINDS),
    "matches_suggested": lambda i, s, b: _flow(i, s.matches, "computed_at", b),
    "matches_useful": lambda i, s, b: _flow(
        i, (row for row in s.matches if row["judged_useful"]), "computed_at", b
    ),
    "interests": lambda i, s, b: _flow(i, s.interests, "created_at", b, "status"),
    "conversations": lambda i, s, b: _flow(
        i, (row for row in s.interests if row["status"] == "accepted"), "created_at", b
    ),
    "meetings_requested": lambda i, s, b: _flow(i, s.requests, "created_at", b, "status"),
    "meetings_scheduled": lambda i, s, b: _flow(
        i, (row for row in s.requests if row["scheduled"]), "created_at", b
    ),
    "meetings_held": lambda i, s, b: _flow(i, _held(s), "session__event__end_at", b),
    "study_visits": lambda i, s, b: _flow(
        i, (row for row in s.events if row["kind"] == "study_visit"), "start_at", b, "country_id"
    ),
    "study_visit_participants": lambda i, s, b: _flow(
        i,
        (row for row in s.participants if row["session__event__kind"] == "study_visit"),
        "session__event__start_at",
        b,
    ),
    "agreements": lambda i, s, b: _flow(i, s.agreements, "signed_date", b, "kind"),
    "outcomes_6_months": lambda i, s, b: _flow(
        i,
        (
            row
            for row in s.outcomes
            if row["wave"] == "six_months" and row["outcome"] != "no_contact"
        ),
        "answered_at",
        b,
        "outcome",
    ),
}


def list_targets(*, partnership: Partnership, period: str | None = None) -> list[Target]:
    targets = Target.objects.filter(partnership=partnership).order_by("period", "indicator")
    if period is not None:
        targets = targets.filter(period=period)
    return list(targets)


def compute_scoreboard(
    *,
    partnership: Partnership,
    today: dt.date,
    period: str = "",
    now: dt.datetime | None = None,
) -> Scoreboard:
    """Every indicator of the registry for a partnership; flow indicators counted within
    ``period`` (a year or a quarter; "" = since the start). ValueError for a bad period.
    ``now`` (aware; default: the current time) decides which meetings are held: those whose
    event has ended by then."""
    bounds = period_bounds(period) if period else None
    sources = _Sources(partnership, today, now if now is not None else timezone.now())
    targets = (
        {
            target.indicator: target.value
            for target in list_targets(partnership=partnership, period=period)
        }
        if period
        else {}
    )
    figures = []
    for indicator in INDICATORS:
        figure = COMPUTE[indicator.key](indicator, sources, bounds)
        figures.append(
            Figure(
                indicator=figure.indicator,
                value=figure.value,
                series=figure.series,
                breakdown=figure.breakdown,
                rows=figure.rows,
                target=targets.get(indicator.key),
            )
        )
    return Scoreboard(partnership=partnership, period=period, figures=tuple(figures))


def get_indicator(*, key: str) -> Indicator:
    try:
        return BY_KEY[key]
    except KeyError:
        raise LookupError(key) from None


# ----------------------------------------------------------------------------- network

TIES_PAGE_SIZE = 50
SUGGESTIONS_PER_PARTNER = 5


@dataclass(frozen=True)
class NetworkView:
    """The partnership's collaboration network, analysed, with partner suggestions."""

    partnership: Partnership
    network: NetworkInput
    analysis: NetworkAnalysis
    #: organisation id (text) -> directory row (pk, slug, name, country_id, kind, size, sector ...)
    rows: dict[str, dict[str, object]]
    partner_ids: frozenset[str]
    suggestions: tuple[Suggestions, ...]

    def label(self, organisation_id: str) -> str:
        row = self.rows.get(organisation_id)
        return str(row["name"]) if row else organisation_id


@dataclass(frozen=True)
class TieRow:
    source: str
    source_label: str
    target: str
    target_label: str
    kind: str
    tie_class: str
    year: int | None
    reason: str


@dataclass(frozen=True)
class TiePage:
    rows: tuple[TieRow, ...]
    count: int
    page: int
    pages: int


def get_network(*, partnership: Partnership, now: dt.datetime) -> NetworkView:
    """Organisations of the partnership and everyone they have a tie with, the ties (useful
    matches, accepted interests, held meetings, agreements, past joint CORDIS projects), the
    engine's analysis, and suggested new partners for each partner organisation."""
    pid = partnership.pk
    partner_ids = partnership_queries.list_partner_organisation_ids(partnership_id=pid)
    memberships = directory_queries.list_membership_pairs(cluster_ids=partner_ids)
    involved = partner_ids | {member for _, member in memberships}
    titles = {
        row["pk"]: str(row["title"])
        for row in marketplace_queries.list_monitoring_opportunity_rows(partnership_id=pid)
    }
    ties = [
        *adapters.match_ties(
            marketplace_queries.list_monitoring_match_rows(partnership_id=pid), titles
        ),
        *adapters.conversation_ties(
            marketplace_queries.list_monitoring_interest_rows(partnership_id=pid), titles
        ),
        *adapters.meeting_ties(
            brokerage_queries.list_monitoring_request_rows(partnership_id=pid), now
        ),
        *adapters.agreement_ties(
            brokerage_queries.list_monitoring_agreement_rows(partnership_id=pid),
            brokerage_queries.list_monitoring_agreement_partner_rows(partnership_id=pid),
        ),
    ]
    involved_rows = directory_queries.list_network_organisation_rows(organisation_ids=involved)
    involved_pics = {
        str(row["source_reference"]) for row in involved_rows if row["source"] == "cordis"
    }
    if involved_pics:
        projects = adapters.read_cordis_projects(settings.DATA_DIR)
        by_pic = directory_queries.map_source_references(
            source="cordis", references=adapters.relevant_pics(projects, involved_pics)
        )
        ties.extend(adapters.project_ties(projects, by_pic, involved))
    others = {int(end) for tie in ties for end in (tie.source, tie.target)} - involved
    rows = involved_rows + directory_queries.list_network_organisation_rows(organisation_ids=others)
    network = adapters.network_input(
        organisation_rows=rows, memberships=memberships, partner_ids=partner_ids, ties=ties
    )
    analysis = analyse(network)
    by_id = {str(row["pk"]): row for row in rows}
    labels = {key: str(row["name"]) for key, row in by_id.items()}
    graph = graph_from_pairs(
        ((tie.source, tie.target, 1.0) for tie in network.ties), ids=by_id.keys()
    )
    partners = sorted(str(partner) for partner in partner_ids if str(partner) in by_id)
    suggestions = suggest_partners(graph, partners, top=SUGGESTIONS_PER_PARTNER, labels=labels)
    return NetworkView(
        partnership=partnership,
        network=network,
        analysis=analysis,
        rows=by_id,
        partner_ids=frozenset(partners),
        suggestions=tuple(suggestions),
    )


def page_ties(
    *, view: NetworkView, search: str = "", kind: str = "", country: str = "", page: int = 1
) -> TiePage:
    """The network's ties as table rows (both ends named), filtered by an organisation's name
    (``search``, case-insensitive, either end), a tie kind and a country (either end).
    ValueError for an unknown kind."""
    kinds = [choice.value for choice in TieKind]
    if kind and kind not in kinds:
        raise ValueError(f"choose one of {', '.join(kinds)}")
    needle = search.strip().casefold()
    found = []
    for tie, tie_class in zip(view.network.ties, view.analysis.tie_classes, strict=True):
        source, target = view.rows.get(tie.source, {}), view.rows.get(tie.target, {})
        if kind and tie.kind.value != kind:
            continue
        if country and country not in (source.get("country_id"), target.get("country_id")):
            continue
        source_label, target_label = view.label(tie.source), view.label(tie.target)
        if needle and not (needle in source_label.casefold() or needle in target_label.casefold()):
            continue
        found.append(
            TieRow(
                source=tie.source,
                source_label=source_label,
                target=tie.target,
                target_label=target_label,
                kind=tie.kind.value,
                tie_class=TieClass(tie_class).value,
                year=tie.year,
                reason=tie.reason,
            )
        )
    pages = max(1, -(-len(found) // TIES_PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * TIES_PAGE_SIZE
    return TiePage(
        rows=tuple(found[start : start + TIES_PAGE_SIZE]), count=len(found), page=page, pages=pages
    )


def get_network_page(
    *,
    partnership: Partnership,
    now: dt.datetime,
    search: str = "",
    kind: str = "",
    country: str = "",
    page: int = 1,
) -> tuple[NetworkView, TiePage]:
    """The network and one page of its table view (see ``page_ties``)."""
    view = get_network(partnership=partnership, now=now)
    return view, page_ties(view=view, search=search, kind=kind, country=country, page=page)


def personal_data(user_id: int) -> dict[str, object]:
    """The targets a person set (see core.personal_data)."""
    from crosscluster.monitoring.models import Target

    return {
        "targets_set": list(
            Target.objects.filter(set_by_id=user_id).values(
                "partnership_id", "indicator", "period", "value", "set_at"
            )
        )
    }
