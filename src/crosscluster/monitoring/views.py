from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from crosscluster.core.documents.tables import csv_cell
from crosscluster.core.forms import add_service_errors
from crosscluster.engines.network.model import TieKind
from crosscluster.monitoring import permissions, queries, services, wording
from crosscluster.monitoring.forms import TargetForm
from crosscluster.partnerships import queries as partnership_queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

TIE_KINDS = [choice.value for choice in TieKind]


def scoreboard(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_scoreboard(user=request.user, slug=slug)
    return _scoreboard_page(request, partnership, period=request.GET.get("period", "").strip())


def _scoreboard_page(
    request: HttpRequest,
    partnership: Partnership,
    *,
    period: str,
    target_form: TargetForm | None = None,
) -> HttpResponse:
    """The scoreboard of ``period``; ``target_form``: a target refused, shown again (400) as
    typed with each problem beside its field."""
    members = queries.can_see_internal(user=request.user, partnership=partnership)
    try:
        board = queries.compute_scoreboard(
            partnership=partnership, today=timezone.localdate(), period=period, members=members
        )
    except ValueError as error:
        messages.error(request, _("Period: %(error)s.") % {"error": error})
        board = queries.compute_scoreboard(
            partnership=partnership, today=timezone.localdate(), members=members
        )
    return render(
        request,
        "monitoring/scoreboard.html",
        {
            "partnership": partnership,
            "board": board,
            "is_coordinator": partnership_queries.is_coordinator(
                user=request.user, partnership=partnership
            ),
            "target_form": target_form or TargetForm(),
        },
        status=400 if target_form is not None else 200,
    )


def set_target(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_scoreboard(user=request.user, slug=slug)
    if request.method != "POST":
        return redirect("monitoring:scoreboard", slug=slug)
    form = TargetForm(request.POST)
    form.is_valid()  # text only: the service checks it
    period = form.cleaned_data["period"]
    try:
        services.set_target(
            user=request.user,
            partnership=partnership,
            indicator=form.cleaned_data["indicator"],
            period=period,
            value=form.cleaned_data["value"],
            now=timezone.now(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        # the scoreboard of the period typed when it is one, else the current one
        shown = "" if "period" in form.errors else period.strip()
        return _scoreboard_page(request, partnership, period=shown, target_form=form)
    messages.success(request, _("Target saved."))
    return redirect(
        f"{reverse('monitoring:scoreboard', kwargs={'slug': partnership.slug})}"
        f"?{urlencode({'period': period})}"
    )


def _figure(request: HttpRequest, slug: str, key: str) -> queries.Figure:
    partnership = permissions.access_scoreboard(user=request.user, slug=slug)
    board = queries.compute_scoreboard(
        partnership=partnership,
        today=timezone.localdate(),
        members=queries.can_see_internal(user=request.user, partnership=partnership),
    )
    try:
        return board.figure(key)
    except StopIteration as error:
        raise Http404(_("No such indicator.")) from error


def _csv(name: str, header: list[str], rows: list[tuple[str, float]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    # a breakdown's categories are names people typed (a partner cluster's): never a formula
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return response


def series_csv(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The numbers behind one chart: quarter, value (``?by=month``: month, value)."""
    figure = _figure(request, slug, key)
    if request.GET.get("by") == "month":
        return _csv(f"{slug}-{key}-monthly", ["month", key], list(figure.monthly.items()))
    return _csv(f"{slug}-{key}", ["quarter", key], list(figure.series.items()))


def breakdown_csv(request: HttpRequest, slug: str, key: str, dimension: str) -> HttpResponse:
    """The numbers behind one breakdown chart: category, value."""
    figure = _figure(request, slug, key)
    if dimension not in figure.breakdowns:
        raise Http404(_("No such breakdown."))
    name = f"{slug}-{key}-by-{dimension.replace(' ', '-')}"
    return _csv(name, [dimension, key], list(figure.breakdowns[dimension].items()))


def network(request: HttpRequest, slug: str) -> HttpResponse:
    """The collaboration network: the interactive map (static JS reading the API), a table view
    of the ties (searchable, paginated, server-rendered), and suggested partners. Served from
    the stored network; "being computed" while the first computation runs."""
    partnership = permissions.access_scoreboard(user=request.user, slug=slug)
    search = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    country = request.GET.get("country", "").strip().upper()[:2]
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    services.request_network(partnership=partnership, now=timezone.now())
    snapshot = queries.get_network_snapshot(partnership=partnership)
    ties = queries.page_ties(
        snapshot=snapshot,
        search=search,
        kind=kind if kind in TIE_KINDS else "",
        country=country,
        page=page,
    )
    query: dict[str, str | int] = {
        key: value for key, value in (("q", search), ("kind", kind), ("country", country)) if value
    }
    summary = snapshot.summary if snapshot is not None and snapshot.computed_at else None
    if summary:
        summary = {
            **summary,
            "suggestions": wording.suggestions_for_reader(summary.get("suggestions", [])),
        }
    return render(
        request,
        "monitoring/network.html",
        {
            "partnership": partnership,
            "snapshot": snapshot,
            "summary": summary,
            "ties": ties,
            "search": search,
            "kind": kind,
            "country": country,
            "kinds": [(value, wording.tie_kind_label(value)) for value in TIE_KINDS],
            "countries": wording.network_country_choices(summary["countries"] if summary else []),
            "texts": wording.network_texts(),
            "is_coordinator": partnership_queries.is_coordinator(
                user=request.user, partnership=partnership
            ),
            "previous_query": urlencode({**query, "page": ties.page - 1}),
            "next_query": urlencode({**query, "page": ties.page + 1}),
        },
    )


def refresh_network(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator asks for the network to be computed again now."""
    partnership = permissions.access_scoreboard(user=request.user, slug=slug)
    if request.method != "POST":
        return redirect("monitoring:network", slug=slug)
    try:
        services.refresh_network(user=request.user, partnership=partnership, now=timezone.now())
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("monitoring:network", slug=slug)
    messages.success(
        request,
        _("The network is being computed again; this page shows the new one when it is ready."),
    )
    return redirect("monitoring:network", slug=slug)
