"""The scoreboard: every indicator of ``registry`` computed from the platform's rows.

Other apps are read only through their ``queries``; stock indicators use the very functions the
partnership page and the work plan use, so the numbers are the same by construction (and a test
compares them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from crosscluster.brokerage import queries as brokerage_queries
from crosscluster.businessplan import queries as businessplan_queries
from crosscluster.directory import queries as directory_queries
from crosscluster.engines.network.model import Share
from crosscluster.events import queries as event_queries
from crosscluster.marketplace import queries as marketplace_queries
from crosscluster.monitoring import adapters
from crosscluster.monitoring.models import Target
from crosscluster.monitoring.queries.network import (
    SUGGESTIONS_PER_PARTNER,
    TIES_PAGE_SIZE,
    NetworkRead,
    NetworkView,
    TiePage,
    TieRow,
    analyse_network,
    get_network,
    get_network_payload,
    get_network_snapshot,
    list_network_ties,
    page_ties,
    read_network,
)
from crosscluster.monitoring.registry import BY_KEY, INDICATORS, Indicator
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.strategy import queries as strategy_queries

__all__ = [
    "INDICATORS",
    "SUGGESTIONS_PER_PARTNER",
    "TIES_PAGE_SIZE",
    "Indicator",
    "NetworkRead",
    "NetworkView",
    "Share",
    "TiePage",
    "TieRow",
    "analyse_network",
    "get_network",
    "get_network_payload",
    "get_network_snapshot",
    "list_network_ties",
    "page_ties",
    "read_network",
]

if TYPE_CHECKING:
    from crosscluster.engines.financing.checks import Figures as PlanFigures
    from crosscluster.partnerships.models import Partnership
    from crosscluster.partnerships.queries import AnyUser

PERIOD = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")
NEED_KINDS = ("industrial_need", "technology_request")
OFFER_KINDS = ("ict_offer", "technology_offer")
COOPERATION_KINDS = ("business_cooperation", "research_cooperation")
SME_KIND = "sme"


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """``2026`` -> (2026-01-01, 2027-01-01); ``2026-Q2`` -> (2026-04-01, 2026-07-01). ValueError
    when the period is neither."""
    match = PERIOD.match(period)
    if match is None:
        raise ValueError(_("write the period as a year (2026) or a quarter (2026-Q2)"))
    year = int(match["year"])
    if match["quarter"] is None:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    quarter = int(match["quarter"])
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def month_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


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
    #: dimension -> category -> value (the indicator's ``breakdowns``: by country, type ...)
    breakdowns: dict[str, dict[str, float]] = field(default_factory=dict)
    #: month (2026-03) -> value (flow indicators)
    monthly: dict[str, float] = field(default_factory=dict)
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
    monthly: Counter[str] = Counter()
    breakdown: Counter[str] = Counter()
    for row in rows:
        day = _day(row.get(date_field))
        if bounds is not None and (day is None or not bounds[0] <= day < bounds[1]):
            continue
        kept.append(row)
        if day is not None:
            series[quarter_of(day)] += 1
            monthly[month_of(day)] += 1
        if category is not None:
            breakdown[str(row.get(category) or "")] += 1
    return Figure(
        indicator=indicator,
        value=len(kept),
        series=dict(sorted(series.items())),
        breakdown=dict(sorted(breakdown.items())),
        rows=tuple(kept),
        monthly=dict(sorted(monthly.items())),
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
        signatories: dict[object, list[int]] = {}
        for (
            agreement_id,
            organisation_id,
        ) in brokerage_queries.list_monitoring_agreement_partner_rows(partnership_id=pid):
            signatories.setdefault(agreement_id, []).append(organisation_id)
        self.agreements = [
            {**row, "signatories": tuple(sorted(signatories.get(row["pk"], ())))}
            for row in brokerage_queries.list_monitoring_agreement_rows(partnership_id=pid)
        ]
        self.outcomes = brokerage_queries.list_monitoring_outcome_rows(partnership_id=pid)
        self.participants = brokerage_queries.list_monitoring_participant_rows(partnership_id=pid)
        self.events = event_queries.list_monitoring_event_rows(partnership_id=pid)

    @functools.cached_property
    def involvement(self) -> Involvement:
        """The organisations involved (partners and members of partner clusters: the set the
        partnership page counts) with their country, type and size, and each partner's cluster."""
        pid = self.partnership.pk
        partner_ids = partnership_queries.list_partner_organisation_ids(partnership_id=pid)
        memberships = directory_queries.list_membership_pairs(cluster_ids=partner_ids)
        # the very set the partnership page counts (one query, its UNION subquery)
        by_id: dict[int, dict[str, object]] = {
            row["pk"]: dict(row)
            for row in partnership_queries.involved_organisations(
                partnership=self.partnership
            ).values("pk", "name", "country_id", "kind", "size")
        }
        clusters: dict[int, set[int]] = {partner: {partner} for partner in partner_ids}
        for cluster_id, member_id in memberships:
            clusters[cluster_id].add(member_id)
        return Involvement(rows=by_id, clusters=clusters)

    @functools.cached_property
    def plan_figures(self) -> PlanFigures | None:
        """The business plan page's own figures (None without a plan)."""
        view = businessplan_queries.view_plan(
            partnership=self.partnership,
            standing=partnership_queries.Standing(is_coordinator=False, is_member=True),
            today=self.today,
        )
        return view.figures


@dataclass(frozen=True)
class Involvement:
    rows: dict[int, dict[str, object]]
    #: partner organisation id -> itself and the members of its cluster
    clusters: dict[int, set[int]]


def _involvement(only_smes: bool) -> Compute:
    """Organisations involved (or their SMEs), broken down by country, type, size and partner
    cluster; the total is the partnership page's own count (``count_involvement``), and a test
    checks every breakdown but the per-cluster one adds up to it."""

    def compute(
        indicator: Indicator, sources: _Sources, bounds: tuple[dt.date, dt.date] | None
    ) -> Figure:
        involvement = sources.involvement
        counted = {
            pk: row
            for pk, row in involvement.rows.items()
            if not only_smes or row["kind"] == SME_KIND
        }
        breakdowns: dict[str, dict[str, float]] = {}
        for dimension, column in (("country", "country_id"), ("type", "kind"), ("size", "size")):
            found = Counter(str(row[column] or "") for row in counted.values())
            breakdowns[dimension] = dict(sorted(found.items()))
        labels = {pk: str(row["name"]) for pk, row in involvement.rows.items()}
        breakdowns["partner cluster"] = dict(
            sorted(
                (labels.get(partner, str(partner)), float(len(members & counted.keys())))
                for partner, members in involvement.clusters.items()
            )
        )
        value = sources.counts.smes if only_smes else sources.counts.organisations
        return Figure(indicator, value, breakdowns=breakdowns)

    return compute


def _by_partner_cluster(
    rows: Iterable[dict[str, object]], fields: tuple[str, ...], involvement: Involvement
) -> dict[str, float]:
    """A flow figure's rows by partner cluster (``registry.FLOW_BY_PARTNER_CLUSTER``): for each
    partner, the rows one of whose organisations (``fields``: an id or a tuple of ids) is the
    partner or a member of its cluster. Every partner is listed, with 0 when none."""
    labels = {pk: str(row["name"]) for pk, row in involvement.rows.items()}
    counts = dict.fromkeys(involvement.clusters, 0)
    for row in rows:
        named: set[object] = set()
        for field_name in fields:
            value = row.get(field_name)
            named.update(value if isinstance(value, tuple) else (value,))
        for partner, members in involvement.clusters.items():
            if not members.isdisjoint(named):
                counts[partner] += 1
    return dict(
        sorted(
            (labels.get(partner, str(partner)), float(count)) for partner, count in counts.items()
        )
    )


def _strategy_actions(
    indicator: Indicator, sources: _Sources, bounds: tuple[dt.date, dt.date] | None
) -> Figure:
    """The strategy page's roadmap progress (``strategy.queries.get_roadmap_progress``, the very
    read of its "Roadmap progress" section): done / planned by the period's last day, in %."""
    until = bounds[1] - dt.timedelta(days=1) if bounds else sources.today
    progress = strategy_queries.get_roadmap_progress(
        strategy=strategy_queries.get_strategy(partnership=sources.partnership), until=until
    )
    return Figure(
        indicator,
        progress.percent,
        breakdown={"done": float(progress.done), "planned": float(progress.planned)},
        breakdowns={
            "status": {status: float(count) for status, count in progress.by_status.items()}
        },
        rows=tuple(
            {
                "code": action.code,
                "title": action.title,
                "owner": action.owner,
                "end_date": action.end_date,
                "status": action.status,
                "done_date": action.done_date,
            }
            for action in progress.actions
        ),
    )


def _budget(financed: bool) -> Compute:
    """The business plan page's totals (``businessplan.queries.view_plan``), by year; the
    financed total also by status (granted or not yet)."""

    def compute(
        indicator: Indicator, sources: _Sources, bounds: tuple[dt.date, dt.date] | None
    ) -> Figure:
        figures = sources.plan_figures
        if figures is None:
            return Figure(indicator, 0.0)
        by_year = {
            str(flow.year): float(flow.financing if financed else flow.cost)
            for flow in figures.flows
        }
        if not financed:
            return Figure(indicator, float(figures.total_cost), breakdowns={"year": by_year})
        total = figures.total_financing
        status = {
            "granted": float(figures.granted),
            "not yet granted": float(total - figures.granted),
        }
        return Figure(indicator, float(total), breakdowns={"status": status, "year": by_year})

    return compute


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
    "organisations": _involvement(only_smes=False),
    "smes": _involvement(only_smes=True),
    "work_plan": _stock(lambda s: s.progress.percent),
    "strategy_actions": _strategy_actions,
    "budget_committed": _budget(financed=False),
    "budget_financed": _budget(financed=True),
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
    "meetings_no_show": lambda i, s, b: _flow(
        i,
        (row for row in s.requests if row["scheduled"] and row["attendance"] == "no_show"),
        "session__event__end_at",
        b,
    ),
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
    members: bool = False,
) -> Scoreboard:
    """Every indicator of the registry for a partnership; flow indicators counted within
    ``period`` (a year or a quarter; "" = since the start). ValueError for a bad period.
    ``now`` (aware; default: the current time) decides which meetings are held: those whose
    event has ended by then. Indicators whose audience is "members" (the business plan's) are
    computed only when ``members`` (the viewer is a member or coordinator: ``can_see_internal``)."""
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
        if indicator.audience == "members" and not members:
            continue
        figure = COMPUTE[indicator.key](indicator, sources, bounds)
        if indicator.organisations and figure.rows:  # from the very rows the number counts
            by_cluster = _by_partner_cluster(
                figure.rows, indicator.organisations, sources.involvement
            )
            figure = dataclasses.replace(
                figure, breakdowns={**figure.breakdowns, "partner cluster": by_cluster}
            )
        figures.append(dataclasses.replace(figure, target=targets.get(indicator.key)))
    return Scoreboard(partnership=partnership, period=period, figures=tuple(figures))


def can_see_internal(*, user: AnyUser, partnership: Partnership) -> bool:
    """Whether the viewer sees the "members" indicators: the partnership's members and
    coordinators, as for the business plan (``businessplan.permissions.access_plan``)."""
    standing = partnership_queries.get_standing(user=user, partnership_id=partnership.pk)
    return standing.is_member or standing.is_coordinator


def get_indicator(*, key: str) -> Indicator:
    try:
        return BY_KEY[key]
    except KeyError:
        raise LookupError(key) from None


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
