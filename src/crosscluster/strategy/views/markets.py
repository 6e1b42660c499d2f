"""The priority-market ranking page and the partners' market judgements (AHP)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crosscluster.core.forms import add_service_errors
from crosscluster.engines.ranking.ahp import analyse_pairwise
from crosscluster.strategy import adapters, permissions, queries, services, wording
from crosscluster.strategy.documents import charts
from crosscluster.strategy.forms import (
    JudgementForm,
    initial_from_matrix,
)
from crosscluster.strategy.models import (
    MAX_PRIORITY_MARKETS,
    SectionKey,
)

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


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
                        "value": wording.indicator_value(market["indicators"][code]["value"]),
                        "year": market["indicators"][code]["year"],
                        "imputed": market["indicators"][code]["imputed"],
                    }
                    for code in codes
                ],
            }
        )
    return rows


def _render_ranking(
    request: HttpRequest,
    *,
    access: permissions.Access,
    options: adapters.RankingOptions,
    ticked: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The ranking page; ``ticked``: the markets the coordinator ticked in a refused choice
    (kept, so a mistake does not clear every tick), otherwise the chosen ones."""
    partnership = access.partnership
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
        "ticked": chosen if ticked is None else ticked,
        "max_markets": MAX_PRIORITY_MARKETS,
        "editable": strategy is None or strategy.is_editable,
        "judgement_count": len(queries.list_judgements(strategy=strategy)),
    }
    try:
        result = wording.ranking_for_reader(
            queries.get_market_ranking(partnership=partnership, options=options)
        )
    except ValidationError as error:
        # each problem under the name of the option it is about, as the form labels it
        labels = {"outside_europe": _("Markets"), "weights": _("Weights"), "method": _("Method")}
        context["errors"] = [
            (labels.get(field, field), problem)
            for field, problems in error.message_dict.items()
            for problem in problems
        ]
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
    return render(request, "strategy/ranking.html", context, status=status)


@require_safe
def ranking(request: HttpRequest, slug: str) -> HttpResponse:
    access = permissions.access_for_members(user=request.user, slug=slug)
    return _render_ranking(
        request, access=access, options=ranking_options(request, access.partnership)
    )


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
        # The page again with the viewer's ticks kept (a redirect would clear them).
        return _render_ranking(
            request,
            access=permissions.access_for_members(user=request.user, slug=slug),
            options=options,
            ticked=codes,
            status=400,
        )
    messages.success(
        request,
        _("The priority markets are set (%(count)s). Edit their rationale here.")
        % {"count": len(codes)},
    )
    return redirect("strategy:section", slug=partnership.slug, section=SectionKey.MARKETS)


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
                "weights": list(zip(wording.market_criteria(), analysis.weights, strict=True))
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
            "criteria": wording.market_criteria(),
            "any_entered": any(row["analysis"] for row in rows),
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
                        _("Saved, with a warning: %(warning)s")
                        % {"warning": wording.analysis_warning(analysis)},
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
            "warning": wording.analysis_warning(analysis),
            "criteria": wording.market_criteria(),
            "weights": list(zip(wording.market_criteria(), analysis.weights, strict=True))
            if analysis
            else [],
        },
    )
