"""Writes of the business plan. Atomic, keyword-only; errors name the field and the fix, and are
all checked before anything is written (bad input never leaves half-written data).

The partnership's coordinators (and platform administrators) edit the plan, its lines, its calls
and the partnership's own instruments; only platform administrators edit the shared catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from crosscluster.businessplan.models import (
    FIRST_ALLOWED_YEAR,
    LAST_ALLOWED_YEAR,
    MAX_PLAN_YEARS,
    BusinessPlan,
    CallStatus,
    CostCategory,
    CostLine,
    FinancingLevel,
    FinancingLine,
    FinancingStatus,
    FundingCall,
    FundingInstrument,
    FundingLevel,
    StaffEffort,
)
from crosscluster.core.validation import FieldErrors
from crosscluster.partnerships.models import Partnership, PartnershipMember
from crosscluster.partnerships.queries import AnyUser, require_coordinator
from crosscluster.strategy.models import RoadmapAction, Strategy

NOT_A_COORDINATOR = "Only the partnership's coordinators may change its business plan."
NOT_AN_ADMINISTRATOR = (
    "Only platform administrators change the shared catalogue: add the instrument as the "
    "partnership's own instead."
)
NO_STRATEGY = (
    "The business plan budgets the roadmap of the Joint Internationalisation Strategy: "
    "start the strategy and add roadmap actions first."
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
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        errors.add(name, f"Give a number, e.g. {example} (got {value!r}).")
        return None
    if not number.is_finite():
        errors.add(name, f"Give a finite number, e.g. {example}.")
        return None
    if number < 0 or (positive and number == 0):
        errors.add(
            name,
            f"Give a number above 0, e.g. {example}."
            if positive
            else f"Give 0 or more, e.g. {example}.",
        )
        return None
    if number >= below:
        errors.add(name, f"Give a number below {below:,.0f}.")
        return None
    rounded = number.quantize(Decimal(places))
    if rounded != number:
        errors.add(
            name, f"Use at most {len(places) - 2} decimal places, e.g. {example} (got {value!r})."
        )
        return None
    return rounded


def _year(errors: FieldErrors, plan: BusinessPlan, year: int | None) -> int | None:
    if year is None or not plan.first_year <= year <= plan.last_year:
        errors.add(
            "year",
            f"Choose a year of the plan, {plan.first_year} to {plan.last_year}"
            + (f" (got {year})." if year is not None else ".")
            + " Widen the plan's years first if the action runs longer.",
        )
        return None
    return year


def _action(errors: FieldErrors, plan: BusinessPlan, action_id: int | None) -> RoadmapAction | None:
    action = (
        RoadmapAction.objects.filter(pk=action_id, strategy_id=plan.strategy_id).first()
        if action_id is not None
        else None
    )
    if action is None:
        errors.add(
            "action",
            "Choose an action of this partnership's roadmap"
            + (f" (action {action_id} is not one)." if action_id is not None else "."),
        )
    return action


def _partner_ids(partnership_id: int) -> set[int]:
    return set(
        PartnershipMember.objects.filter(partnership_id=partnership_id).values_list(
            "organisation_id", flat=True
        )
    )


def _partner(errors: FieldErrors, plan: BusinessPlan, organisation_id: int | None) -> int | None:
    partnership_id = plan.strategy.partnership_id
    if organisation_id is None or organisation_id not in _partner_ids(partnership_id):
        errors.add(
            "organisation",
            "Choose a partner organisation of this partnership"
            + (f" (organisation {organisation_id} is not one)." if organisation_id else "."),
        )
        return None
    return organisation_id


def _locked_plan(plan: BusinessPlan) -> BusinessPlan:
    """The plan locked for update (lines are checked against its years under the lock)."""
    return BusinessPlan.objects.select_for_update().select_related("strategy").get(pk=plan.pk)


def _touch(plan: BusinessPlan, now: datetime | None) -> None:
    if now is not None:
        BusinessPlan.objects.filter(pk=plan.pk).update(updated_at=now)


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
                name, f"Give a year from {FIRST_ALLOWED_YEAR} to {LAST_ALLOWED_YEAR}, e.g. 2026."
            )
    if first is not None and last is not None and "first_year" not in errors:
        if last < first:
            errors.add("last_year", f"The last year must be {first} or later (the first year).")
        elif last - first + 1 > MAX_PLAN_YEARS:
            errors.add(
                "last_year",
                f"A plan covers at most {MAX_PLAN_YEARS} years: choose {first + MAX_PLAN_YEARS - 1}"
                " or earlier.",
            )
    errors.raise_if_any()
    assert first is not None
    assert last is not None
    with transaction.atomic():
        strategy = Strategy.objects.filter(partnership=partnership).first()
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
                        "Lines of the plan are in "
                        + ", ".join(str(year) for year in sorted(used))
                        + ": keep those years in the plan, or move or remove those lines first."
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
        required="Give the person-months, e.g. 2.5.",
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
                    f"This partner already has person-months on {action.code} in {year}: "
                    "change that line instead.",
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
        errors.add("category", f"Choose one of: {', '.join(CostCategory.values)}.")
    description = errors.text(
        "description",
        data.description,
        limit=TEXT_LIMIT,
        required="Say what the cost is for, e.g. 'Flights to the study visit in Stuttgart'.",
    )
    amount = _number(
        errors, "amount_eur", data.amount_eur, example="1200.50", required="Give the amount in EUR."
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
        errors, "amount_eur", data.amount_eur, example="15000", required="Give the amount in EUR."
    )
    if data.status not in FinancingStatus.values:
        errors.add("status", f"Choose one of: {', '.join(FinancingStatus.values)}.")
    note = errors.text("note", data.note, limit=TEXT_LIMIT)
    if (data.instrument_id is None) == (data.organisation_id is None):
        errors.add(
            "instrument",
            "Choose either an instrument of the catalogue, or the partner whose own "
            "contribution this is (not both).",
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
                    f"Instrument {data.instrument_id} is not in the catalogue of this "
                    "partnership: choose one from the catalogue page, or add it there.",
                )
        elif data.organisation_id is not None and data.instrument_id is None:
            organisation_id = _partner(errors, plan, data.organisation_id)
        call = None
        if data.call_id is not None:
            call = FundingCall.objects.filter(pk=data.call_id, plan=plan).first()
            if call is None:
                errors.add(
                    "call",
                    f"Call {data.call_id} is not one of this plan's calls: add it on the calls "
                    "page first.",
                )
            elif organisation_id is not None:
                errors.add(
                    "call", "An own contribution does not come from a call: leave the call empty."
                )
            elif instrument and call.instrument_id and call.instrument_id != instrument.pk:
                errors.add(
                    "call",
                    f"The call {call.title!r} belongs to another instrument: choose a call of "
                    f"{instrument.name}, or none.",
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


# ---------------------------------------------------------------- instruments


def _instrument_fields(errors: FieldErrors, data: InstrumentInput) -> dict[str, object]:
    name = errors.text("name", data.name, limit=200, required="Name the instrument.")
    if data.level not in FundingLevel.values:
        errors.add("level", f"Choose one of: {', '.join(FundingLevel.values)}.")
    cap = _number(
        errors,
        "cofinancing_cap_percent",
        data.cofinancing_cap_percent,
        example="70 (for 70%)",
        below=Decimal("100.01"),
    )
    country = (data.country_code or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        errors.add("country_code", f"Give the ISO 3166 two-letter code, e.g. SE (got {country!r}).")
    url = errors.text("url", data.url, limit=300)
    if url and not url.startswith(("https://", "http://")):
        errors.add("url", f"Give a web address starting https:// (got {url!r}).")
    return {
        "name": name,
        "level": data.level,
        "programme": errors.text("programme", data.programme, limit=200),
        "managing_body": errors.text("managing_body", data.managing_body, limit=200),
        "country_code": country,
        "region": errors.text("region", data.region, limit=200),
        "cofinancing_cap_percent": cap,
        "url": url,
        "notes": errors.text("notes", data.notes, limit=NOTES_LIMIT),
        "source": errors.text("source", data.source, limit=NOTES_LIMIT),
    }


def _may_edit_instrument(
    user: AnyUser, instrument: FundingInstrument | None, partnership: Partnership | None
) -> None:
    owner = instrument.partnership if instrument is not None else partnership
    if owner is None:
        if not (user.is_authenticated and user.is_superuser):
            raise PermissionDenied(NOT_AN_ADMINISTRATOR)
    else:
        require_coordinator(user=user, partnership_id=owner.pk, message=NOT_A_COORDINATOR)


def save_instrument(
    *,
    user: AnyUser,
    partnership: Partnership | None,
    data: InstrumentInput,
    now: datetime,
    instrument: FundingInstrument | None = None,
) -> FundingInstrument:
    """Add an instrument to the partnership's own catalogue (``partnership``) or, for platform
    administrators, to the shared one (``partnership`` None); or change one. Changing a
    level moves the level of the financing lines that use it."""
    _may_edit_instrument(user, instrument, partnership)
    errors = FieldErrors()
    fields = _instrument_fields(errors, data)
    errors.raise_if_any()
    with transaction.atomic():
        if instrument is None:
            instrument = FundingInstrument(partnership=partnership, created_at=now)
        for name, value in fields.items():
            setattr(instrument, name, value)
        instrument.updated_at = now
        instrument.save()
        FinancingLine.objects.filter(instrument=instrument).exclude(level=instrument.level).update(
            level=instrument.level
        )
    return instrument


def remove_instrument(*, user: AnyUser, instrument: FundingInstrument) -> None:
    _may_edit_instrument(user, instrument, None)
    with transaction.atomic():
        used = FinancingLine.objects.filter(instrument=instrument).count()
        calls = FundingCall.objects.filter(instrument=instrument).count()
        if used or calls:
            raise ValidationError(
                {
                    "instrument": [
                        f"{instrument.name} finances {used} line(s) and has {calls} call(s): "
                        "change those to another instrument first."
                    ]
                }
            )
        instrument.delete()


# ---------------------------------------------------------------- calls


def save_call(
    *,
    user: AnyUser,
    plan: BusinessPlan,
    data: CallInput,
    now: datetime,
    call: FundingCall | None = None,
) -> FundingCall:
    require_coordinator(
        user=user, partnership_id=plan.strategy.partnership.pk, message=NOT_A_COORDINATOR
    )
    errors = FieldErrors()
    title = errors.text("title", data.title, limit=300, required="Give the call's title.")
    programme = errors.text("programme", data.programme, limit=200)
    url = errors.text("url", data.url, limit=500)
    if url and not url.startswith(("https://", "http://")):
        errors.add("url", f"Give a web address starting https:// (got {url!r}).")
    notes = errors.text("notes", data.notes, limit=NOTES_LIMIT)
    if data.status not in CallStatus.values:
        errors.add("status", f"Choose one of: {', '.join(CallStatus.values)}.")
    partnership_id = plan.strategy.partnership_id
    instrument = None
    if data.instrument_id is not None:
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
                f"Instrument {data.instrument_id} is not in this partnership's catalogue.",
            )
    if not programme and instrument is None:
        errors.add(
            "programme", "Name the programme, or choose the call's instrument from the catalogue."
        )
    action_ids = set(data.action_ids)
    actions = list(RoadmapAction.objects.filter(pk__in=action_ids, strategy_id=plan.strategy_id))
    unknown = action_ids - {action.pk for action in actions}
    if unknown:
        errors.add(
            "actions",
            "Not actions of this roadmap: "
            + ", ".join(str(number) for number in sorted(unknown))
            + ". Choose among the plan's actions.",
        )
    errors.raise_if_any()
    with transaction.atomic():
        if call is None:
            call = FundingCall(plan=plan, created_at=now)
        call.title = title
        call.programme = programme
        call.instrument = instrument
        call.deadline_date = data.deadline_date
        call.url = url
        call.status = data.status
        call.notes = notes
        call.is_illustrative = data.is_illustrative
        call.save()
        call.actions.set(actions)
    return call


def remove_call(*, user: AnyUser, call: FundingCall) -> None:
    """Remove a call; financing lines that named it keep their amount, without the call."""
    require_coordinator(
        user=user, partnership_id=call.plan.strategy.partnership.pk, message=NOT_A_COORDINATOR
    )
    with transaction.atomic():
        call.delete()
