"""What the business plan's services share: messages, limits, inputs and small field checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.businessplan.models import (
    BusinessPlan,
    CallStatus,
    FinancingStatus,
)
from crosscluster.core.validation import FieldErrors
from crosscluster.partnerships import queries as partnerships_queries
from crosscluster.strategy import queries as strategy_queries

if TYPE_CHECKING:
    from crosscluster.strategy.models import RoadmapAction

NOT_A_COORDINATOR = gettext_lazy(
    "Only the partnership's coordinators may change its business plan."
)
NOT_AN_ADMINISTRATOR = gettext_lazy(
    "Only platform administrators change the shared catalogue: add the instrument as the partnership's own instead."
)
NO_STRATEGY = gettext_lazy(
    "The business plan budgets the roadmap of the Joint Internationalisation Strategy: start the strategy and add roadmap actions first."
)
TEXT_LIMIT = 300
NOTES_LIMIT = 10_000
LIMIT = Decimal("1e12")


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class PlanInput:
    first_year: int | None
    last_year: int | None
    notes: str = ""


@dataclass(frozen=True)
class EffortInput:
    action_id: int | None
    year: int | None
    organisation_id: int | None
    person_months: Decimal | str | float | int | None
    monthly_rate_eur: Decimal | str | float | int | None = None
    note: str = ""


@dataclass(frozen=True)
class CostInput:
    action_id: int | None
    year: int | None
    category: str
    description: str
    amount_eur: Decimal | str | float | int | None


@dataclass(frozen=True)
class FinancingInput:
    action_id: int | None
    year: int | None
    amount_eur: Decimal | str | float | int | None
    instrument_id: int | None = None  # or:
    organisation_id: int | None = None  # a partner's own contribution
    status: str = FinancingStatus.PLANNED
    call_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class InstrumentInput:
    name: str
    level: str
    programme: str = ""
    managing_body: str = ""
    country_code: str = ""
    region: str = ""
    cofinancing_cap_percent: Decimal | str | float | int | None = None
    url: str = ""
    notes: str = ""
    source: str = ""


@dataclass(frozen=True)
class CallInput:
    title: str
    deadline_date: date | None = None
    instrument_id: int | None = None
    programme: str = ""
    url: str = ""
    status: str = CallStatus.OPEN
    notes: str = ""
    action_ids: tuple[int, ...] = field(default_factory=tuple)
    is_illustrative: bool = False


# ---------------------------------------------------------------- helpers


def _number(
    errors: FieldErrors,
    name: str,
    value: object,
    *,
    example: str,
    required: str = "",
    positive: bool = True,
    places: str = "0.01",
    below: Decimal = LIMIT,
) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(name, required)
        return None
    try:
        # No separator is stripped: "2,5" is refused, never read as 25 (forms read the
        # viewer's locale; the API takes JSON numbers or plain decimal strings).
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors.add(
            name,
            _("Give a number, e.g. %(example)s (got %(value)r).")
            % {"example": example, "value": value},
        )
        return None
    if not number.is_finite():
        errors.add(name, _("Give a finite number, e.g. %(example)s.") % {"example": example})
        return None
    if number < 0 or (positive and number == 0):
        errors.add(
            name,
            _("Give a number above 0, e.g. %(example)s.") % {"example": example}
            if positive
            else _("Give 0 or more, e.g. %(example)s.") % {"example": example},
        )
        return None
    if number >= below:
        errors.add(name, _("Give a number below %(below)s.") % {"below": format(below, ",.0f")})
        return None
    rounded = number.quantize(Decimal(places))
    if rounded != number:
        errors.add(
            name,
            _("Use at most %(places)s decimal places, e.g. %(example)s (got %(value)r).")
            % {"places": len(places) - 2, "example": example, "value": value},
        )
        return None
    return rounded


def _year(errors: FieldErrors, plan: BusinessPlan, year: int | None) -> int | None:
    if year is None or not plan.first_year <= year <= plan.last_year:
        errors.add(
            "year",
            (
                _(
                    "Choose a year of the plan, %(first)s to %(last)s (got %(year)s). "
                    "Widen the plan's years first if the action runs longer."
                )
                if year is not None
                else _(
                    "Choose a year of the plan, %(first)s to %(last)s. "
                    "Widen the plan's years first if the action runs longer."
                )
            )
            % {"first": plan.first_year, "last": plan.last_year, "year": year},
        )
        return None
    return year


def _action(errors: FieldErrors, plan: BusinessPlan, action_id: int | None) -> RoadmapAction | None:
    action = (
        strategy_queries.find_action(strategy_id=plan.strategy_id, action_id=action_id)
        if action_id is not None
        else None
    )
    if action is None:
        errors.add(
            "action",
            _("Choose an action of this partnership's roadmap (action %(action)s is not one).")
            % {"action": action_id}
            if action_id is not None
            else _("Choose an action of this partnership's roadmap."),
        )
    return action


def _partner_ids(partnership_id: int) -> set[int]:
    return partnerships_queries.list_partner_organisation_ids(partnership_id=partnership_id)


def _partner(errors: FieldErrors, plan: BusinessPlan, organisation_id: int | None) -> int | None:
    partnership_id = plan.strategy.partnership_id
    if organisation_id is None or organisation_id not in _partner_ids(partnership_id):
        errors.add(
            "organisation",
            _(
                "Choose a partner organisation of this partnership "
                "(organisation %(organisation)s is not one)."
            )
            % {"organisation": organisation_id}
            if organisation_id
            else _("Choose a partner organisation of this partnership."),
        )
        return None
    return organisation_id


def _locked_plan(plan: BusinessPlan) -> BusinessPlan:
    """The plan locked for update (lines are checked against its years under the lock)."""
    return BusinessPlan.objects.select_for_update().select_related("strategy").get(pk=plan.pk)


def _touch(plan: BusinessPlan, now: datetime | None) -> None:
    if now is not None:
        BusinessPlan.objects.filter(pk=plan.pk).update(updated_at=now)
