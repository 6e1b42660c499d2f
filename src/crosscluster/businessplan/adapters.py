"""ORM rows -> the frozen dataclasses of ``checks`` (the one place where they meet)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from crosscluster.businessplan.models import BusinessPlan, CostLine, FinancingLine, StaffEffort
from crosscluster.engines.financing import checks

if TYPE_CHECKING:
    from crosscluster.strategy.models import RoadmapAction


def action(row: RoadmapAction) -> checks.Action:
    return checks.Action(id=row.pk, code=row.code, title=row.title)


def effort(row: StaffEffort) -> checks.Effort:
    return checks.Effort(
        action_id=row.action_id,
        year=row.year,
        partner=row.organisation.name,
        person_months=row.person_months,
        monthly_rate=row.monthly_rate_eur,
    )


def cost(row: CostLine) -> checks.Cost:
    return checks.Cost(
        action_id=row.action_id,
        year=row.year,
        category=row.category,
        description=row.description,
        amount=row.amount_eur,
    )


def financing(row: FinancingLine) -> checks.Financing:
    instrument = row.instrument
    return checks.Financing(
        action_id=row.action_id,
        year=row.year,
        level=row.level,
        source=instrument.display_name
        if instrument is not None
        else (row.organisation.name if row.organisation else ""),
        amount=row.amount_eur,
        status=row.status,
        instrument_id=row.instrument_id,
        cap_percent=instrument.cofinancing_cap_percent if instrument is not None else None,
        call_title=row.call.title if row.call else "",
        call_deadline=row.call.deadline_date if row.call else None,
    )


def plan(
    row: BusinessPlan,
    *,
    actions: Iterable[RoadmapAction],
    efforts: Iterable[StaffEffort],
    costs: Iterable[CostLine],
    financing_lines: Iterable[FinancingLine],
) -> checks.Plan:
    return checks.Plan(
        first_year=row.first_year,
        last_year=row.last_year,
        actions=tuple(action(item) for item in actions),
        efforts=tuple(effort(item) for item in efforts),
        costs=tuple(cost(item) for item in costs),
        financing=tuple(financing(item) for item in financing_lines),
    )
