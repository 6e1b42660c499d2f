"""The business plan's overview and settings, and the lines of each action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from crosscluster.businessplan import permissions, queries, services, wording
from crosscluster.businessplan.documents import charts
from crosscluster.businessplan.forms import (
    CostForm,
    EffortForm,
    FinancingForm,
    PlanForm,
)
from crosscluster.businessplan.models import (
    BusinessPlan,
    CostCategory,
    FinancingLevel,
    FinancingStatus,
)
from crosscluster.businessplan.views.common import _today
from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import is_htmx
from crosscluster.engines.financing import checks
from crosscluster.partnerships.queries import AnyUser

# ---------------------------------------------------------------- overview and settings

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


@require_safe
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    access = permissions.access_plan(user=request.user, slug=slug)
    view = queries.view_plan(
        partnership=access.partnership, standing=access.standing, today=_today()
    )
    context: dict[str, Any] = {"view": view, "partnership": access.partnership}
    if view.plan is not None and view.figures is not None:
        figures = view.figures
        rows: list[dict[str, Any]] = []
        for action in view.actions:
            cells = [cell for cell in figures.cells if cell.action.id == action.pk]
            rows.append(
                {
                    "action": action,
                    "cells": cells,
                    "cost": sum((cell.cost for cell in cells), checks.ZERO),
                    "financing": sum((cell.financing for cell in cells), checks.ZERO),
                }
            )
        for row in rows:
            row["balance"] = row["financing"] - row["cost"]
        context.update(
            {
                "rows": rows,
                "figures": figures,
                "shares": [
                    (charts.level_label(share.level), share.amount, share.percent)
                    for share in figures.shares
                ],
                "shares_svg": mark_safe(charts.draw_shares(figures.shares).svg()),  # escaped inside
                "cash_flow_svg": mark_safe(charts.draw_cash_flow(figures.flows).svg()),
                "upcoming_calls": [
                    (call, queries.call_timing(call, today=view.today))
                    for call in view.calls
                    if queries.call_timing(call, today=view.today) in {"open", "closing_soon"}
                ][:5],
            }
        )
    elif view.strategy is not None and view.can_edit:
        first, last = queries.default_years(strategy=view.strategy, today=view.today)
        context["plan_form"] = PlanForm(initial={"first_year": first, "last_year": last})
    context["checks"] = [wording.check(result) for result in view.results]
    return render(request, "businessplan/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """Start the plan (its years default to the strategy's period) or change its years."""
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    view = queries.view_plan(
        partnership=partnership,
        standing=permissions.access_plan(user=request.user, slug=slug).standing,
        today=_today(),
    )
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                services.save_plan(
                    user=request.user,
                    partnership=partnership,
                    data=form.to_input(),
                    now=timezone.now(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The business plan is saved."))
                return redirect("businessplan:overview", slug=partnership.slug)
    elif view.plan is not None:
        form = PlanForm(
            initial={
                "first_year": view.plan.first_year,
                "last_year": view.plan.last_year,
                "notes": view.plan.notes,
            }
        )
    else:
        first, last = (
            queries.default_years(strategy=view.strategy, today=view.today)
            if view.strategy
            else (view.today.year, view.today.year + 2)
        )
        form = PlanForm(initial={"first_year": first, "last_year": last})
    return render(
        request,
        "businessplan/edit_plan.html",
        {"partnership": partnership, "form": form, "view": view},
    )


# ---------------------------------------------------------------- lines


@dataclass(frozen=True)
class LineKind:
    title: _StrOrPromise  # lazy: read in the viewer's language
    make_form: Callable[[queries.PlanView, Any], Form]
    save: Callable[[AnyUser, BusinessPlan, Form, Any], object]
    initial: Callable[[Any], dict[str, Any]]


def _effort_form(view: queries.PlanView, data: Any) -> Form:
    return EffortForm(
        data,
        actions=view.actions,
        years=view.years,
        partners=queries.list_partner_organisations(partnership=view.partnership),
    )


def _cost_form(view: queries.PlanView, data: Any) -> Form:
    return CostForm(data, actions=view.actions, years=view.years)


def _financing_form(view: queries.PlanView, data: Any) -> Form:
    return FinancingForm(
        data,
        actions=view.actions,
        years=view.years,
        instruments=list(queries.list_instruments(partnership=view.partnership)),
        partners=queries.list_partner_organisations(partnership=view.partnership),
        calls=view.calls,
    )


def _save_effort(user: AnyUser, plan: BusinessPlan, form: Form, line: Any) -> object:
    assert isinstance(form, EffortForm)
    return services.save_effort(
        user=user, plan=plan, data=form.to_input(), effort=line, now=timezone.now()
    )


def _save_cost(user: AnyUser, plan: BusinessPlan, form: Form, line: Any) -> object:
    assert isinstance(form, CostForm)
    return services.save_cost(
        user=user, plan=plan, data=form.to_input(), cost=line, now=timezone.now()
    )


def _save_financing(user: AnyUser, plan: BusinessPlan, form: Form, line: Any) -> object:
    assert isinstance(form, FinancingForm)
    return services.save_financing(
        user=user, plan=plan, data=form.to_input(), line=line, now=timezone.now()
    )


def _line_initial(line: Any) -> dict[str, Any]:
    return {"action": str(line.action_id), "year": str(line.year)}


def _effort_initial(line: Any) -> dict[str, Any]:
    return _line_initial(line) | {
        "organisation": str(line.organisation_id),
        "person_months": f"{line.person_months}",
        "monthly_rate_eur": "" if line.monthly_rate_eur is None else f"{line.monthly_rate_eur}",
        "note": line.note,
    }


def _cost_initial(line: Any) -> dict[str, Any]:
    return _line_initial(line) | {
        "category": line.category,
        "description": line.description,
        "amount_eur": f"{line.amount_eur}",
    }


def _financing_initial(line: Any) -> dict[str, Any]:
    return _line_initial(line) | {
        "source": f"instrument:{line.instrument_id}"
        if line.instrument_id
        else f"partner:{line.organisation_id}",
        "amount_eur": f"{line.amount_eur}",
        "status": line.status,
        "call": str(line.call_id or ""),
        "note": line.note,
    }


LINE_KINDS: dict[str, LineKind] = {
    "staff": LineKind(gettext_lazy("Person-months"), _effort_form, _save_effort, _effort_initial),
    "costs": LineKind(gettext_lazy("Costs"), _cost_form, _save_cost, _cost_initial),
    "financing": LineKind(
        gettext_lazy("Financing"), _financing_form, _save_financing, _financing_initial
    ),
}


def _kind(kind: str) -> LineKind:
    found = LINE_KINDS.get(kind)
    if found is None:
        raise Http404(_("No such kind of line."))
    return found


def _action_of(view: queries.PlanView, action_id: int) -> Any:
    action = next((action for action in view.actions if action.pk == action_id), None)
    if action is None:
        raise Http404(_("No such action in this partnership's roadmap."))
    return action


def _action_context(
    view: queries.PlanView, action: Any, forms: dict[str, Form] | None = None
) -> dict[str, Any]:
    given = forms or {}
    forms = {}
    if view.can_edit and view.plan is not None:
        for key, kind in LINE_KINDS.items():
            form = given.get(key)
            if form is None:
                form = kind.make_form(view, None)
                form.initial = {"action": str(action.pk), "year": str(view.years[0])}
            forms[key] = form
    cells = [
        cell for cell in (view.figures.cells if view.figures else ()) if cell.action.id == action.pk
    ]
    return {
        "view": view,
        "partnership": view.partnership,
        "action": action,
        "cells": cells,
        "efforts": [line for line in view.efforts if line.action_id == action.pk],
        "costs": [line for line in view.costs if line.action_id == action.pk],
        "financing": [line for line in view.financing if line.action_id == action.pk],
        "calls": [call for call in view.calls if action in call.actions.all()],
        "forms": forms,
        "categories": dict(CostCategory.choices),
        "levels": dict(FinancingLevel.choices),
        "statuses": dict(FinancingStatus.choices),
    }


@require_http_methods(["GET", "POST"])
def action_budget(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    """One action's lines (members read; coordinators add lines here, in place with htmx)."""
    access = permissions.access_plan(user=request.user, slug=slug)
    view = queries.view_plan(
        partnership=access.partnership, standing=access.standing, today=_today()
    )
    action = _action_of(view, action_id)
    if view.plan is None:
        raise Http404(_("The partnership has no business plan yet."))
    forms: dict[str, Form] = {}
    if request.method == "POST":
        plan = permissions.access_plan_for_edit(user=request.user, slug=slug)
        key = request.POST.get("kind", "")
        kind = _kind(key)
        form = kind.make_form(view, request.POST)
        if form.is_valid():
            try:
                kind.save(request.user, plan, form, None)
            except ValidationError as error:
                add_service_errors(form, error)
                forms[key] = form
            else:
                if not is_htmx(request):
                    messages.success(request, _("Added."))
                    return redirect(
                        "businessplan:action", slug=access.partnership.slug, action_id=action.pk
                    )
                view = queries.view_plan(
                    partnership=access.partnership, standing=access.standing, today=_today()
                )
        else:
            forms[key] = form
    context = _action_context(view, action, forms)
    template = "businessplan/_action_body.html" if is_htmx(request) else "businessplan/action.html"
    # htmx swaps only 2xx answers: a form with errors comes back as 200 to htmx, 400 otherwise.
    status = 400 if forms and not is_htmx(request) else 200
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, slug: str, kind: str, line_id: int) -> HttpResponse:
    line_kind = _kind(kind)
    line = permissions.access_line_for_edit(
        user=request.user, slug=slug, kind=kind, line_id=line_id
    )
    access = permissions.access_plan(user=request.user, slug=slug)
    view = queries.view_plan(
        partnership=access.partnership, standing=access.standing, today=_today()
    )
    if request.method == "POST":
        form = line_kind.make_form(view, request.POST)
        if form.is_valid():
            try:
                line_kind.save(request.user, line.plan, form, line)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("businessplan:action", slug=slug, action_id=line.action_id)
    else:
        form = line_kind.make_form(view, None)
        form.initial = line_kind.initial(line)
    return render(
        request,
        "businessplan/form_page.html",
        {
            "partnership": access.partnership,
            "title": _("Edit a line: %(kind)s") % {"kind": line_kind.title},
            "form": form,
            "back_url": reverse("businessplan:action", args=[slug, line.action_id]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_delete(request: HttpRequest, slug: str, kind: str, line_id: int) -> HttpResponse:
    line_kind = _kind(kind)
    line = permissions.access_line_for_edit(
        user=request.user, slug=slug, kind=kind, line_id=line_id
    )
    if request.method == "POST":
        services.remove_line(user=request.user, line=line, now=timezone.now())
        messages.success(request, _("Removed."))
        return redirect("businessplan:action", slug=slug, action_id=line.action_id)
    return render(
        request,
        "businessplan/confirm_delete.html",
        {
            "partnership": line.plan.strategy.partnership,
            "title": _("Remove this line (%(kind)s)?") % {"kind": line_kind.title.lower()},
            "what": wording.describe_line(line),
            "back_url": reverse("businessplan:action", args=[slug, line.action_id]),
        },
    )
