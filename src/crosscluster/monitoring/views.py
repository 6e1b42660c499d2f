from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from crosscluster.monitoring import permissions, queries, services
from crosscluster.partnerships import queries as partnership_queries


def scoreboard(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_scoreboard(user=request.user, slug=slug)
    period = request.GET.get("period", "").strip()
    try:
        board = queries.compute_scoreboard(
            partnership=partnership, today=timezone.localdate(), period=period
        )
    except ValueError as error:
        messages.error(request, f"Period: {error}.")
        board = queries.compute_scoreboard(partnership=partnership, today=timezone.localdate())
    return render(
        request,
        "monitoring/scoreboard.html",
        {
            "partnership": partnership,
            "board": board,
            "is_coordinator": partnership_queries.is_coordinator(
                user=request.user, partnership=partnership
            ),
        },
    )


def set_target(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_scoreboard(user=request.user, slug=slug)
    if request.method != "POST":
        return redirect("monitoring:scoreboard", slug=slug)
    period = request.POST.get("period", "")
    try:
        services.set_target(
            user=request.user,
            partnership=partnership,
            indicator=request.POST.get("indicator", ""),
            period=period,
            value=request.POST.get("value", ""),
            now=timezone.now(),
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                messages.error(request, f"{field}: {problem}")
        return redirect("monitoring:scoreboard", slug=slug)
    messages.success(request, "Target saved.")
    return redirect(f"{request.path.rsplit('/targets/', 1)[0]}/?period={period}")


def series_csv(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The numbers behind one chart: quarter, value."""
    partnership = permissions.access_scoreboard(user=request.user, slug=slug)
    board = queries.compute_scoreboard(partnership=partnership, today=timezone.localdate())
    try:
        figure = board.figure(key)
    except StopIteration as error:
        raise Http404("No such indicator.") from error
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{key}.csv"'
    writer = csv.writer(response)
    writer.writerow(["quarter", key])
    for quarter, value in figure.series.items():
        writer.writerow([quarter, value])
    return response
