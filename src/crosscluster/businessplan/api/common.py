"""The business-plan API's router, error responses and row converters."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from crosscluster.businessplan import permissions, queries, wording
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
        "source": row.instrument.display_name
        if row.instrument
        else (row.organisation.name if row.organisation else ""),
        "call_id": row.call_id,
        "status": row.status,
        "amount_eur": _money(row.amount_eur),
        "note": row.note,
    }


def _instrument(row: FundingInstrument) -> dict[str, Any]:
    """An instrument; a shipped shared one's name, notes and source in the reader's language
    (``FundingInstrument.localised``), what people typed as typed."""
    localised = row.localised
    return {
        "id": row.pk,
        "shared": row.partnership_id is None,
        "key": row.key,
        "name": localised.name,
        "programme": localised.programme,
        "level": row.level,
        "managing_body": row.managing_body,
        "country_code": row.country_code,
        "region": localised.region,
        "cofinancing_cap_percent": None
        if row.cofinancing_cap_percent is None
        else f"{row.cofinancing_cap_percent.normalize():f}",
        "url": row.url,
        "notes": localised.notes,
        "source": localised.source,
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
        "checks": [wording.check(result) for result in view.results],
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
        raise Http404(_("The partnership has no business plan yet."))
    return view
