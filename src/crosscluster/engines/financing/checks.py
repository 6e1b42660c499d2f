"""The business plan's figures and checks: pure functions over frozen dataclasses (no ORM, no
clock: ``today`` is passed in).

What is computed (all money in EUR, ``Decimal`` with cents):

- the cost of each action and year: staff (person-months x monthly rate, for the lines that have
  a rate) plus the cost lines;
- the financing of each action and year: every financing line except rejected ones (planned,
  applied and granted money all count; the share already granted is reported apart);
- per action and year, financing - cost (a *gap* when negative, a *surplus* when positive);
- shares per level (regional, national, EU, own contributions), in EUR and %;
- the cash-flow per year (costs, financing, balance, cumulative balance).

The checks turn these into results with a severity (ok, warning, error) and a readable
explanation (in English; beside it the same as a ``code`` and its ``parameters``, and each
finding as ``finding_parts``, for the app to word in the reader's language): every cost is financed; no financing where there is no cost; no instrument above
its co-financing cap (over the whole action); every person-month has a rate; no money still
planned from a call whose deadline has passed; the cumulative cash balance never negative.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
LEVELS: tuple[tuple[str, str], ...] = (
    ("regional", "Regional"),
    ("national", "National"),
    ("eu", "EU"),
    ("own", "Own contributions"),
)
OK, WARNING, ERROR = "ok", "warning", "error"


def _share_name(label: str) -> str:
    """``EU`` stays ``EU`` (an acronym), ``Regional`` reads ``regional`` inside a sentence."""
    return label if label.isupper() else label.lower()


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def eur(value: Decimal) -> str:
    """``Decimal("12000.5")`` -> ``"EUR 12,000.50"``."""
    return f"EUR {value:,.2f}"


# ---------------------------------------------------------------- input


@dataclass(frozen=True)
class Action:
    id: int
    code: str
    title: str


@dataclass(frozen=True)
class Effort:
    action_id: int
    year: int
    partner: str
    person_months: Decimal
    monthly_rate: Decimal | None

    @property
    def cost(self) -> Decimal:
        return ZERO if self.monthly_rate is None else money(self.person_months * self.monthly_rate)


@dataclass(frozen=True)
class Cost:
    action_id: int
    year: int
    category: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class Financing:
    action_id: int
    year: int
    level: str  # regional, national, eu, own
    source: str  # the instrument's name, or the contributing partner's
    amount: Decimal
    status: str  # planned, applied, granted, rejected
    instrument_id: int | None = None
    cap_percent: Decimal | None = None  # the instrument's co-financing cap
    call_title: str = ""
    call_deadline: date | None = None

    @property
    def counts(self) -> bool:
        return self.status != "rejected"


@dataclass(frozen=True)
class Plan:
    first_year: int
    last_year: int
    actions: tuple[Action, ...]
    efforts: tuple[Effort, ...] = ()
    costs: tuple[Cost, ...] = ()
    financing: tuple[Financing, ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Cell:
    """One action in one year."""

    action: Action
    year: int
    staff: Decimal
    other_costs: Decimal
    financing: Decimal

    @property
    def cost(self) -> Decimal:
        return self.staff + self.other_costs

    @property
    def balance(self) -> Decimal:
        """Financing - cost: negative is a gap, positive a surplus."""
        return self.financing - self.cost


@dataclass(frozen=True)
class LevelShare:
    level: str
    label: str
    amount: Decimal
    percent: Decimal  # of all counted financing, 0..100 with 1 decimal


@dataclass(frozen=True)
class YearFlow:
    year: int
    cost: Decimal
    financing: Decimal
    cumulative: Decimal

    @property
    def balance(self) -> Decimal:
        return self.financing - self.cost


@dataclass(frozen=True)
class CheckResult:
    key: str
    title: str
    severity: str  # ok, warning, error
    explanation: str
    findings: tuple[str, ...] = ()
    #: the explanation as a code (which sentence) and the values put into it
    code: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    #: each finding as ``{"code": ..., values...}``, in the order of ``findings``
    finding_parts: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Figures:
    cells: tuple[Cell, ...]
    shares: tuple[LevelShare, ...]
    flows: tuple[YearFlow, ...]
    total_cost: Decimal
    total_financing: Decimal
    granted: Decimal
    staff_by_partner: tuple[tuple[str, Decimal, Decimal], ...]  # partner, person-months, cost
    cost_by_category: tuple[tuple[str, Decimal], ...]

    @property
    def balance(self) -> Decimal:
        return self.total_financing - self.total_cost


def _sum(values: Iterable[Decimal]) -> Decimal:
    return money(sum(values, ZERO))


def compute(plan: Plan) -> Figures:
    staff: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    other: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    financed: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for effort in plan.efforts:
        staff[effort.action_id, effort.year] += effort.cost
    for cost in plan.costs:
        other[cost.action_id, cost.year] += cost.amount
    for line in plan.financing:
        if line.counts:
            financed[line.action_id, line.year] += line.amount
    cells = tuple(
        Cell(
            action=action,
            year=year,
            staff=money(staff[action.id, year]),
            other_costs=money(other[action.id, year]),
            financing=money(financed[action.id, year]),
        )
        for action in plan.actions
        for year in plan.years
    )
    total_cost = _sum(cell.cost for cell in cells)
    total_financing = _sum(cell.financing for cell in cells)
    by_level: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in plan.financing:
        if line.counts:
            by_level[line.level] += line.amount
    shares = tuple(
        LevelShare(
            level=level,
            label=label,
            amount=money(by_level[level]),
            percent=(by_level[level] * 100 / total_financing).quantize(Decimal("0.1"))
            if total_financing
            else Decimal("0.0"),
        )
        for level, label in LEVELS
    )
    flows: list[YearFlow] = []
    cumulative = ZERO
    for year in plan.years:
        year_cost = _sum(cell.cost for cell in cells if cell.year == year)
        year_financing = _sum(cell.financing for cell in cells if cell.year == year)
        cumulative += year_financing - year_cost
        flows.append(
            YearFlow(year=year, cost=year_cost, financing=year_financing, cumulative=cumulative)
        )
    partners: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for effort in plan.efforts:
        partners[effort.partner][0] += effort.person_months
        partners[effort.partner][1] += effort.cost
    categories: dict[str, Decimal] = defaultdict(lambda: ZERO)
    categories["staff"] = _sum(effort.cost for effort in plan.efforts)
    for cost in plan.costs:
        categories[cost.category] += cost.amount
    return Figures(
        cells=cells,
        shares=shares,
        flows=tuple(flows),
        total_cost=total_cost,
        total_financing=total_financing,
        granted=_sum(line.amount for line in plan.financing if line.status == "granted"),
        staff_by_partner=tuple(
            (name, values[0], money(values[1])) for name, values in sorted(partners.items())
        ),
        cost_by_category=tuple((key, money(value)) for key, value in categories.items()),
    )


# ---------------------------------------------------------------- checks


def _cell_name(cell: Cell) -> str:
    return f"{cell.action.code} {cell.action.title}, {cell.year}"


def _cell_part(code: str, cell: Cell, amount: Decimal) -> dict[str, Any]:
    return {
        "code": code,
        "action": cell.action.code,
        "title": cell.action.title,
        "year": cell.year,
        "cost": cell.cost,
        "financing": cell.financing,
        "amount": amount,
    }


def check_every_cost_financed(figures: Figures) -> CheckResult:
    """Per action and year: costs - financing. A gap is an error, a surplus a warning."""
    gaps = [cell for cell in figures.cells if cell.balance < 0]
    surpluses = [cell for cell in figures.cells if cell.balance > 0]
    findings = tuple(
        f"{_cell_name(cell)}: costs {eur(cell.cost)}, financing {eur(cell.financing)}, "
        f"gap of {eur(-cell.balance)}."
        for cell in gaps
    ) + tuple(
        f"{_cell_name(cell)}: costs {eur(cell.cost)}, financing {eur(cell.financing)}, "
        f"surplus of {eur(cell.balance)}."
        for cell in surpluses
    )
    parts = tuple(_cell_part("gap", cell, -cell.balance) for cell in gaps) + tuple(
        _cell_part("surplus", cell, cell.balance) for cell in surpluses
    )
    if gaps:
        missing = _sum(-cell.balance for cell in gaps)
        return CheckResult(
            "financed",
            "Every cost is financed",
            ERROR,
            f"{len(gaps)} action-year(s) lack financing: {eur(missing)} in all. Add financing "
            "lines (or own contributions) for them, or lower their costs.",
            findings,
            "gaps",
            {"count": len(gaps), "amount": missing},
            parts,
        )
    if surpluses:
        extra = _sum(cell.balance for cell in surpluses)
        return CheckResult(
            "financed",
            "Every cost is financed",
            WARNING,
            f"Every cost is financed, but {len(surpluses)} action-year(s) receive "
            f"{eur(extra)} more than they cost: most programmes do not allow a profit, so "
            "lower the financing or move it to the year or action that needs it.",
            findings,
            "surpluses",
            {"count": len(surpluses), "amount": extra},
            parts,
        )
    return CheckResult(
        "financed",
        "Every cost is financed",
        OK,
        f"Each action's costs are matched by its financing in every year ({eur(figures.total_cost)}"
        " in all)."
        if figures.total_cost
        else "No costs entered yet.",
        code="financed" if figures.total_cost else "no_costs",
        parameters={"total": figures.total_cost} if figures.total_cost else {},
    )


def check_level_shares(figures: Figures) -> CheckResult:
    """Shares per level (regional, national, EU, own): information, a warning when there is no
    financing at all."""
    findings = tuple(
        f"{share.label}: {eur(share.amount)} ({share.percent}%)" for share in figures.shares
    )
    parts = tuple(
        {"code": "share", "level": share.level, "amount": share.amount, "percent": share.percent}
        for share in figures.shares
    )
    if not figures.total_financing:
        return CheckResult(
            "shares",
            "Shares per level",
            WARNING,
            "No financing entered yet: add financing lines to see the shares.",
            findings,
            "no_financing",
            {},
            parts,
        )
    biggest = max(figures.shares, key=lambda share: share.amount)
    return CheckResult(
        "shares",
        "Shares per level",
        OK,
        f"{eur(figures.total_financing)} of financing (rejected lines not counted), "
        f"{eur(figures.granted)} of it granted; the largest share is {_share_name(biggest.label)} "
        f"({biggest.percent}%).",
        findings,
        "shares",
        {
            "total": figures.total_financing,
            "granted": figures.granted,
            "level": biggest.level,
            "percent": biggest.percent,
        },
        parts,
    )


def check_cash_flow(figures: Figures) -> CheckResult:
    """Costs and financing per year with the cumulative balance; a warning for each year the
    cumulative balance is negative (the partners must pre-finance)."""
    findings = tuple(
        f"{flow.year}: costs {eur(flow.cost)}, financing {eur(flow.financing)}, "
        f"cumulative balance {eur(flow.cumulative)}."
        for flow in figures.flows
    )
    parts = tuple(
        {
            "code": "year",
            "year": flow.year,
            "cost": flow.cost,
            "financing": flow.financing,
            "cumulative": flow.cumulative,
        }
        for flow in figures.flows
    )
    negative = [flow for flow in figures.flows if flow.cumulative < 0]
    if negative:
        years = ", ".join(str(flow.year) for flow in negative)
        worst = min(negative, key=lambda flow: flow.cumulative)
        return CheckResult(
            "cash_flow",
            "Cash-flow per year",
            WARNING,
            f"The cumulative balance is negative in {years} (lowest {eur(worst.cumulative)} in "
            f"{worst.year}): the partners must pre-finance this, or bring financing forward.",
            findings,
            "negative",
            {
                "years": [flow.year for flow in negative],
                "lowest": worst.cumulative,
                "year": worst.year,
            },
            parts,
        )
    return CheckResult(
        "cash_flow",
        "Cash-flow per year",
        OK,
        "The cumulative balance is never negative.",
        findings,
        "never_negative",
        {},
        parts,
    )


def check_cofinancing_caps(plan: Plan, figures: Figures) -> CheckResult:
    """Per action over all years: the share of its costs each capped instrument finances."""
    cost_by_action: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for cell in figures.cells:
        cost_by_action[cell.action.id] += cell.cost
    by_instrument: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    caps: dict[int, tuple[str, Decimal]] = {}
    for line in plan.financing:
        if line.counts and line.instrument_id is not None and line.cap_percent is not None:
            by_instrument[line.action_id, line.instrument_id] += line.amount
            caps[line.instrument_id] = (line.source, line.cap_percent)
    actions = {action.id: action for action in plan.actions}
    findings = []
    parts: list[dict[str, Any]] = []
    for (action_id, instrument_id), amount in sorted(by_instrument.items()):
        name, cap = caps[instrument_id]
        cost = cost_by_action[action_id]
        action = actions.get(action_id)
        if action is None:
            continue
        if cost == 0 or amount * 100 > cap * cost:
            rate = "no costs" if cost == 0 else f"{(amount * 100 / cost):.1f}%"
            findings.append(
                f"{action.code} {action.title}: {name} finances {eur(amount)} of "
                f"{eur(cost)} ({rate}), above its cap of {cap.normalize():f}% "
                f"(at most {eur(money(cost * cap / 100))})."
            )
            parts.append(
                {
                    "code": "above_cap",
                    "action": action.code,
                    "title": action.title,
                    "instrument": name,
                    "amount": amount,
                    "cost": cost,
                    "rate": None if cost == 0 else (amount * 100 / cost).quantize(Decimal("0.1")),
                    "cap": cap.normalize(),
                    "most": money(cost * cap / 100),
                }
            )
    if findings:
        return CheckResult(
            "caps",
            "Co-financing caps",
            ERROR,
            f"{len(findings)} instrument(s) finance more of an action than their published "
            "co-financing rate allows: lower the amount and cover the rest from other sources.",
            tuple(findings),
            "above_caps",
            {"count": len(findings)},
            tuple(parts),
        )
    return CheckResult(
        "caps",
        "Co-financing caps",
        OK,
        "No instrument finances more of an action than its co-financing cap allows "
        "(instruments without a published cap are not checked).",
        code="within_caps",
    )


def check_rates(plan: Plan) -> CheckResult:
    """Person-months without a monthly rate: their staff cost is unknown (counted as 0)."""
    actions = {action.id: action for action in plan.actions}
    missing = [effort for effort in plan.efforts if effort.monthly_rate is None]
    if missing:
        months = sum((effort.person_months for effort in missing), Decimal(0))
        return CheckResult(
            "rates",
            "Person-months have a rate",
            WARNING,
            f"{months.normalize():f} person-month(s) have no monthly rate, so their staff cost "
            "is counted as EUR 0.00: give each partner's monthly staff rate.",
            tuple(
                f"{actions[effort.action_id].code if effort.action_id in actions else '?'}, "
                f"{effort.year}: {effort.partner}, {effort.person_months.normalize():f} PM"
                for effort in missing
            ),
            "missing_rates",
            {"months": months.normalize()},
            tuple(
                {
                    "code": "no_rate",
                    "action": actions[effort.action_id].code
                    if effort.action_id in actions
                    else "?",
                    "year": effort.year,
                    "partner": effort.partner,
                    "months": effort.person_months.normalize(),
                }
                for effort in missing
            ),
        )
    return CheckResult(
        "rates",
        "Person-months have a rate",
        OK,
        "Every person-month has a monthly rate." if plan.efforts else "No person-months yet.",
        code="rates" if plan.efforts else "no_efforts",
    )


def check_call_deadlines(plan: Plan, *, today: date) -> CheckResult:
    """Financing still *planned* from a call whose deadline has passed will not come."""
    actions = {action.id: action for action in plan.actions}
    late = [
        line
        for line in plan.financing
        if line.status == "planned"
        and line.call_deadline is not None
        and line.call_deadline < today
    ]
    if late:
        return CheckResult(
            "deadlines",
            "Calls still open",
            ERROR,
            f"{len(late)} financing line(s) count on a call whose deadline has passed without an "
            "application: mark them applied (if they were), or find another call.",
            tuple(
                f"{actions[line.action_id].code if line.action_id in actions else '?'}, "
                f"{line.year}: {eur(line.amount)} from {line.call_title!r}, deadline "
                f"{line.call_deadline.isoformat() if line.call_deadline else ''}."
                for line in late
            ),
            "late",
            {"count": len(late)},
            tuple(
                {
                    "code": "late_call",
                    "action": actions[line.action_id].code if line.action_id in actions else "?",
                    "year": line.year,
                    "amount": line.amount,
                    "call": line.call_title,
                    "deadline": line.call_deadline,
                }
                for line in late
            ),
        )
    return CheckResult(
        "deadlines",
        "Calls still open",
        OK,
        "No planned financing depends on a call whose deadline has passed.",
        code="no_late_calls",
    )


def run_checks(plan: Plan, *, today: date) -> tuple[Figures, tuple[CheckResult, ...]]:
    figures = compute(plan)
    return figures, (
        check_every_cost_financed(figures),
        check_cofinancing_caps(plan, figures),
        check_call_deadlines(plan, today=today),
        check_rates(plan),
        check_cash_flow(figures),
        check_level_shares(figures),
    )


def worst(results: Sequence[CheckResult]) -> str:
    severities = {result.severity for result in results}
    return ERROR if ERROR in severities else WARNING if WARNING in severities else OK
