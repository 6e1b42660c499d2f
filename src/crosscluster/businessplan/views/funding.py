"""The funding catalogue's pages: instruments and calls."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crosscluster.businessplan import permissions, queries, services
from crosscluster.businessplan.forms import (
    CallForm,
    InstrumentForm,
)
from crosscluster.businessplan.models import (
    FundingLevel,
)
from crosscluster.businessplan.views.common import _flash_errors, _today
from crosscluster.core.forms import add_service_errors

# ---------------------------------------------------------------- instruments


def _instrument_initial(instrument: Any) -> dict[str, Any]:
    return {
        "name": instrument.name,
        "programme": instrument.programme,
        "level": instrument.level,
        "managing_body": instrument.managing_body,
        "country_code": instrument.country_code,
        "region": instrument.region,
        "cofinancing_cap_percent": ""
        if instrument.cofinancing_cap_percent is None
        else f"{instrument.cofinancing_cap_percent.normalize():f}",
        "url": instrument.url,
        "notes": instrument.notes,
        "source": instrument.source,
    }


@require_http_methods(["GET", "POST"])
def instruments(request: HttpRequest, slug: str) -> HttpResponse:
    """The catalogue: shared instruments and the partnership's own; coordinators add their own
    (administrators may add shared ones)."""
    access = permissions.access_plan(user=request.user, slug=slug)
    partnership = access.partnership
    form = InstrumentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        permissions.access_partnership_for_edit(user=request.user, slug=slug)
        shared = request.POST.get("shared") == "1"
        if form.is_valid():
            try:
                services.save_instrument(
                    user=request.user,
                    partnership=None if shared else partnership,
                    data=form.to_input(),
                    now=timezone.now(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The instrument is in the catalogue."))
                return redirect("businessplan:instruments", slug=partnership.slug)
    levels = dict(FundingLevel.choices)
    rows = list(queries.list_instruments(partnership=partnership))
    return render(
        request,
        "businessplan/instruments.html",
        {
            "partnership": partnership,
            "standing": access.standing,
            "groups": [
                (levels[level], [row for row in rows if row.level == level])
                for level in FundingLevel.values
            ],
            "form": form,
            "can_edit": access.standing.is_coordinator,
            "is_administrator": request.user.is_authenticated and request.user.is_superuser,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, slug: str, instrument_id: int) -> HttpResponse:
    instrument = permissions.access_instrument_for_edit(
        user=request.user, slug=slug, instrument_id=instrument_id
    )
    access = permissions.access_plan(user=request.user, slug=slug)
    if request.method == "POST":
        form = InstrumentForm(request.POST)
        if form.is_valid():
            try:
                services.save_instrument(
                    user=request.user,
                    partnership=instrument.partnership,
                    data=form.to_input(),
                    now=timezone.now(),
                    instrument=instrument,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("businessplan:instruments", slug=slug)
    else:
        form = InstrumentForm(initial=_instrument_initial(instrument))
    return render(
        request,
        "businessplan/form_page.html",
        {
            "partnership": access.partnership,
            "title": _("Edit %(name)s") % {"name": instrument.display_name},
            "form": form,
            "back_url": reverse("businessplan:instruments", args=[slug]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_delete(request: HttpRequest, slug: str, instrument_id: int) -> HttpResponse:
    instrument = permissions.access_instrument_for_edit(
        user=request.user, slug=slug, instrument_id=instrument_id
    )
    if request.method == "POST":
        try:
            services.remove_instrument(user=request.user, instrument=instrument)
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("Removed from the catalogue."))
        return redirect("businessplan:instruments", slug=slug)
    return render(
        request,
        "businessplan/confirm_delete.html",
        {
            "partnership": permissions.access_plan(user=request.user, slug=slug).partnership,
            "title": _("Remove %(name)s from the catalogue?") % {"name": instrument.display_name},
            "what": instrument.display_name,
            "back_url": reverse("businessplan:instruments", args=[slug]),
        },
    )


# ---------------------------------------------------------------- calls


@require_http_methods(["GET", "POST"])
def calls(request: HttpRequest, slug: str) -> HttpResponse:
    """The calls the partnership follows, soonest deadline first, with overdue and closing-soon
    ones marked; coordinators add calls here."""
    access = permissions.access_plan(user=request.user, slug=slug)
    view = queries.view_plan(
        partnership=access.partnership, standing=access.standing, today=_today()
    )
    instrument_rows = list(queries.list_instruments(partnership=access.partnership))
    form = CallForm(
        request.POST if request.method == "POST" else None,
        instruments=instrument_rows,
        actions=view.actions,
    )
    if request.method == "POST":
        plan = permissions.access_plan_for_edit(user=request.user, slug=slug)
        if form.is_valid():
            try:
                services.save_call(
                    user=request.user, plan=plan, data=form.to_input(), now=timezone.now()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The call is added."))
                return redirect("businessplan:calls", slug=slug)
    rows = [(call, queries.call_timing(call, today=view.today)) for call in view.calls]
    return render(
        request,
        "businessplan/calls.html",
        {
            "view": view,
            "partnership": access.partnership,
            "rows": rows,
            "form": form,
            "closing_soon_days": queries.CLOSING_SOON_DAYS,
            "any_illustrative": any(call.is_illustrative for call, _timing in rows),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, slug: str, call_id: int) -> HttpResponse:
    call = permissions.access_call_for_edit(user=request.user, slug=slug, call_id=call_id)
    access = permissions.access_plan(user=request.user, slug=slug)
    view = queries.view_plan(
        partnership=access.partnership, standing=access.standing, today=_today()
    )
    instrument_rows = list(queries.list_instruments(partnership=access.partnership))
    if request.method == "POST":
        form = CallForm(request.POST, instruments=instrument_rows, actions=view.actions)
        if form.is_valid():
            try:
                services.save_call(
                    user=request.user,
                    plan=call.plan,
                    data=form.to_input(is_illustrative=call.is_illustrative),
                    now=timezone.now(),
                    call=call,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("businessplan:calls", slug=slug)
    else:
        form = CallForm(
            initial={
                "title": call.title,
                "instrument": str(call.instrument_id or ""),
                "programme": call.programme,
                "deadline_date": call.deadline_date,
                "url": call.url,
                "status": call.status,
                "actions": [str(action.pk) for action in call.actions.all()],
                "notes": call.notes,
            },
            instruments=instrument_rows,
            actions=view.actions,
        )
    return render(
        request,
        "businessplan/form_page.html",
        {
            "partnership": access.partnership,
            "title": _("Edit the call %(title)s") % {"title": call.title},
            "form": form,
            "back_url": reverse("businessplan:calls", args=[slug]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_delete(request: HttpRequest, slug: str, call_id: int) -> HttpResponse:
    call = permissions.access_call_for_edit(user=request.user, slug=slug, call_id=call_id)
    if request.method == "POST":
        services.remove_call(user=request.user, call=call)
        messages.success(request, _("The call is removed."))
        return redirect("businessplan:calls", slug=slug)
    return render(
        request,
        "businessplan/confirm_delete.html",
        {
            "partnership": call.plan.strategy.partnership,
            "title": _("Remove the call %(title)s?") % {"title": call.title},
            "what": _("Financing lines that name it keep their amount, without the call."),
            "back_url": reverse("businessplan:calls", args=[slug]),
        },
    )
