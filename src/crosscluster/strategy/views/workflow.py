"""Moving the JIS through its workflow; members' comments and proposals, the coordinator's
decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from crosscluster.core.forms import add_service_errors, forms_beside
from crosscluster.strategy import permissions, queries, services
from crosscluster.strategy.forms import (
    CommentForm,
    DecisionForm,
    MoveForm,
    StrategyHeaderForm,
)
from crosscluster.strategy.models import (
    SectionKey,
    StrategyState,
)
from crosscluster.strategy.views.overview import overview_page

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------- workflow


@login_required
@require_POST
def move(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            strategy = services.move_strategy(
                user=request.user,
                partnership=partnership,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if strategy.state == StrategyState.ADOPTED:
                messages.success(
                    request,
                    _("The strategy is adopted: version %(number)s is kept.")
                    % {"number": strategy.current_version},
                )
            else:
                messages.success(
                    request,
                    _("The strategy is in review now.")
                    if strategy.state == StrategyState.IN_REVIEW
                    else _("The strategy is a draft again."),
                )
            return redirect("strategy:overview", slug=partnership.slug)
    # refused: the overview again (400), the note as typed, the problems in the workflow box
    return overview_page(request, slug, move_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_header(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    strategy = queries.get_strategy(partnership=partnership)
    if request.method == "POST":
        form = StrategyHeaderForm(request.POST)
        if form.is_valid():
            try:
                services.update_strategy(
                    user=request.user, partnership=partnership, header=form.to_input()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The strategy was saved."))
                return redirect("strategy:overview", slug=partnership.slug)
    else:
        snapshot = queries.build_snapshot(partnership=partnership, strategy=strategy)
        form = StrategyHeaderForm(
            initial={
                "title": snapshot["title"],
                "summary": snapshot["summary"],
                "period_start_date": snapshot["period_start_date"],
                "period_end_date": snapshot["period_end_date"],
            }
        )
    return render(
        request,
        "strategy/edit_header.html",
        {"partnership": partnership, "form": form, "strategy": strategy},
    )


# ---------------------------------------------------------------- comments and proposals


@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, slug: str) -> HttpResponse:
    return _comments_page(request, slug)


def _comments_page(
    request: HttpRequest, slug: str, *, decision: tuple[int, DecisionForm] | None = None
) -> HttpResponse:
    """The comments page, taking a new comment when posted; ``decision``: a coordinator's
    decision on a proposal (its id), refused and shown again beside it as typed (400)."""
    access = permissions.access_for_members(user=request.user, slug=slug)
    partnership = access.partnership
    strategy = queries.get_strategy(partnership=partnership)
    snapshot = queries.for_reader(
        queries.build_snapshot(partnership=partnership, strategy=strategy)
    )
    labels = dict(SectionKey.choices)
    items = [
        (item["key"], f"{labels[key]}: {item['title']}")
        for key, section_items in snapshot["sections"].items()
        for item in section_items
    ]
    initial = {
        "section": request.GET.get("section", SectionKey.GENERAL),
        "item_key": request.GET.get("item", ""),
        "kind": "comment",
    }
    posted = request.POST if request.method == "POST" and decision is None else None
    form = CommentForm(posted, items=items, initial=initial)
    if posted is not None and form.is_valid():
        try:
            services.post_comment(
                user=request.user,
                partnership=partnership,
                section=form.cleaned_data["section"],
                item_key=form.cleaned_data["item_key"],
                kind=form.cleaned_data["kind"],
                body=form.cleaned_data["body"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your contribution is posted."))
            return redirect("strategy:comments", slug=partnership.slug)
    rows = list(queries.list_comments(strategy=strategy))
    # the decision refused stays beside its proposal, as typed; above the list once decided
    unlisted = forms_beside(
        [row for row in rows if row.is_open_proposal],
        attribute="decision_form",
        blank=DecisionForm,
        refused=decision,
    )
    return render(
        request,
        "strategy/comments.html",
        {
            "partnership": partnership,
            "standing": access.standing,
            "comments": rows,
            "form": form,
            "titles": queries.item_titles(snapshot),
            "section_labels": labels,
            "unlisted_form": unlisted,
        },
        status=400 if form.errors or decision is not None else 200,
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    comment = permissions.access_proposal_for_decision(
        user=request.user, slug=slug, comment_id=comment_id
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_proposal(
                user=request.user,
                comment=comment,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["decision_note"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("strategy:comments", slug=comment.strategy.partnership.slug)
    return _comments_page(request, slug, decision=(comment.pk, form))
