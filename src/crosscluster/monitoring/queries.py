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

from crosscluster.brokerage import queries as brokerage_queries
from crosscluster.events import queries as event_queries
from crosscluster.marketplace import queries as marketplace_queries
from crosscluster.monitoring.models import Target
from crosscluster.monitoring.registry import BY_KEY, INDICATORS, Indicator

__all__ = ["INDICATORS", "Indicator"]
from crosscluster.partnerships import queries as partnership_queries

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

    def __init__(self, partnership: Partnership, today: dt.date) -> None:
        pid = partnership.pk
        self.partnership = partnership
        self.today = today
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
    now = dt.datetime.combine(sources.today, dt.time.min, tzinfo=dt.UTC)
    return [
        row
        for row in sources.requests
        if row["scheduled"]
        and isinstance(row["session__event__end_at"], dt.datetime)
        and row["session__event__end_at"] < now
    ]


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


def compute_scoreboard(*, partnership: Partnership, today: dt.date, period: str = "") -> Scoreboard:
    """Every indicator of the registry for a partnership; flow indicators counted within
    ``period`` (a year or a quarter; "" = since the start). ValueError for a bad period."""
    bounds = period_bounds(period) if period else None
    sources = _Sources(partnership, today)
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
