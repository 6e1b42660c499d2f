"""The business plan and its lines (person-months, costs, financing) over the API.

No ``from __future__ import annotations`` here: ninja reads the operations' types at run time.
"""

import dataclasses
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Status

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.businessplan import permissions, services
from crosscluster.businessplan.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    _cost,
    _effort,
    _financing,
    _plan_out,
    _view,
    router,
)
from crosscluster.businessplan.api.schemas import (
    CostIn,
    CostOut,
    CostPatch,
    EffortIn,
    EffortOut,
    EffortPatch,
    FinancingIn,
    FinancingOut,
    FinancingPatch,
    PlanIn,
    PlanOut,
)
from crosscluster.businessplan.models import (
    CostLine,
    FinancingLine,
    StaffEffort,
)

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
