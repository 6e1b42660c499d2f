"""The overview page: what waits for the signed-in person, each item a link to act on it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from crosscluster.desk import queries


@require_safe
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "desk/overview.html",
        {"overview": queries.build_overview(user=request.user, now=timezone.now())},
    )
    patch_cache_control(response, private=True, max_age=0)
    return response
