"""Reads of the business plan: the plan as a viewer sees it (lines, figures, checks), the
catalogue of instruments, the funding calls, and the snapshot the exports render.

A fixed number of queries per page, whatever the number of lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from crosscluster.businessplan import adapters
from crosscluster.businessplan.models import (
    BusinessPlan,
    CostCategory,
    CostLine,
    FinancingLevel,
    FinancingLine,
    FundingCall,
    FundingInstrument,
    StaffEffort,
)
from crosscluster.engines.financing import checks
from crosscluster.partnerships.queries import Standing
from crosscluster.strategy import queries as strategy_queries

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation
    from crosscluster.partnerships.models import Partnership
    from crosscluster.strategy.models import RoadmapAction, Strategy

CLOSING_SOON_DAYS = 30


def get_plan(*, strategy: Strategy | None) -> BusinessPlan | None:
    if strategy is None:
        return None
    return BusinessPlan.objects.filter(strategy=strategy).first()


def default_years(*, strategy: Strategy, today: date) -> tuple[int, int]:
    """The strategy's period; else the years its actions span; else this year and the next two."""
    if strategy.period_start_date and strategy.period_end_date:
        return strategy.period_start_date.year, strategy.period_end_date.year
    dates = strategy_queries.list_action_periods(strategy=strategy)
    if dates:
        return min(start.year for start, _ in dates), max(end.year for _, end in dates)
    return today.year, today.year + 2


def list_instruments(*, partnership: Partnership) -> QuerySet[FundingInstrument]:
    """The shared catalogue and the partnership's own instruments, by level and name."""
    return FundingInstrument.objects.filter(
        Q(partnership__isnull=True) | Q(partnership=partnership)
    ).order_by("level", "name", "pk")


def list_calls(*, plan: BusinessPlan | None) -> list[FundingCall]:
    """The plan's calls, soonest deadline first (calls without a deadline last)."""
    if plan is None:
        return []
    calls = list(
        FundingCall.objects.filter(plan=plan)
        .select_related("instrument")
        .prefetch_related("actions")
    )
    return sorted(
        calls,
        key=lambda call: (call.deadline_date is None, call.deadline_date or date.max, call.pk),
    )


def call_timing(call: FundingCall, *, today: date) -> str:
    """``overdue`` (deadline passed, not closed), ``closing_soon`` (within 30 days), ``closed``,
    ``open`` or ``no_deadline``."""
    if call.status == "closed":
        return "closed"
    if call.deadline_date is None:
        return "no_deadline"
    if call.deadline_date < today:
        return "overdue"
    if (call.deadline_date - today).days <= CLOSING_SOON_DAYS:
        return "closing_soon"
    return "open"


@dataclass(frozen=True)
class PlanView:
    """What a member sees of the plan: its lines, the figures and the checks."""

    partnership: Partnership
    standing: Standing
    strategy: Strategy | None
    plan: BusinessPlan | None
    actions: list[RoadmapAction] = field(default_factory=list)
    efforts: list[StaffEffort] = field(default_factory=list)
    costs: list[CostLine] = field(default_factory=list)
    financing: list[FinancingLine] = field(default_factory=list)
    calls: list[FundingCall] = field(default_factory=list)
    figures: checks.Figures | None = None
    results: tuple[checks.CheckResult, ...] = ()
    today: date = date.min

    @property
    def can_edit(self) -> bool:
        return self.standing.is_coordinator

    @property
    def years(self) -> list[int]:
        return self.plan.years if self.plan else []

    @property
    def status(self) -> str:
        return checks.worst(self.results)


def view_plan(*, partnership: Partnership, standing: Standing, today: date) -> PlanView:
    strategy = strategy_queries.get_strategy(partnership=partnership)
    plan = get_plan(strategy=strategy)
    if strategy is None or plan is None:
        return PlanView(
            partnership=partnership,
            standing=standing,
            strategy=strategy,
            plan=plan,
            actions=list(strategy_queries.list_roadmap_actions(strategy=strategy))
            if strategy
            else [],
            today=today,
        )
    actions = list(strategy_queries.list_roadmap_actions(strategy=strategy))
    efforts = list(
        StaffEffort.objects.filter(plan=plan)
        .select_related("organisation")
        .order_by("action_id", "year", "organisation__name", "pk")
    )
    costs = list(CostLine.objects.filter(plan=plan).order_by("action_id", "year", "category", "pk"))
    financing = list(
        FinancingLine.objects.filter(plan=plan)
        .select_related("instrument", "organisation", "call")
        .order_by("action_id", "year", "level", "pk")
    )
    data = adapters.plan(
        plan, actions=actions, efforts=efforts, costs=costs, financing_lines=financing
    )
    figures, results = checks.run_checks(data, today=today)
    return PlanView(
        partnership=partnership,
        standing=standing,
        strategy=strategy,
        plan=plan,
        actions=actions,
        efforts=efforts,
        costs=costs,
        financing=financing,
        calls=list_calls(plan=plan),
        figures=figures,
        results=results,
        today=today,
    )


# ---------------------------------------------------------------- the snapshot of the exports


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else checks.money(value)


def build_snapshot(
    view: PlanView, *, partner_names: dict[int, str] | None = None
) -> dict[str, Any]:
    """The plan as plain dicts (Decimal amounts) for the XLSX, DOCX and PDF renderers."""
    identity = strategy_queries.reader_identity(  # the coordinator's country in the reader's words
        strategy_queries.build_snapshot(partnership=view.partnership, strategy=None)["partnership"]
    )
    codes = {action.pk: action.code for action in view.actions}
    categories = dict(CostCategory.choices)
    levels = dict(FinancingLevel.choices)
    figures = view.figures
    instruments: dict[int, FundingInstrument] = {}
    for line in view.financing:
        if line.instrument is not None:
            instruments[line.instrument.pk] = line.instrument
    return {
        "partnership": identity,
        "strategy_title": view.strategy.title if view.strategy else "",
        "first_year": view.plan.first_year if view.plan else None,
        "last_year": view.plan.last_year if view.plan else None,
        "years": view.years,
        "notes": view.plan.notes if view.plan else "",
        "today": view.today.isoformat(),
        "actions": [
            {
                "id": action.pk,
                "code": action.code,
                "title": action.title,
                "owner": action.owner.name,
                "start_date": action.start_date.isoformat(),
                "end_date": action.end_date.isoformat(),
            }
            for action in view.actions
        ],
        "efforts": [
            {
                "action": codes.get(row.action_id, "?"),
                "year": row.year,
                "partner": row.organisation.name,
                "person_months": row.person_months,
                "monthly_rate": _money(row.monthly_rate_eur),
                "cost": adapters.effort(row).cost,
                "note": row.note,
            }
            for row in view.efforts
        ],
        "costs": [
            {
                "action": codes.get(row.action_id, "?"),
                "year": row.year,
                "category": row.category,
                "category_label": str(categories.get(row.category, row.category)),
                "description": row.description,
                "amount": row.amount_eur,
            }
            for row in view.costs
        ],
        "financing": [
            {
                "action": codes.get(row.action_id, "?"),
                "year": row.year,
                "level": row.level,
                "level_label": str(levels.get(row.level, row.level)),
                "source": row.instrument.display_name
                if row.instrument
                else (row.organisation.name if row.organisation else ""),
                "programme": row.instrument.localised.programme if row.instrument else "",
                "call": row.call.title if row.call else "",
                "status": row.status,
                "amount": row.amount_eur,
                "note": row.note,
            }
            for row in view.financing
        ],
        "instruments": [
            {
                "name": instrument.display_name,
                "programme": instrument.localised.programme,
                "level": str(levels.get(instrument.level, instrument.level)),
                "managing_body": instrument.managing_body,
                "cap": instrument.cofinancing_cap_percent,
                "url": instrument.url,
                "source": instrument.source,
            }
            for instrument in sorted(instruments.values(), key=lambda item: item.display_name)
        ],
        "calls": [
            {
                "title": call.title,
                "programme": call.programme
                or (call.instrument.localised.programme if call.instrument else ""),
                "deadline": call.deadline_date.isoformat() if call.deadline_date else "",
                "status": call.get_status_display(),
                "timing": call_timing(call, today=view.today),
                "url": call.url,
                "is_illustrative": call.is_illustrative,
                "actions": ", ".join(
                    codes.get(action.pk, action.code) for action in call.actions.all()
                ),
            }
            for call in view.calls
        ],
        "cells": [
            {
                "action": cell.action.code,
                "title": cell.action.title,
                "year": cell.year,
                "staff": cell.staff,
                "other_costs": cell.other_costs,
                "cost": cell.cost,
                "financing": cell.financing,
                "balance": cell.balance,
            }
            for cell in (figures.cells if figures else ())
        ],
        "shares": [
            {
                "level": share.level,
                "label": str(levels.get(share.level, share.label)),  # the reader's words
                "amount": share.amount,
                "percent": share.percent,
            }
            for share in (figures.shares if figures else ())
        ],
        "flows": [
            {
                "year": flow.year,
                "cost": flow.cost,
                "financing": flow.financing,
                "balance": flow.balance,
                "cumulative": flow.cumulative,
            }
            for flow in (figures.flows if figures else ())
        ],
        "total_cost": figures.total_cost if figures else checks.ZERO,
        "total_financing": figures.total_financing if figures else checks.ZERO,
        "granted": figures.granted if figures else checks.ZERO,
        "checks": [
            {
                "key": result.key,
                "title": result.title,
                "severity": result.severity,
                "explanation": result.explanation,
                "findings": list(result.findings),
                "code": result.code,
                "parameters": result.parameters,
                "finding_parts": list(result.finding_parts),
            }
            for result in view.results
        ],
        "categories": [(key, str(label)) for key, label in CostCategory.choices],
        "levels": [(key, str(label)) for key, label in FinancingLevel.choices],
    }


def list_partner_organisations(*, partnership: Partnership) -> list[Organisation]:
    return strategy_queries.list_partner_organisations(partnership=partnership)
