"""JIS pages: parse, make one call, render. Forms post normally (no JavaScript needed); with htmx
the section pages swap their list and form in place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

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
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import is_htmx
from crosscluster.engines.ranking.ahp import analyse_pairwise
from crosscluster.engines.versions.compare import compare_snapshots
from crosscluster.partnerships.models import Partnership
from crosscluster.partnerships.queries import AnyUser
from crosscluster.strategy import adapters, permissions, queries, services
from crosscluster.strategy.documents import charts
from crosscluster.strategy.forms import (
    ActionForm,
    CommentForm,
    DecisionForm,
    InitiativeForm,
    JudgementForm,
    MoveForm,
    OfferingForm,
    PriorityMarketForm,
    StrategyHeaderForm,
    SupportMechanismForm,
    TechnologyDomainForm,
    initial_from_matrix,
)
from crosscluster.strategy.models import (
    MAX_PRIORITY_MARKETS,
    Initiative,
    InitiativeKind,
    JointOffering,
    PriorityMarket,
    RoadmapAction,
    SectionKey,
    StrategyState,
    SupportMechanism,
    TechnologyDomain,
)

# ---------------------------------------------------------------- overview and versions


@require_safe
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    view = permissions.access_strategy(user=request.user, slug=slug)
    strategy = view.strategy
    context: dict[str, Any] = {
        "view": view,
        "partnership": view.partnership,
        "snapshot": view.snapshot,
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
            "snapshot": queries.version_snapshot(version),
            "sections": SectionKey.choices[1:],
        },
    )


@require_safe
def version_compare(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = permissions.access_version(user=request.user, slug=slug, number=number)
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
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
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
                    _("The strategy is now: %(state)s.")
                    % {"state": strategy.get_state_display().lower()},
                )
    else:
        messages.error(request, _("Choose the state to move the strategy to."))
    return redirect("strategy:overview", slug=partnership.slug)


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


# ---------------------------------------------------------------- section editors


@dataclass(frozen=True)
class Editor:
    """How a section's items are edited: the form, its initial values, and the service call."""

    title: str
    make_form: Callable[[Partnership, dict[str, Any], Any], Form]
    initial: Callable[[Any], dict[str, Any]]
    save: Callable[[AnyUser, Partnership, Form, Any], object]
    can_add: bool = True


def _technology_form(partnership: Partnership, snapshot: dict[str, Any], data: Any) -> Form:
    tags = [(tag.slug, tag.label) for tag in queries.list_technology_tags()]
    return TechnologyDomainForm(data, tags=tags)


def _offering_form(partnership: Partnership, snapshot: dict[str, Any], data: Any) -> Form:
    return OfferingForm(data, partners=queries.list_partner_organisations(partnership=partnership))


def _initiative_form(kind: str) -> Callable[[Partnership, dict[str, Any], Any], Form]:
    def make(partnership: Partnership, snapshot: dict[str, Any], data: Any) -> Form:
        return InitiativeForm(data, kind=kind)

    return make


def _implementable_items(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    labels = dict(SectionKey.choices)
    return [
        (item["key"], f"{labels[section]}: {item['title']}")
        for section, items in snapshot["sections"].items()
        if section != SectionKey.ROADMAP
        for item in items
    ]


def _action_form(partnership: Partnership, snapshot: dict[str, Any], data: Any) -> Form:
    return ActionForm(
        data,
        partners=queries.list_partner_organisations(partnership=partnership),
        items=_implementable_items(snapshot),
    )


def _save_technology(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, TechnologyDomainForm)
    return services.save_technology_domain(
        user=user, partnership=partnership, data=form.to_input(), domain=item
    )


def _save_offering(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, OfferingForm)
    return services.save_offering(
        user=user, partnership=partnership, data=form.to_input(), offering=item
    )


def _save_initiative(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, InitiativeForm)
    return services.save_initiative(
        user=user, partnership=partnership, data=form.to_input(), initiative=item
    )


def _save_support(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, SupportMechanismForm)
    return services.save_support_mechanism(
        user=user, partnership=partnership, data=form.to_input(), mechanism=item
    )


def _save_action(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(form, ActionForm)
    return services.save_action(
        user=user, partnership=partnership, data=form.to_input(), action=item
    )


def _save_market(user: AnyUser, partnership: Partnership, form: Form, item: Any) -> object:
    assert isinstance(item, PriorityMarket)
    return services.update_priority_market(
        user=user,
        market=item,
        rank=form.cleaned_data["rank"],
        rationale=form.cleaned_data["rationale"],
    )


def _initial_technology(item: TechnologyDomain) -> dict[str, Any]:
    return {"tag": item.tag.slug, "rationale": item.rationale}


def _initial_offering(item: JointOffering) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
    }
    for part in item.contributions.all():
        initial[f"contribution_{part.organisation_id}"] = part.contribution
    return initial


def _initial_initiative(item: Initiative) -> dict[str, Any]:
    return {
        "title": item.title,
        "target_group": item.target_group,
        "description": item.description,
    }


def _initial_support(item: SupportMechanism) -> dict[str, Any]:
    return {
        "mechanism": item.mechanism,
        "kind": item.kind,
        "region": item.region_id or "",
        "authority": item.authority,
        "organisation": item.organisation.slug if item.organisation else "",
        "description": item.description,
    }


def _initial_action(item: RoadmapAction) -> dict[str, Any]:
    snapshot_item = {
        "technology_domains": [f"technology:{d.tag.slug}" for d in item.technology_domains.all()],
        "offerings": [f"offering:{o.pk}" for o in item.offerings.all()],
        "initiatives": [f"initiative:{i.pk}" for i in item.initiatives.all()],
        "markets": [f"market:{m.country.iso3}" for m in item.markets.all()],
        "support": [f"support:{s.pk}" for s in item.support_mechanisms.all()],
    }
    return {
        "code": item.code,
        "title": item.title,
        "owner": item.owner_id,
        "start_date": item.start_date,
        "end_date": item.end_date,
        "budget_line": item.budget_line,
        "budget_eur": item.budget_eur,
        "description": item.description,
        "kpis": "\n".join(
            f"{kpi.name}; {queries._decimal(kpi.target)}; {kpi.unit}".rstrip("; ")
            for kpi in item.kpis.order_by("position", "pk")
        ),
        "implements": [key for keys in snapshot_item.values() for key in keys],
    }


def _initial_market(item: PriorityMarket) -> dict[str, Any]:
    return {"rank": item.rank, "rationale": item.rationale}


EDITORS: dict[str, Editor] = {
    SectionKey.TECHNOLOGIES: Editor(
        "Technology domains", _technology_form, _initial_technology, _save_technology
    ),
    SectionKey.OFFERINGS: Editor(
        "Joint products and services", _offering_form, _initial_offering, _save_offering
    ),
    SectionKey.COMMERCIALISATION: Editor(
        "Joint commercialisation initiatives",
        _initiative_form(InitiativeKind.COMMERCIALISATION),
        _initial_initiative,
        _save_initiative,
    ),
    SectionKey.INTERNATIONALISATION: Editor(
        "Internationalisation initiatives for clusters and their SMEs",
        _initiative_form(InitiativeKind.INTERNATIONALISATION),
        _initial_initiative,
        _save_initiative,
    ),
    SectionKey.MARKETS: Editor(
        "Priority markets",
        lambda partnership, snapshot, data: PriorityMarketForm(data),
        _initial_market,
        _save_market,
        can_add=False,  # markets are chosen on the ranking page
    ),
    SectionKey.SUPPORT: Editor(
        "Support mechanisms by regional governments",
        lambda partnership, snapshot, data: SupportMechanismForm(data),
        _initial_support,
        _save_support,
    ),
    SectionKey.ROADMAP: Editor("Roadmap of actions", _action_form, _initial_action, _save_action),
}


def _editor(section: str) -> Editor:
    editor = EDITORS.get(section)
    if editor is None:
        raise Http404("No such section.")
    return editor


@login_required
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    """A section's items and the form to add one (coordinators)."""
    editor = _editor(section)
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    strategy = queries.get_strategy(partnership=partnership)
    snapshot = queries.build_snapshot(partnership=partnership, strategy=strategy)
    form = editor.make_form(
        partnership, snapshot, request.POST if request.method == "POST" else None
    )
    added = False
    if request.method == "POST" and editor.can_add and form.is_valid():
        try:
            editor.save(request.user, partnership, form, None)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not is_htmx(request):
                messages.success(request, _("Added to %(section)s.") % {"section": editor.title})
                return redirect("strategy:section", slug=partnership.slug, section=section)
            snapshot = queries.build_snapshot(
                partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
            )
            form = editor.make_form(partnership, snapshot, None)
            added = True
    context = {
        "partnership": partnership,
        "strategy": strategy,
        "editable": strategy is None or strategy.is_editable,
        "section_key": section,
        "section_title": editor.title,
        "items": snapshot["sections"][section],
        "titles": queries.item_titles(snapshot),
        "form": form,
        "can_add": editor.can_add,
        "added": added,
    }
    template = "strategy/_section_body.html" if is_htmx(request) else "strategy/section.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, slug: str, section: str, item_id: int) -> HttpResponse:
    editor = _editor(section)
    item = permissions.access_section_item_for_edit(
        user=request.user, slug=slug, section=section, item_id=item_id
    )
    partnership = item.strategy.partnership
    snapshot = queries.build_snapshot(partnership=partnership, strategy=item.strategy)
    if request.method == "POST":
        form = editor.make_form(partnership, snapshot, request.POST)
        if form.is_valid():
            try:
                editor.save(request.user, partnership, form, item)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("strategy:section", slug=partnership.slug, section=section)
    else:
        form = editor.make_form(partnership, snapshot, None)
        form.initial = editor.initial(item)
    return render(
        request,
        "strategy/item_edit.html",
        {
            "partnership": partnership,
            "section_key": section,
            "section_title": editor.title,
            "item": item,
            "form": form,
            "editable": item.strategy.is_editable,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, slug: str, section: str, item_id: int) -> HttpResponse:
    editor = _editor(section)
    item = permissions.access_section_item_for_edit(
        user=request.user, slug=slug, section=section, item_id=item_id
    )
    partnership = item.strategy.partnership
    if request.method == "POST":
        try:
            services.remove_item(user=request.user, item=item)
        except ValidationError as error:
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
        else:
            messages.success(request, _("Removed."))
        return redirect("strategy:section", slug=partnership.slug, section=section)
    return render(
        request,
        "strategy/item_delete.html",
        {
            "partnership": partnership,
            "section_key": section,
            "section_title": editor.title,
            "item": item,
        },
    )


# ---------------------------------------------------------------- comments and proposals


@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, slug: str) -> HttpResponse:
    access = permissions.access_for_members(user=request.user, slug=slug)
    partnership = access.partnership
    strategy = queries.get_strategy(partnership=partnership)
    snapshot = queries.build_snapshot(partnership=partnership, strategy=strategy)
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
    form = CommentForm(
        request.POST if request.method == "POST" else None, items=items, initial=initial
    )
    if request.method == "POST" and form.is_valid():
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
    return render(
        request,
        "strategy/comments.html",
        {
            "partnership": partnership,
            "standing": access.standing,
            "comments": queries.list_comments(strategy=strategy),
            "form": form,
            "titles": queries.item_titles(snapshot),
            "section_labels": labels,
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    comment = permissions.access_proposal_for_decision(
        user=request.user, slug=slug, comment_id=comment_id
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or reject the proposal."))
    else:
        try:
            services.decide_proposal(
                user=request.user,
                comment=comment,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["decision_note"],
                now=timezone.now(),
            )
        except ValidationError as error:
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
        else:
            messages.success(request, _("The decision is recorded."))
    return redirect("strategy:comments", slug=comment.strategy.partnership.slug)


# ---------------------------------------------------------------- market ranking


def ranking_options(request: HttpRequest, partnership: Partnership) -> adapters.RankingOptions:
    """Options from the query string (or the form), the partnership's defaults otherwise."""
    default = queries.default_ranking_options(partnership=partnership)
    source = request.POST if request.method == "POST" else request.GET
    outside = source.get("outside_europe")
    return adapters.RankingOptions(
        outside_europe=default.outside_europe
        if outside is None
        else outside in {"1", "on", "true"},
        weights=source.get("weights", "equal"),
        method=source.get("method", "wsm"),
    )


def _number(value: float | None) -> str:
    if value is None:
        return ""
    size = abs(value)
    if size >= 1e12:
        return f"{value / 1e12:.1f} tn"
    if size >= 1e9:
        return f"{value / 1e9:.1f} bn"
    if size >= 1e6:
        return f"{value / 1e6:.1f} m"
    if size >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _ranking_rows(ranking: dict[str, Any], limit: int) -> list[dict[str, Any]]:
    """The best ``limit`` markets with their 3 largest contributions and formatted cells."""
    codes = list(ranking["labels"])
    rows = []
    for market in ranking["ranking"][:limit]:
        parts = sorted(market["contributions"].items(), key=lambda part: -part[1])[:3]
        rows.append(
            {
                "market": market,
                "top_parts": [(ranking["labels"][code], value) for code, value in parts],
                "imputed": [
                    ranking["labels"][code]
                    for code in codes
                    if market["indicators"][code]["imputed"]
                ],
                "cells": [
                    {
                        "label": ranking["labels"][code],
                        "value": _number(market["indicators"][code]["value"]),
                        "year": market["indicators"][code]["year"],
                        "imputed": market["indicators"][code]["imputed"],
                    }
                    for code in codes
                ],
            }
        )
    return rows


@require_safe
def ranking(request: HttpRequest, slug: str) -> HttpResponse:
    access = permissions.access_for_members(user=request.user, slug=slug)
    partnership = access.partnership
    options = ranking_options(request, partnership)
    strategy = queries.get_strategy(partnership=partnership)
    chosen = [
        market["iso3"]
        for market in queries.build_snapshot(partnership=partnership, strategy=strategy)[
            "sections"
        ]["markets"]
    ]
    context: dict[str, Any] = {
        "partnership": partnership,
        "standing": access.standing,
        "options": options,
        "chosen": chosen,
        "max_markets": MAX_PRIORITY_MARKETS,
        "editable": strategy is None or strategy.is_editable,
        "judgement_count": len(queries.list_judgements(strategy=strategy)),
    }
    try:
        result = queries.get_market_ranking(partnership=partnership, options=options)
    except ValidationError as error:
        context["error"] = error
        return render(request, "strategy/ranking.html", context, status=400)
    context.update(
        {
            "result": result,
            "labels": result["labels"],
            "chart_svg": mark_safe(  # built from escaped text
                charts.draw_contributions(charts.chart_from_ranking(result, highlight=chosen)).svg()
            ),
            "rows": _ranking_rows(result, 20),
            "weights": [
                (code, result["labels"][code], weight, result["data"]["indicators"][code])
                for code, weight in result["weights"].items()
            ],
        }
    )
    return render(request, "strategy/ranking.html", context)


@login_required
@require_POST
def choose_markets(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    options = ranking_options(request, partnership)
    codes = request.POST.getlist("market")
    try:
        result = queries.get_market_ranking(partnership=partnership, options=options)
        order = {market["iso3"]: market["rank"] for market in result["ranking"]}
        codes.sort(key=lambda code: order.get(code, len(order) + 1))
        services.choose_priority_markets(
            user=request.user,
            partnership=partnership,
            choices=[services.MarketChoice(country=code) for code in codes],
            ranking=result,
            now=timezone.now(),
        )
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
        url = reverse("strategy:ranking", args=[partnership.slug])
        return redirect(f"{url}?{_ranking_query(options)}")
    messages.success(
        request,
        _("The priority markets are set (%(count)s). Edit their rationale here.")
        % {"count": len(codes)},
    )
    return redirect("strategy:section", slug=partnership.slug, section=SectionKey.MARKETS)


def _ranking_query(options: adapters.RankingOptions) -> str:
    return urlencode(
        {
            "outside_europe": "1" if options.outside_europe else "0",
            "weights": options.weights,
            "method": options.method,
        }
    )


@require_safe
def judgements(request: HttpRequest, slug: str) -> HttpResponse:
    access = permissions.access_for_members(user=request.user, slug=slug)
    partnership = access.partnership
    strategy = queries.get_strategy(partnership=partnership)
    stored = {
        judgement.organisation_id: judgement
        for judgement in queries.list_judgements(strategy=strategy)
    }
    rows = []
    for partner in queries.list_partner_organisations(partnership=partnership):
        judgement = stored.get(partner.pk)
        analysis = analyse_pairwise(judgement.criteria, judgement.matrix) if judgement else None
        rows.append(
            {
                "partner": partner,
                "judgement": judgement,
                "analysis": analysis,
                "weights": list(zip(adapters.MARKET_CRITERIA, analysis.weights, strict=True))
                if analysis
                else [],
                "may_edit": services.can_judge_for(
                    user=request.user, partnership=partnership, organisation_id=partner.pk
                ),
            }
        )
    return render(
        request,
        "strategy/judgements.html",
        {
            "partnership": partnership,
            "rows": rows,
            "criteria": adapters.MARKET_CRITERIA,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def judgement_edit(request: HttpRequest, slug: str, organisation_id: int) -> HttpResponse:
    partnership, organisation = permissions.access_partner_for_judgement(
        user=request.user, slug=slug, organisation_id=organisation_id
    )
    strategy = queries.get_strategy(partnership=partnership)
    existing = next(
        (
            j
            for j in queries.list_judgements(strategy=strategy)
            if j.organisation_id == organisation.pk
        ),
        None,
    )
    analysis = None
    if request.method == "POST":
        form = JudgementForm(request.POST)
        if form.is_valid():
            try:
                judgement = services.save_market_judgement(
                    user=request.user,
                    partnership=partnership,
                    organisation=organisation,
                    pairs=form.to_pairs(),
                    now=timezone.now(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                analysis = analyse_pairwise(judgement.criteria, judgement.matrix)
                if analysis.warning:
                    messages.warning(
                        request,
                        _("Saved, with a warning: %(warning)s") % {"warning": analysis.warning},
                    )
                else:
                    messages.success(
                        request,
                        _("Saved. Consistency ratio %(ratio).3f (0.1 or less is consistent).")
                        % {"ratio": analysis.consistency_ratio or 0.0},
                    )
                return redirect("strategy:judgements", slug=partnership.slug)
    else:
        form = JudgementForm(initial=initial_from_matrix(existing.matrix) if existing else None)
        if existing:
            analysis = analyse_pairwise(existing.criteria, existing.matrix)
    return render(
        request,
        "strategy/judgement_edit.html",
        {
            "partnership": partnership,
            "organisation": organisation,
            "form": form,
            "analysis": analysis,
            "criteria": adapters.MARKET_CRITERIA,
            "weights": list(zip(adapters.MARKET_CRITERIA, analysis.weights, strict=True))
            if analysis
            else [],
        },
    )
