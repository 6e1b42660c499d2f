"""Demo stage: an illustrative JIS roadmap and business plan for the DIA partnership.

Nothing here is published about the partnership: the strategy's roadmap (four actions derived
from the illustrative work plan: study visits, matchmaking, joint offer, market exploration),
its person-months, staff rates, costs and financing, and the funding calls are demo content, and
each says so. The financing instruments are real entries of the shared catalogue
(``crosscluster/data/funding``); the amounts asked of them are made up. The calls are not real
calls: their titles start with "Illustrative call", they carry ``is_illustrative`` and no address.

The plan covers the year of ``today`` and the next two, and the calls' deadlines sit around
``today``, so the pages show a live plan (like the demo events). Writes go through the
strategy's and the business plan's services, acting as the platform (an unsaved administrator
object: nothing about a person is stored). Idempotent: once the demo strategy has a business
plan, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from crosscluster.accounts.models import User
from crosscluster.businessplan import services
from crosscluster.businessplan.catalogue import load_catalogue
from crosscluster.businessplan.models import BusinessPlan, FundingCall, FundingInstrument
from crosscluster.demo.partnership import get_demo_partnership, get_or_create_partner_clusters
from crosscluster.strategy import services as strategy_services
from crosscluster.strategy.models import RoadmapAction, Strategy

ILLUSTRATIVE = (
    "Illustrative demo content: the partnership has not published its roadmap or business plan; "
    "this is made up from its published aims and the demo work plan to show the platform."
)
STRATEGY_TITLE = "Joint Internationalisation Strategy (illustrative demo)"
PLAN_NOTES = (
    f"{ILLUSTRATIVE} Staff rates are round demo figures per partner, not real salaries. "
    "Financing names real programmes of the shared catalogue; the amounts are made up."
)


@dataclass(frozen=True)
class DemoAction:
    code: str
    title: str
    owner: str  # PartnerCluster.key
    derived_from: str
    # per year offset (0, 1, 2): {category: amount}
    costs: tuple[dict[str, int], ...]
    # per year offset: {partner key: person-months}
    months: tuple[dict[str, str], ...]


ACTIONS = (
    DemoAction(
        "A1",
        "Study visits to the industrial clusters in Germany, Italy and Sweden",
        "portugal",
        "work plan tasks T2.1-T2.3 (study visits)",
        ({"travel": 18000, "events": 12000}, {"travel": 15000, "events": 10000}, {}),
        ({"portugal": "3", "germany": "1", "italy": "1"}, {"portugal": "2", "sweden": "1"}, {}),
    ),
    DemoAction(
        "A2",
        "B2B matchmaking between ICT SMEs and industrial players",
        "spain",
        "work plan package 2 (B2B matchmaking) and milestone M1.1",
        ({"events": 6000}, {"events": 8000, "subcontracting": 9000}, {"events": 6000}),
        ({"spain": "2"}, {"spain": "3", "france": "1"}, {"spain": "2"}),
    ),
    DemoAction(
        "A3",
        "Joint Industry 4.0 offer of the partners' SMEs",
        "france",
        "work plan task T3.1 (joint products and services)",
        ({"communication": 5000}, {"subcontracting": 20000, "communication": 8000}, {}),
        ({"france": "2", "germany": "1"}, {"france": "3", "germany": "2"}, {"france": "1"}),
    ),
    DemoAction(
        "A4",
        "Market exploration missions to the priority markets",
        "germany",
        "work plan task T3.2 (priority markets) and the partnership's target country",
        ({}, {"travel": 14000, "other": 4000}, {"travel": 22000, "events": 9000}),
        ({}, {"germany": "1", "sweden": "1"}, {"germany": "2", "sweden": "1", "italy": "1"}),
    ),
)

# Round demo monthly staff rates (EUR); the Italian partner's rate is "not agreed yet", so the
# plan shows the check for person-months without a rate.
RATES: dict[str, Decimal | None] = {
    "france": Decimal(5500),
    "spain": Decimal(4200),
    "portugal": Decimal(3600),
    "germany": Decimal(6000),
    "italy": None,
    "sweden": Decimal(6400),
}
# Shares of each action-year's cost asked of each source; the rest is the owner's own
# contribution. A4 in the last year is left short (the plan shows a financing gap).
EU_SHARE, REGIONAL_SHARE = Decimal("0.60"), Decimal("0.20")
CATEGORY_TEXT = {
    "travel": "Travel of the partners' staff and SMEs",
    "events": "Venues, catering and interpretation",
    "subcontracting": "External experts",
    "communication": "Brochures, web pages and videos",
    "other": "Market studies and translations",
}


def platform_actor() -> User:
    """The platform acting for the demo: an unsaved administrator (never stored)."""
    return User(email="demo-loader@demo.crosscluster.invalid", is_superuser=True, is_active=True)


def load_business_plan(*, today: dt.date | None = None) -> str:
    """Create the illustrative roadmap (if the demo strategy has none) and business plan."""
    partnership = get_demo_partnership()
    if partnership is None:
        raise RuntimeError("The business plan needs the DIA partnership: load stage 3 first.")
    today = today or timezone.localdate()
    if BusinessPlan.objects.filter(strategy__partnership=partnership).exists():
        return "business plan already loaded (illustrative)"
    now = timezone.now()
    actor = platform_actor()
    clusters = get_or_create_partner_clusters()
    first_year = today.year
    with transaction.atomic():
        if not FundingInstrument.objects.filter(partnership__isnull=True).exists():
            load_catalogue(FundingInstrument, now=now)
        strategy = Strategy.objects.filter(partnership=partnership).first()
        if strategy is None or not strategy.actions.exists():
            strategy_services.update_strategy(
                user=actor,
                partnership=partnership,
                header=strategy_services.StrategyHeader(
                    title=STRATEGY_TITLE,
                    summary=(
                        "Take the partners' Industry 4.0 solutions to markets beyond Europe "
                        f"together.\n\n{ILLUSTRATIVE}"
                    ),
                    period_start_date=dt.date(first_year, 1, 1),
                    period_end_date=dt.date(first_year + 2, 12, 31),
                ),
            )
            for planned in ACTIONS:
                strategy_services.save_action(
                    user=actor,
                    partnership=partnership,
                    data=strategy_services.ActionInput(
                        code=planned.code,
                        title=planned.title,
                        owner_id=clusters[planned.owner].pk,
                        start_date=dt.date(first_year, 1, 1),
                        end_date=dt.date(first_year + 2, 12, 31),
                        description=f"Derived from the {planned.derived_from}. {ILLUSTRATIVE}",
                        budget_line="Business plan (illustrative)",
                    ),
                )
        plan = services.save_plan(
            user=actor,
            partnership=partnership,
            data=services.PlanInput(
                first_year=first_year, last_year=first_year + 2, notes=PLAN_NOTES
            ),
            now=now,
        )
        actions = {row.code: row for row in RoadmapAction.objects.filter(strategy=plan.strategy)}
        catalogue = {
            row.key: row for row in FundingInstrument.objects.filter(partnership__isnull=True)
        }
        eu, regional = catalogue["smp-cosme-euroclusters"], catalogue["erdf-regional"]
        calls = _calls(actor=actor, plan=plan, actions=actions, catalogue=catalogue, today=today)
        call_count = FundingCall.objects.filter(plan=plan).count()
        lines = 0
        total_cost = total_financing = Decimal(0)
        for demo in ACTIONS:
            action = actions.get(demo.code)
            if action is None:  # a strategy that existed already, with other codes
                continue
            for offset in range(3):
                year = first_year + offset
                cost = Decimal(0)
                for key, months in demo.months[offset].items():
                    rate = RATES[key]
                    services.save_effort(
                        user=actor,
                        plan=plan,
                        data=services.EffortInput(
                            action.pk,
                            year,
                            clusters[key].pk,
                            months,
                            rate,
                            note="Rate not agreed yet (illustrative)" if rate is None else "",
                        ),
                    )
                    cost += Decimal(months) * (rate or 0)
                    lines += 1
                for category, euros in demo.costs[offset].items():
                    services.save_cost(
                        user=actor,
                        plan=plan,
                        data=services.CostInput(
                            action.pk, year, category, CATEGORY_TEXT[category], euros
                        ),
                    )
                    cost += euros
                    lines += 1
                if not cost:
                    continue
                covered = cost if not (demo.code == "A4" and offset == 2) else cost * 8 / 10
                parts: list[tuple[int | None, int | None, Decimal, str, int | None]] = [
                    (eu.pk, None, (covered * EU_SHARE).quantize(Decimal(1)), "granted"
                     if offset == 0 else "applied", calls.get((demo.code, "eu"))),
                    (regional.pk, None, (covered * REGIONAL_SHARE).quantize(Decimal(1)),
                     "planned", calls.get((demo.code, "regional"))),
                ]  # fmt: skip
                own = covered.quantize(Decimal(1)) - parts[0][2] - parts[1][2]
                parts.append((None, clusters[demo.owner].pk, own, "planned", None))
                for instrument_id, organisation_id, amount, status, call_id in parts:
                    services.save_financing(
                        user=actor,
                        plan=plan,
                        data=services.FinancingInput(
                            action.pk,
                            year,
                            amount,
                            instrument_id=instrument_id,
                            organisation_id=organisation_id,
                            status=status,
                            call_id=call_id,
                            note="Illustrative amount",
                        ),
                    )
                    total_financing += amount
                    lines += 1
                total_cost += cost
    return (
        f"illustrative roadmap ({len(actions)} actions) and business plan {first_year}-"
        f"{first_year + 2}: {lines} lines, EUR {total_cost:,.0f} of costs, "
        f"EUR {total_financing:,.0f} of financing; {call_count} illustrative calls"
    )


def _calls(
    *,
    actor: User,
    plan: BusinessPlan,
    actions: dict[str, RoadmapAction],
    catalogue: dict[str, FundingInstrument],
    today: dt.date,
) -> dict[tuple[str, str], int]:
    """Three illustrative calls around ``today``; returns (action code, level) -> call id for
    the financing lines that count on them."""
    planned = (
        ("Illustrative call: cluster internationalisation (Single Market Programme)",
         "smp-cosme-euroclusters", 12, ("A1", "A4"), "eu"),
        ("Illustrative call: regional support for cluster cooperation (ERDF)",
         "erdf-regional", 75, ("A2", "A3"), "regional"),
        ("Illustrative call: innovation networks of SMEs (ZIM)", "bmwe-zim", -10, ("A3",), ""),
    )  # fmt: skip
    links: dict[tuple[str, str], int] = {}
    for title, key, days, codes, level in planned:
        call = services.save_call(
            user=actor,
            plan=plan,
            data=services.CallInput(
                title=title,
                instrument_id=catalogue[key].pk,
                deadline_date=today + dt.timedelta(days=days),
                notes=f"{ILLUSTRATIVE} Not a real call: no address is given.",
                action_ids=tuple(actions[code].pk for code in codes if code in actions),
                is_illustrative=True,
            ),
            now=timezone.now(),
        )
        if level:
            for code in codes:
                links[code, level] = call.pk
    return links
