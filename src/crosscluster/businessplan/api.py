"""The business plan over the API: members of the partnership read it (with its checks);
coordinators' tokens write it. Amounts are decimal strings in EUR.

No ``from __future__ import annotations`` here: ninja reads the schemas' types at run time.
"""

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.businessplan import permissions, queries, services
from crosscluster.businessplan.models import (
    CostLine,
    FinancingLine,
    FundingCall,
    FundingInstrument,
    StaffEffort,
)
from crosscluster.core.api import ErrorOut
from crosscluster.engines.financing import checks
from crosscluster.partnerships.queries import AnyUser

router = Router(tags=["businessplan"])

WRITE_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
READ_ERRORS: dict[int, type[ErrorOut]] = {404: ErrorOut}
AMOUNT = 'Decimal amount in EUR as a string, e.g. "1200.50".'


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


# ---------------------------------------------------------------- schemas (out)


class ActionOut(Schema):
    id: int
    code: str
    title: str
    owner: str
    start_date: date
    end_date: date


class EffortOut(Schema):
    id: int
    action_id: int
    year: int
    organisation_id: int
    organisation: str
    person_months: str = Field(description="Decimal number as a string.")
    monthly_rate_eur: str | None = Field(description=AMOUNT + " Null: no rate yet.")
    staff_cost_eur: str = Field(description=AMOUNT + " Person-months x rate (0 without a rate).")
    note: str


class CostOut(Schema):
    id: int
    action_id: int
    year: int
    category: str = Field(
        description="staff, travel, events, subcontracting, communication or other"
    )
    description: str
    amount_eur: str = Field(description=AMOUNT)


class FinancingOut(Schema):
    id: int
    action_id: int
    year: int
    level: str = Field(description="regional, national, eu or own")
    instrument_id: int | None
    organisation_id: int | None = Field(description="The contributing partner (own only).")
    source: str
    call_id: int | None
    status: str = Field(description="planned, applied, granted or rejected")
    amount_eur: str = Field(description=AMOUNT)
    note: str


class CheckOut(Schema):
    key: str = Field(description="financed, caps, deadlines, rates, cash_flow or shares")
    title: str
    severity: str = Field(description="ok, warning or error")
    explanation: str
    findings: list[str]


class CellOut(Schema):
    action_id: int
    year: int
    staff_eur: str
    other_costs_eur: str
    cost_eur: str
    financing_eur: str
    balance_eur: str = Field(description="Financing - cost: negative is a gap.")


class ShareOut(Schema):
    level: str
    label: str
    amount_eur: str
    percent: str = Field(description="Share of all counted financing, one decimal.")


class FlowOut(Schema):
    year: int
    cost_eur: str
    financing_eur: str
    balance_eur: str
    cumulative_eur: str


class PlanOut(Schema):
    partnership: str = Field(description="The partnership's slug.")
    strategy_title: str
    first_year: int
    last_year: int
    notes: str
    status: str = Field(description="The worst severity of the checks: ok, warning or error.")
    total_cost_eur: str
    total_financing_eur: str
    granted_eur: str
    actions: list[ActionOut]
    staff: list[EffortOut]
    costs: list[CostOut]
    financing: list[FinancingOut]
    checks: list[CheckOut]
    cells: list[CellOut]
    shares: list[ShareOut]
    cash_flow: list[FlowOut]


class InstrumentOut(Schema):
    id: int
    shared: bool = Field(description="True: the shared catalogue; false: this partnership's.")
    key: str
    name: str
    programme: str
    level: str = Field(description="regional, national or eu")
    managing_body: str
    country_code: str
    region: str
    cofinancing_cap_percent: str | None = Field(
        description="Published co-financing cap in %, or null when it varies."
    )
    url: str
    notes: str
    source: str


class CallOut(Schema):
    id: int
    title: str
    instrument_id: int | None
    programme: str
    deadline_date: date | None
    url: str
    status: str = Field(description="forthcoming, open or closed")
    timing: str = Field(description="open, closing_soon, overdue, closed or no_deadline")
    notes: str
    is_illustrative: bool = Field(description="Demo content, not a real call.")
    action_ids: list[int]


# ---------------------------------------------------------------- schemas (in)


class PlanIn(Schema):
    first_year: int
    last_year: int
    notes: str = ""


class EffortIn(Schema):
    action_id: int
    year: int
    organisation_id: int = Field(description="A partner organisation of the partnership.")
    person_months: Decimal
    monthly_rate_eur: Decimal | None = None
    note: str = ""


class EffortPatch(Schema):
    action_id: int | None = None
    year: int | None = None
    organisation_id: int | None = None
    person_months: Decimal | None = None
    monthly_rate_eur: Decimal | None = None
    note: str | None = None


class CostIn(Schema):
    action_id: int
    year: int
    category: str
    description: str
    amount_eur: Decimal


class CostPatch(Schema):
    action_id: int | None = None
    year: int | None = None
    category: str | None = None
    description: str | None = None
    amount_eur: Decimal | None = None


class FinancingIn(Schema):
    action_id: int
    year: int
    amount_eur: Decimal
    instrument_id: int | None = Field(None, description="An instrument of the catalogue, or:")
    organisation_id: int | None = Field(None, description="the partner contributing its own.")
    status: str = "planned"
    call_id: int | None = None
    note: str = ""


class FinancingPatch(Schema):
    action_id: int | None = None
    year: int | None = None
    amount_eur: Decimal | None = None
    instrument_id: int | None = None
    organisation_id: int | None = None
    status: str | None = None
    call_id: int | None = None
    note: str | None = None


class InstrumentIn(Schema):
    name: str
    level: str = Field(description="regional, national or eu")
    programme: str = ""
    managing_body: str = ""
    country_code: str = ""
    region: str = ""
    cofinancing_cap_percent: Decimal | None = None
    url: str = ""
    notes: str = ""
    source: str = ""
    shared: bool = Field(False, description="Add to the shared catalogue (administrators).")


class InstrumentPatch(Schema):
    name: str | None = None
    level: str | None = None
    programme: str | None = None
    managing_body: str | None = None
    country_code: str | None = None
    region: str | None = None
    cofinancing_cap_percent: Decimal | None = None
    url: str | None = None
    notes: str | None = None
    source: str | None = None


class CallIn(Schema):
    title: str
    deadline_date: date | None = None
    instrument_id: int | None = None
    programme: str = ""
    url: str = ""
    status: str = "open"
    notes: str = ""
    action_ids: list[int] = []


class CallPatch(Schema):
    title: str | None = None
    deadline_date: date | None = None
    instrument_id: int | None = None
    programme: str | None = None
    url: str | None = None
    status: str | None = None
    notes: str | None = None
    action_ids: list[int] | None = None


# ---------------------------------------------------------------- converters


def _effort(row: StaffEffort) -> dict[str, Any]:
    return {
        "id": row.pk,
        "action_id": row.action_id,
        "year": row.year,
        "organisation_id": row.organisation_id,
        "organisation": row.organisation.name,
        "person_months": f"{row.person_months:.2f}",
        "monthly_rate_eur": _money(row.monthly_rate_eur),
        "staff_cost_eur": _money(
            checks.ZERO
            if row.monthly_rate_eur is None
            else checks.money(row.person_months * row.monthly_rate_eur)
        ),
        "note": row.note,
    }


def _cost(row: CostLine) -> dict[str, Any]:
    return {
        "id": row.pk,
        "action_id": row.action_id,
        "year": row.year,
        "category": row.category,
        "description": row.description,
        "amount_eur": _money(row.amount_eur),
    }


def _financing(row: FinancingLine) -> dict[str, Any]:
    return {
        "id": row.pk,
        "action_id": row.action_id,
        "year": row.year,
        "level": row.level,
        "instrument_id": row.instrument_id,
        "organisation_id": row.organisation_id,
        "source": row.instrument.name
        if row.instrument
        else (row.organisation.name if row.organisation else ""),
        "call_id": row.call_id,
        "status": row.status,
        "amount_eur": _money(row.amount_eur),
        "note": row.note,
    }


def _instrument(row: FundingInstrument) -> dict[str, Any]:
    return {
        "id": row.pk,
        "shared": row.partnership_id is None,
        "key": row.key,
        "name": row.name,
        "programme": row.programme,
        "level": row.level,
        "managing_body": row.managing_body,
        "country_code": row.country_code,
        "region": row.region,
        "cofinancing_cap_percent": None
        if row.cofinancing_cap_percent is None
        else f"{row.cofinancing_cap_percent.normalize():f}",
        "url": row.url,
        "notes": row.notes,
        "source": row.source,
    }


def _call(row: FundingCall, *, today: date) -> dict[str, Any]:
    return {
        "id": row.pk,
        "title": row.title,
        "instrument_id": row.instrument_id,
        "programme": row.programme,
        "deadline_date": row.deadline_date,
        "url": row.url,
        "status": row.status,
        "timing": queries.call_timing(row, today=today),
        "notes": row.notes,
        "is_illustrative": row.is_illustrative,
        "action_ids": sorted(action.pk for action in row.actions.all()),
    }


def _plan_out(view: queries.PlanView) -> dict[str, Any]:
    assert view.plan is not None
    assert view.figures is not None
    figures = view.figures
    return {
        "partnership": view.partnership.slug,
        "strategy_title": view.strategy.title if view.strategy else "",
        "first_year": view.plan.first_year,
        "last_year": view.plan.last_year,
        "notes": view.plan.notes,
        "status": view.status,
        "total_cost_eur": _money(figures.total_cost),
        "total_financing_eur": _money(figures.total_financing),
        "granted_eur": _money(figures.granted),
        "actions": [
            {
                "id": action.pk,
                "code": action.code,
                "title": action.title,
                "owner": action.owner.name,
                "start_date": action.start_date,
                "end_date": action.end_date,
            }
            for action in view.actions
        ],
        "staff": [_effort(row) for row in view.efforts],
        "costs": [_cost(row) for row in view.costs],
        "financing": [_financing(row) for row in view.financing],
        "checks": [dataclasses.asdict(result) for result in view.results],
        "cells": [
            {
                "action_id": cell.action.id,
                "year": cell.year,
                "staff_eur": _money(cell.staff),
                "other_costs_eur": _money(cell.other_costs),
                "cost_eur": _money(cell.cost),
                "financing_eur": _money(cell.financing),
                "balance_eur": _money(cell.balance),
            }
            for cell in figures.cells
        ],
        "shares": [
            {
                "level": share.level,
                "label": share.label,
                "amount_eur": _money(share.amount),
                "percent": f"{share.percent}",
            }
            for share in figures.shares
        ],
        "cash_flow": [
            {
                "year": flow.year,
                "cost_eur": _money(flow.cost),
                "financing_eur": _money(flow.financing),
                "balance_eur": _money(flow.balance),
                "cumulative_eur": _money(flow.cumulative),
            }
            for flow in figures.flows
        ],
    }


def _view(user: AnyUser, slug: str) -> queries.PlanView:
    access = permissions.access_plan(user=user, slug=slug)
    view = queries.view_plan(
        partnership=access.partnership, standing=access.standing, today=timezone.localdate()
    )
    if view.plan is None:
        raise Http404("The partnership has no business plan yet.")
    return view


# ---------------------------------------------------------------- the plan


@router.get(
    "/{slug}",
    response={200: PlanOut, **READ_ERRORS},
    summary="The business plan with its figures and checks (members of the partnership)",
)
def get_plan(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _plan_out(_view(api_viewer(request), slug))


@router.put(
    "/{slug}",
    response={200: PlanOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Start the business plan, or change its years and notes (coordinators)",
)
def put_plan(request: HttpRequest, slug: str, payload: PlanIn) -> dict[str, Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    services.save_plan(
        user=user,
        partnership=partnership,
        data=services.PlanInput(
            first_year=payload.first_year, last_year=payload.last_year, notes=payload.notes
        ),
        now=timezone.now(),
    )
    return _plan_out(_view(user, slug))


# ---------------------------------------------------------------- lines


@router.post(
    "/{slug}/staff",
    response={201: EffortOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add person-months of a partner on an action in a year (coordinators)",
)
def add_effort(request: HttpRequest, slug: str, payload: EffortIn) -> Status[Any]:
    user = token_user(request)
    plan = permissions.access_plan_for_edit(user=user, slug=slug)
    effort = services.save_effort(
        user=user, plan=plan, data=services.EffortInput(**payload.model_dump()), now=timezone.now()
    )
    return Status(201, _effort(effort))


@router.patch(
    "/{slug}/staff/{line_id}",
    response={200: EffortOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change person-months (coordinators)",
)
def patch_effort(
    request: HttpRequest, slug: str, line_id: int, payload: EffortPatch
) -> dict[str, Any]:
    user = token_user(request)
    effort = permissions.access_line_for_edit(user=user, slug=slug, kind="staff", line_id=line_id)
    assert isinstance(effort, StaffEffort)
    current = services.EffortInput(
        action_id=effort.action_id,
        year=effort.year,
        organisation_id=effort.organisation_id,
        person_months=effort.person_months,
        monthly_rate_eur=effort.monthly_rate_eur,
        note=effort.note,
    )
    effort = services.save_effort(
        user=user,
        plan=effort.plan,
        data=dataclasses.replace(current, **payload.model_dump(exclude_unset=True)),
        effort=effort,
        now=timezone.now(),
    )
    return _effort(effort)


@router.post(
    "/{slug}/costs",
    response={201: CostOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a cost of an action in a year (coordinators)",
)
def add_cost(request: HttpRequest, slug: str, payload: CostIn) -> Status[Any]:
    user = token_user(request)
    plan = permissions.access_plan_for_edit(user=user, slug=slug)
    cost = services.save_cost(
        user=user, plan=plan, data=services.CostInput(**payload.model_dump()), now=timezone.now()
    )
    return Status(201, _cost(cost))


@router.patch(
    "/{slug}/costs/{line_id}",
    response={200: CostOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a cost (coordinators)",
)
def patch_cost(request: HttpRequest, slug: str, line_id: int, payload: CostPatch) -> dict[str, Any]:
    user = token_user(request)
    cost = permissions.access_line_for_edit(user=user, slug=slug, kind="costs", line_id=line_id)
    assert isinstance(cost, CostLine)
    current = services.CostInput(
        action_id=cost.action_id,
        year=cost.year,
        category=cost.category,
        description=cost.description,
        amount_eur=cost.amount_eur,
    )
    cost = services.save_cost(
        user=user,
        plan=cost.plan,
        data=dataclasses.replace(current, **payload.model_dump(exclude_unset=True)),
        cost=cost,
        now=timezone.now(),
    )
    return _cost(cost)


@router.post(
    "/{slug}/financing",
    response={201: FinancingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add financing: an instrument of the catalogue or a partner's own (coordinators)",
)
def add_financing(request: HttpRequest, slug: str, payload: FinancingIn) -> Status[Any]:
    user = token_user(request)
    plan = permissions.access_plan_for_edit(user=user, slug=slug)
    line = services.save_financing(
        user=user,
        plan=plan,
        data=services.FinancingInput(**payload.model_dump()),
        now=timezone.now(),
    )
    return Status(201, _financing(line))


@router.patch(
    "/{slug}/financing/{line_id}",
    response={200: FinancingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change financing (coordinators)",
)
def patch_financing(
    request: HttpRequest, slug: str, line_id: int, payload: FinancingPatch
) -> dict[str, Any]:
    user = token_user(request)
    line = permissions.access_line_for_edit(user=user, slug=slug, kind="financing", line_id=line_id)
    assert isinstance(line, FinancingLine)
    current = services.FinancingInput(
        action_id=line.action_id,
        year=line.year,
        amount_eur=line.amount_eur,
        instrument_id=line.instrument_id,
        organisation_id=line.organisation_id,
        status=line.status,
        call_id=line.call_id,
        note=line.note,
    )
    changes = payload.model_dump(exclude_unset=True)
    # Switching the source: naming one clears the other.
    if changes.get("instrument_id") is not None:
        changes.setdefault("organisation_id", None)
    if changes.get("organisation_id") is not None:
        changes.setdefault("instrument_id", None)
    line = services.save_financing(
        user=user,
        plan=line.plan,
        data=dataclasses.replace(current, **changes),
        line=line,
        now=timezone.now(),
    )
    return _financing(line)


def _register_line_delete(kind: str, what: str) -> None:
    def delete_line(request: HttpRequest, slug: str, line_id: int) -> Status[None]:
        user = token_user(request)
        line = permissions.access_line_for_edit(user=user, slug=slug, kind=kind, line_id=line_id)
        services.remove_line(user=user, line=line, now=timezone.now())
        return Status(204, None)

    router.delete(
        f"/{{slug}}/{kind}/{{line_id}}",
        response={204: None, **WRITE_ERRORS},
        auth=token_auth,
        operation_id=f"businessplan_delete_{kind}",
        summary=f"Remove {what} (coordinators)",
    )(delete_line)


for _kind, _what in (("staff", "person-months"), ("costs", "a cost"), ("financing", "financing")):
    _register_line_delete(_kind, _what)


# ---------------------------------------------------------------- instruments


@router.get(
    "/{slug}/instruments",
    response={200: list[InstrumentOut], **READ_ERRORS},
    summary="The catalogue: shared instruments and the partnership's own (members)",
)
def list_instruments(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    access = permissions.access_plan(user=api_viewer(request), slug=slug)
    return [_instrument(row) for row in queries.list_instruments(partnership=access.partnership)]


@router.post(
    "/{slug}/instruments",
    response={201: InstrumentOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add an instrument (coordinators: the partnership's own; administrators: shared)",
)
def add_instrument(request: HttpRequest, slug: str, payload: InstrumentIn) -> Status[Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    fields = payload.model_dump()
    shared = fields.pop("shared")
    instrument = services.save_instrument(
        user=user,
        partnership=None if shared else partnership,
        data=services.InstrumentInput(**fields),
        now=timezone.now(),
    )
    return Status(201, _instrument(instrument))


@router.patch(
    "/{slug}/instruments/{instrument_id}",
    response={200: InstrumentOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change an instrument (its owner partnership's coordinators, or administrators)",
)
def patch_instrument(
    request: HttpRequest, slug: str, instrument_id: int, payload: InstrumentPatch
) -> dict[str, Any]:
    user = token_user(request)
    instrument = permissions.access_instrument_for_edit(
        user=user, slug=slug, instrument_id=instrument_id
    )
    current = services.InstrumentInput(
        name=instrument.name,
        level=instrument.level,
        programme=instrument.programme,
        managing_body=instrument.managing_body,
        country_code=instrument.country_code,
        region=instrument.region,
        cofinancing_cap_percent=instrument.cofinancing_cap_percent,
        url=instrument.url,
        notes=instrument.notes,
        source=instrument.source,
    )
    instrument = services.save_instrument(
        user=user,
        partnership=instrument.partnership,
        data=dataclasses.replace(current, **payload.model_dump(exclude_unset=True)),
        now=timezone.now(),
        instrument=instrument,
    )
    return _instrument(instrument)


@router.delete(
    "/{slug}/instruments/{instrument_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Remove an unused instrument (its owner partnership's coordinators, or administrators)",
)
def delete_instrument(request: HttpRequest, slug: str, instrument_id: int) -> Status[None]:
    user = token_user(request)
    instrument = permissions.access_instrument_for_edit(
        user=user, slug=slug, instrument_id=instrument_id
    )
    services.remove_instrument(user=user, instrument=instrument)
    return Status(204, None)


# ---------------------------------------------------------------- calls


@router.get(
    "/{slug}/calls",
    response={200: list[CallOut], **READ_ERRORS},
    summary="Funding calls the partnership follows, soonest deadline first (members)",
)
def list_calls(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    view = _view(api_viewer(request), slug)
    return [_call(call, today=view.today) for call in view.calls]


@router.post(
    "/{slug}/calls",
    response={201: CallOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a funding call, with the actions it could finance (coordinators)",
)
def add_call(request: HttpRequest, slug: str, payload: CallIn) -> Status[Any]:
    user = token_user(request)
    plan = permissions.access_plan_for_edit(user=user, slug=slug)
    fields = payload.model_dump()
    fields["action_ids"] = tuple(fields["action_ids"])
    call = services.save_call(
        user=user, plan=plan, data=services.CallInput(**fields), now=timezone.now()
    )
    return Status(201, _call(call, today=timezone.localdate()))


@router.patch(
    "/{slug}/calls/{call_id}",
    response={200: CallOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a funding call (coordinators)",
)
def patch_call(request: HttpRequest, slug: str, call_id: int, payload: CallPatch) -> dict[str, Any]:
    user = token_user(request)
    call = permissions.access_call_for_edit(user=user, slug=slug, call_id=call_id)
    current = services.CallInput(
        title=call.title,
        deadline_date=call.deadline_date,
        instrument_id=call.instrument_id,
        programme=call.programme,
        url=call.url,
        status=call.status,
        notes=call.notes,
        action_ids=tuple(action.pk for action in call.actions.all()),
        is_illustrative=call.is_illustrative,
    )
    changes = payload.model_dump(exclude_unset=True)
    if "action_ids" in changes:
        changes["action_ids"] = tuple(changes["action_ids"] or ())
    call = services.save_call(
        user=user,
        plan=call.plan,
        data=dataclasses.replace(current, **changes),
        now=timezone.now(),
        call=call,
    )
    return _call(call, today=timezone.localdate())


@router.delete(
    "/{slug}/calls/{call_id}",
    response={204: None, **WRITE_ERRORS},
    auth=token_auth,
    summary="Remove a funding call (coordinators)",
)
def delete_call(request: HttpRequest, slug: str, call_id: int) -> Status[None]:
    user = token_user(request)
    call = permissions.access_call_for_edit(user=user, slug=slug, call_id=call_id)
    services.remove_call(user=user, call=call)
    return Status(204, None)
