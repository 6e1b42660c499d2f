"""Writes to the business plan itself and to its lines (person-months, costs, financing)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.businessplan.models import (
    FIRST_ALLOWED_YEAR,
    LAST_ALLOWED_YEAR,
    MAX_PLAN_YEARS,
    BusinessPlan,
    CostCategory,
    CostLine,
    FinancingLevel,
    FinancingLine,
    FinancingStatus,
    FundingCall,
    FundingInstrument,
    StaffEffort,
)
from crosscluster.businessplan.services.common import (
    NO_STRATEGY,
    NOT_A_COORDINATOR,
    NOTES_LIMIT,
    TEXT_LIMIT,
    CostInput,
    EffortInput,
    FinancingInput,
    PlanInput,
    _action,
    _locked_plan,
    _number,
    _partner,
    _touch,
    _year,
)
from crosscluster.core.validation import FieldErrors
from crosscluster.partnerships.queries import AnyUser, require_coordinator
from crosscluster.strategy import queries as strategy_queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

# ---------------------------------------------------------------- the plan


def save_plan(
    *, user: AnyUser, partnership: Partnership, data: PlanInput, now: datetime
) -> BusinessPlan:
    """Start the plan of the partnership's JIS, or change its years and notes. Years that still
    have lines cannot be left out (the error names the lines' years)."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    notes = errors.text("notes", data.notes, limit=NOTES_LIMIT)
    first, last = data.first_year, data.last_year
    for name, value in (("first_year", first), ("last_year", last)):
        if value is None or not FIRST_ALLOWED_YEAR <= value <= LAST_ALLOWED_YEAR:
            errors.add(
                name,
                _("Give a year from %(first_allowed_year)s to %(last_allowed_year)s, e.g. 2026.")
                % {
                    "first_allowed_year": FIRST_ALLOWED_YEAR,
                    "last_allowed_year": LAST_ALLOWED_YEAR,
                },
            )
    if first is not None and last is not None and "first_year" not in errors:
        if last < first:
            errors.add(
                "last_year",
                _("The last year must be %(first)s or later (the first year).") % {"first": first},
            )
        elif last - first + 1 > MAX_PLAN_YEARS:
            errors.add(
                "last_year",
                _("A plan covers at most %(years)s years: choose %(last)s or earlier.")
                % {"years": MAX_PLAN_YEARS, "last": first + MAX_PLAN_YEARS - 1},
            )
    errors.raise_if_any()
    assert first is not None
    assert last is not None
    with transaction.atomic():
        strategy = strategy_queries.get_strategy(partnership=partnership)
        if strategy is None:
            raise ValidationError({"strategy": [NO_STRATEGY]})
        plan = BusinessPlan.objects.select_for_update().filter(strategy=strategy).first()
        if plan is None:
            return BusinessPlan.objects.create(
                strategy=strategy,
                first_year=first,
                last_year=last,
                notes=notes,
                created_at=now,
                updated_at=now,
            )
        used: set[int] = set()
        for model in (StaffEffort, CostLine, FinancingLine):
            used.update(
                model.objects.filter(plan=plan)
                .exclude(year__gte=first, year__lte=last)
                .values_list("year", flat=True)
            )
        if used:
            raise ValidationError(
                {
                    "first_year" if min(used) < first else "last_year": [
                        _(
                            "Lines of the plan are in %(years)s: keep those years in the plan, "
                            "or move or remove those lines first."
                        )
                        % {"years": ", ".join(str(year) for year in sorted(used))}
                    ]
                }
            )
        plan.first_year, plan.last_year, plan.notes, plan.updated_at = first, last, notes, now
        plan.save()
        return plan


# ---------------------------------------------------------------- lines


def save_effort(
    *,
    user: AnyUser,
    plan: BusinessPlan,
    data: EffortInput,
    effort: StaffEffort | None = None,
    now: datetime | None = None,
) -> StaffEffort:
    """Add or change person-months of a partner on an action in a year (one line per partner,
    action and year)."""
    require_coordinator(
        user=user, partnership_id=plan.strategy.partnership.pk, message=NOT_A_COORDINATOR
    )
    errors = FieldErrors()
    months = _number(
        errors,
        "person_months",
        data.person_months,
        example="2.5",
        required=_("Give the person-months, e.g. 2.5."),
        below=Decimal(1000),
    )
    rate = _number(
        errors,
        "monthly_rate_eur",
        data.monthly_rate_eur,
        example="5200",
        positive=False,
        below=Decimal(1_000_000),
    )
    note = errors.text("note", data.note, limit=TEXT_LIMIT)
    with transaction.atomic():
        plan = _locked_plan(plan)
        action = _action(errors, plan, data.action_id)
        year = _year(errors, plan, data.year)
        organisation_id = _partner(errors, plan, data.organisation_id)
        if action and year and organisation_id:
            duplicate = StaffEffort.objects.filter(
                action=action, year=year, organisation_id=organisation_id
            )
            if effort is not None:
                duplicate = duplicate.exclude(pk=effort.pk)
            if duplicate.exists():
                errors.add(
                    "organisation",
                    _(
                        "This partner already has person-months on %(code)s in %(year)s: change that line instead."
                    )
                    % {"code": action.code, "year": year},
                )
        errors.raise_if_any()
        assert action
        assert year
        assert organisation_id
        assert months is not None
        if effort is None:
            effort = StaffEffort(plan=plan)
        effort.action = action
        effort.year = year
        effort.organisation_id = organisation_id
        effort.person_months = months
        effort.monthly_rate_eur = rate
        effort.note = note
        effort.save()
        _touch(plan, now)
    return effort


def save_cost(
    *,
    user: AnyUser,
    plan: BusinessPlan,
    data: CostInput,
    cost: CostLine | None = None,
    now: datetime | None = None,
) -> CostLine:
    require_coordinator(
        user=user, partnership_id=plan.strategy.partnership.pk, message=NOT_A_COORDINATOR
    )
    errors = FieldErrors()
    if data.category not in CostCategory.values:
        errors.add(
            "category",
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(CostCategory.values)},
        )
    description = errors.text(
        "description",
        data.description,
        limit=TEXT_LIMIT,
        required=_("Say what the cost is for, e.g. 'Flights to the study visit in Stuttgart'."),
    )
    amount = _number(
        errors,
        "amount_eur",
        data.amount_eur,
        example="1200.50",
        required=_("Give the amount in EUR."),
    )
    with transaction.atomic():
        plan = _locked_plan(plan)
        action = _action(errors, plan, data.action_id)
        year = _year(errors, plan, data.year)
        errors.raise_if_any()
        assert action
        assert year
        assert amount is not None
        if cost is None:
            cost = CostLine(plan=plan)
        cost.action = action
        cost.year = year
        cost.category = data.category
        cost.description = description
        cost.amount_eur = amount
        cost.save()
        _touch(plan, now)
    return cost


def save_financing(
    *,
    user: AnyUser,
    plan: BusinessPlan,
    data: FinancingInput,
    line: FinancingLine | None = None,
    now: datetime | None = None,
) -> FinancingLine:
    """Add or change a financing line: an instrument of the catalogue (its level is the line's)
    or, with ``organisation_id``, a partner's own contribution. A call, when given, must be one of
    the plan's calls, and of the same instrument if it names one."""
    require_coordinator(
        user=user, partnership_id=plan.strategy.partnership.pk, message=NOT_A_COORDINATOR
    )
    errors = FieldErrors()
    amount = _number(
        errors,
        "amount_eur",
        data.amount_eur,
        example="15000",
        required=_("Give the amount in EUR."),
    )
    if data.status not in FinancingStatus.values:
        errors.add(
            "status",
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(FinancingStatus.values)},
        )
    note = errors.text("note", data.note, limit=TEXT_LIMIT)
    if (data.instrument_id is None) == (data.organisation_id is None):
        errors.add(
            "instrument",
            _(
                "Choose either an instrument of the catalogue, or the partner whose own contribution this is (not both)."
            ),
        )
    with transaction.atomic():
        plan = _locked_plan(plan)
        partnership_id = plan.strategy.partnership_id
        action = _action(errors, plan, data.action_id)
        year = _year(errors, plan, data.year)
        instrument = None
        organisation_id = None
        if data.instrument_id is not None and data.organisation_id is None:
            instrument = (
                FundingInstrument.objects.filter(pk=data.instrument_id)
                .filter(partnership__isnull=True)
                .first()
                or FundingInstrument.objects.filter(
                    pk=data.instrument_id, partnership_id=partnership_id
                ).first()
            )
            if instrument is None:
                errors.add(
                    "instrument",
                    _(
                        "Instrument %(instrument_id)s is not in the catalogue of this partnership: choose one from the catalogue page, or add it there."
                    )
                    % {"instrument_id": data.instrument_id},
                )
        elif data.organisation_id is not None and data.instrument_id is None:
            organisation_id = _partner(errors, plan, data.organisation_id)
        call = None
        if data.call_id is not None:
            call = FundingCall.objects.filter(pk=data.call_id, plan=plan).first()
            if call is None:
                errors.add(
                    "call",
                    _(
                        "Call %(call_id)s is not one of this plan's calls: add it on the calls page first."
                    )
                    % {"call_id": data.call_id},
                )
            elif organisation_id is not None:
                errors.add(
                    "call",
                    _("An own contribution does not come from a call: leave the call empty."),
                )
            elif instrument and call.instrument_id and call.instrument_id != instrument.pk:
                errors.add(
                    "call",
                    _(
                        "The call %(title)r belongs to another instrument: choose a call of %(name)s, or none."
                    )
                    % {"title": call.title, "name": instrument.display_name},
                )
        errors.raise_if_any()
        assert action
        assert year
        assert amount is not None
        if line is None:
            line = FinancingLine(plan=plan)
        line.action = action
        line.year = year
        line.level = instrument.level if instrument is not None else FinancingLevel.OWN
        line.instrument = instrument
        line.organisation_id = organisation_id
        line.call = call
        line.amount_eur = amount
        line.status = data.status
        line.note = note
        line.save()
        _touch(plan, now)
    return line


def remove_line(
    *, user: AnyUser, line: StaffEffort | CostLine | FinancingLine, now: datetime | None = None
) -> None:
    plan = line.plan
    require_coordinator(
        user=user, partnership_id=plan.strategy.partnership.pk, message=NOT_A_COORDINATOR
    )
    with transaction.atomic():
        _locked_plan(plan)
        line.delete()
        _touch(plan, now)
