"""Funding instruments and calls over the API.

No ``from __future__ import annotations`` here: ninja reads the operations' types at run time.
"""

import dataclasses
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Status

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.businessplan import permissions, queries, services
from crosscluster.businessplan.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    _call,
    _instrument,
    _view,
    router,
)
from crosscluster.businessplan.api.schemas import (
    CallIn,
    CallOut,
    CallPatch,
    InstrumentIn,
    InstrumentOut,
    InstrumentPatch,
)

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
