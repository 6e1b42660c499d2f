"""Builders for business-plan tests: a small roadmap and a plan made through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from crosscluster.businessplan import services
from crosscluster.businessplan.models import BusinessPlan, FundingInstrument
from crosscluster.strategy import services as strategy_services
from crosscluster.strategy.models import RoadmapAction
from crosscluster.strategy.tests.helpers import DISCLAIMER, FUNDING, identify
from tests.cast import Cast

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()

__all__ = ["DISCLAIMER", "FUNDING", "NOW", "TODAY", "Plan", "build_plan", "build_roadmap"]


def build_roadmap(cast: Cast, *, actions: int = 2) -> list[RoadmapAction]:
    """A JIS for 2026-2027 with ``actions`` roadmap actions (A1 owned by the cluster, A2 by the
    other cluster, ...)."""
    identify(cast.partnership)
    strategy_services.update_strategy(
        user=cast.coordinator,
        partnership=cast.partnership,
        header=strategy_services.StrategyHeader(
            title="JIS 2026-2027",
            period_start_date=dt.date(2026, 1, 1),
            period_end_date=dt.date(2027, 12, 31),
        ),
    )
    titles = ["Study visits", "Matchmaking", "Joint offer", "Market exploration"]
    return [
        strategy_services.save_action(
            user=cast.coordinator,
            partnership=cast.partnership,
            data=strategy_services.ActionInput(
                title=titles[number % len(titles)],
                owner_id=(cast.cluster if number % 2 == 0 else cast.other_cluster).pk,
                start_date=dt.date(2026, 1, 1),
                end_date=dt.date(2027, 12, 31),
            ),
        )
        for number in range(actions)
    ]


@dataclass
class Plan:
    plan: BusinessPlan
    a1: RoadmapAction
    a2: RoadmapAction
    eu: FundingInstrument  # a partnership's own EU instrument with a 50% cap
    national: FundingInstrument  # shared catalogue: Vinnova (no cap)


def build_plan(cast: Cast) -> Plan:
    """The hand-computed example of docs/businessplan.md (and test_checks), in the database:

    A1 2026: 2 PM x 5,000 (cluster) + 1.5 PM without rate (other cluster) + travel 2,000
             = 12,000; financed 9,000 EU (granted) + 3,000 own (cluster) = 12,000.
    A1 2027: events 8,000; financed 8,000 national (applied).
    A2 2027: subcontracting 12,000; financed 10,000 national (planned); 5,000 EU rejected.
    """
    a1, a2 = build_roadmap(cast)
    user = cast.coordinator
    plan = services.save_plan(
        user=user,
        partnership=cast.partnership,
        data=services.PlanInput(first_year=2026, last_year=2027, notes="Rates: 2025 payroll."),
        now=NOW,
    )
    eu = services.save_instrument(
        user=user,
        partnership=cast.partnership,
        data=services.InstrumentInput(
            name="Test EU grant", level="eu", cofinancing_cap_percent="50", programme="Test"
        ),
        now=NOW,
    )
    national = FundingInstrument.objects.get(key="vinnova", partnership__isnull=True)
    add = services.save_effort
    add(user=user, plan=plan, data=services.EffortInput(a1.pk, 2026, cast.cluster.pk, "2", "5000"))
    add(user=user, plan=plan, data=services.EffortInput(a1.pk, 2026, cast.other_cluster.pk, "1.5"))
    cost = services.save_cost
    cost(user=user, plan=plan, data=services.CostInput(a1.pk, 2026, "travel", "Flights", "2000"))
    cost(user=user, plan=plan, data=services.CostInput(a1.pk, 2027, "events", "Venue", "8000"))
    cost(
        user=user, plan=plan, data=services.CostInput(a2.pk, 2027, "subcontracting", "Study", 12000)
    )
    money = services.save_financing
    money(
        user=user,
        plan=plan,
        data=services.FinancingInput(a1.pk, 2026, Decimal(9000), eu.pk, status="granted"),
    )
    money(
        user=user,
        plan=plan,
        data=services.FinancingInput(a1.pk, 2026, "3000", organisation_id=cast.cluster.pk),
    )
    money(
        user=user,
        plan=plan,
        data=services.FinancingInput(a1.pk, 2027, "8000", national.pk, status="applied"),
    )
    money(user=user, plan=plan, data=services.FinancingInput(a2.pk, 2027, "10000", national.pk))
    money(
        user=user,
        plan=plan,
        data=services.FinancingInput(a2.pk, 2027, "5000", eu.pk, status="rejected"),
    )
    plan.refresh_from_db()
    return Plan(plan=plan, a1=a1, a2=a2, eu=eu, national=national)
