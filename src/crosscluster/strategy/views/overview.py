"""The JIS's overview, its adopted versions and the comparison of two versions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from crosscluster.core.throttling import refuse_if_throttled
from crosscluster.engines.versions.compare import compare_snapshots
from crosscluster.strategy import permissions, queries, services
from crosscluster.strategy.models import (
    SectionKey,
    StrategyState,
)

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------- overview and versions


@require_safe
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    view = permissions.access_strategy(user=request.user, slug=slug)
    strategy = view.strategy
    context: dict[str, Any] = {
        "view": view,
        "partnership": view.partnership,
        "snapshot": queries.for_reader(view.snapshot),
        "versions": queries.list_versions(strategy=strategy),
        "sections": SectionKey.choices[1:],
    }
    if view.can_read_drafts:
        context["comment_counts"] = queries.count_comments_by_section(strategy=strategy)
    if view.standing.is_coordinator and view.is_working_copy:
        state = strategy.state if strategy else StrategyState.DRAFT
        context["moves"] = [
            (target, StrategyState(target).label) for target in services.TRANSITIONS[state]
        ]
        if strategy is not None and state == StrategyState.IN_REVIEW:
            context["adoption_problems"] = services.adoption_problems(strategy=strategy)
    return render(request, "strategy/overview.html", context)


@require_safe
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = permissions.access_version(user=request.user, slug=slug, number=number)
    partnership = version.strategy.partnership
    return render(
        request,
        "strategy/version.html",
        {
            "partnership": partnership,
            "version": version,
            "snapshot": queries.for_reader(queries.version_snapshot(version)),
            "sections": SectionKey.choices[1:],
        },
    )


@require_safe
def version_compare(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = permissions.access_version(user=request.user, slug=slug, number=number)
    throttled = refuse_if_throttled(request, permissions.COMPARISON_THROTTLE)
    if throttled is not None:
        return throttled
    return render(
        request,
        "strategy/compare.html",
        {
            "partnership": version.strategy.partnership,
            "version": version,
            "before": _("version %(number)s") % {"number": number - 1}
            if number > 1
            else _("nothing (first adoption)"),
            "after": _("version %(number)s") % {"number": number},
            "comparison": queries.compare_version_with_previous(version=version),
        },
    )


@require_safe
def working_changes(request: HttpRequest, slug: str) -> HttpResponse:
    """The working copy compared with the latest adopted version (members)."""
    access = permissions.access_for_members(user=request.user, slug=slug)
    strategy = queries.get_strategy(partnership=access.partnership)
    latest = queries.get_latest_version(strategy=strategy)
    return render(
        request,
        "strategy/compare.html",
        {
            "partnership": access.partnership,
            "version": None,
            "before": _("version %(number)s") % {"number": latest.number}
            if latest
            else _("nothing (never adopted)"),
            "after": _("the working copy"),
            "comparison": compare_snapshots(
                latest.snapshot if latest else None,
                queries.build_snapshot(partnership=access.partnership, strategy=strategy),
            ),
        },
    )
