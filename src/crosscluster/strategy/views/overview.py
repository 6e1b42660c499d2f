"""The JIS's overview, its adopted versions and the comparison of two versions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from crosscluster.core.forms import add_service_errors
from crosscluster.core.throttling import refuse_if_throttled
from crosscluster.engines.versions.compare import compare_snapshots
from crosscluster.strategy import permissions, queries, services, wording
from crosscluster.strategy.forms import MoveForm, ProgressForm
from crosscluster.strategy.models import (
    ActionStatus,
    SectionKey,
    StrategyState,
)
from crosscluster.strategy.queries.translations import in_language

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------- overview and versions


@require_safe
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    return overview_page(request, slug)


def overview_page(
    request: HttpRequest,
    slug: str,
    *,
    move_form: MoveForm | None = None,
    progress_form: tuple[int, ProgressForm] | None = None,
) -> HttpResponse:
    """The JIS's overview; refused and shown again (400) as typed: ``move_form``, the
    workflow's move (the problems in the workflow box), ``progress_form``, a roadmap action's
    progress (the action's id; the problems beside it)."""
    view = permissions.access_strategy(user=request.user, slug=slug)
    strategy = view.strategy
    context: dict[str, Any] = {
        "view": view,
        "partnership": view.partnership,
        "snapshot": wording.markets_for_reader(
            in_language(
                queries.for_reader(view.snapshot),
                strategy=strategy,
                language=translation.get_language(),
            )
        ),
        "versions": queries.list_versions(strategy=strategy),
        "sections": SectionKey.choices[1:],
    }
    if view.can_read_drafts:
        context["comment_counts"] = queries.count_comments_by_section(strategy=strategy)
        # the roadmap's progress (the scoreboard's "strategy actions done" is this count)
        context["progress"] = queries.get_roadmap_progress(
            strategy=strategy, until=timezone.localdate()
        )
        context["can_record_progress"] = view.standing.is_coordinator
        context["statuses"] = ActionStatus.choices
    if view.standing.is_coordinator and view.is_working_copy:
        state = strategy.state if strategy else StrategyState.DRAFT
        context["moves"] = [
            (target, StrategyState(target).label) for target in services.TRANSITIONS[state]
        ]
        if strategy is not None and state == StrategyState.IN_REVIEW:
            context["adoption_problems"] = services.adoption_problems(strategy=strategy)
    context["move_form"] = move_form or MoveForm()
    context["progress_forms"] = dict([progress_form]) if progress_form else {}
    refused = (move_form is not None and move_form.errors) or progress_form is not None
    status = 400 if refused else 200
    return render(request, "strategy/overview.html", context, status=status)


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
            "snapshot": wording.markets_for_reader(
                in_language(
                    queries.for_reader(queries.version_snapshot(version)),
                    strategy=version.strategy,
                    language=translation.get_language(),
                )
            ),
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
                queries.with_countries_from_regions(latest.snapshot) if latest else None,
                queries.build_snapshot(partnership=access.partnership, strategy=strategy),
            ),
        },
    )


@login_required
@require_POST
def action_progress(request: HttpRequest, slug: str, action_id: int) -> HttpResponse:
    """A coordinator records where a roadmap action stands (status, the day it was done)."""
    action = permissions.access_action_for_progress(
        user=request.user, slug=slug, action_id=action_id
    )
    form = ProgressForm(request.POST)
    form.is_valid()  # text only: the day is read here, the service checks the rest
    raw_day = form.cleaned_data["done_date"].strip()
    day = parse_date(raw_day) if raw_day else None
    try:
        if raw_day and day is None:
            raise ValidationError(
                {"done_date": [_("Give the day it was done as a date, e.g. 2026-05-29.")]}
            )
        services.record_action_progress(
            user=request.user,
            action=action,
            data=services.ProgressInput(status=form.cleaned_data["status"], done_date=day),
            today=timezone.localdate(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        # the overview again (400), the status and day as typed beside the action
        return overview_page(request, slug, progress_form=(action.pk, form))
    messages.success(request, _("Progress of %(code)s recorded.") % {"code": action.code})
    return redirect(f"{reverse('strategy:overview', args=[slug])}#progress")
