"""S3 guidelines pages: parse, make one call, render. Forms post normally (no JavaScript needed);
with htmx the region page swaps its priorities list and form in place."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import is_htmx
from crosscluster.core.taxonomy import translate_label
from crosscluster.directory import queries as directory_queries
from crosscluster.regions import adapters, permissions, queries, services, wording
from crosscluster.regions.documents import charts
from crosscluster.regions.forms import (
    AdoptForm,
    PartnerRegionForm,
    PriorityForm,
    RecommendationForm,
)
from crosscluster.regions.models import RegionProfile, S3Priority


def _tag_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The taxonomy's technologies and sectors, grouped by facet, in the reader's language."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for tag, facet in directory_queries.list_technology_and_sector_tags():
        groups.setdefault(facet, []).append(
            (adapters.tag_key(tag.facet, tag.slug), translate_label(tag.label, facet=tag.facet))
        )
    return list(groups.items())


# ---------------------------------------------------------------- overview


@require_safe
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    access = permissions.access_guidelines(user=request.user, slug=slug)
    return _overview_page(request, access)


def _overview_page(
    request: HttpRequest, access: permissions.Access, *, refused: PartnerRegionForm | None = None
) -> HttpResponse:
    """The guidelines' overview; a partner's region refused comes back (400) with the region
    chosen and the problem beside that partner (above the list when the partner is not on it)."""
    snapshot = wording.guidelines_for_reader(
        queries.build_guidelines(partnership=access.partnership, today=timezone.now())
    )
    svg = charts.indicator_svg(snapshot["indicator_chart"])
    placed = {partner["id"] for region in snapshot["regions"] for partner in region["partners"]}
    unplaced = {partner["id"] for partner in snapshot["partners_without_region"]}
    refused_id = refused.organisation_id if refused is not None else None
    return render(
        request,
        "regions/overview.html",
        {
            "partnership": access.partnership,
            "access": access,
            "snapshot": snapshot,
            "chart_svg": mark_safe(svg),  # built from escaped text
            # NUTS-2 regions by name, grouped by country: picked, not typed as codes
            "region_choices": directory_queries.region_choices(level=2) if access.can_edit else [],
            "refused": refused,
            "refused_id": refused_id if refused_id in placed | unplaced else None,
            "refused_region": refused.data.get("region", "") if refused is not None else "",
            "refused_unlisted": refused is not None and refused_id not in placed | unplaced,
            "moving": refused_id in placed,
        },
        status=400 if refused is not None else 200,
    )


@login_required
@require_POST
def partner_region(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_guidelines_for_edit(user=request.user, slug=slug)
    clearing = request.POST.get("action") == "clear"
    form = PartnerRegionForm(request.POST, clearing=clearing)
    if form.is_valid():
        try:
            if clearing:
                services.clear_partner_region(
                    user=request.user,
                    partnership=partnership,
                    organisation_id=form.cleaned_data["organisation"],
                )
            else:
                services.set_partner_region(
                    user=request.user,
                    partnership=partnership,
                    organisation_id=form.cleaned_data["organisation"],
                    region_code=form.cleaned_data["region"],
                    now=timezone.now(),
                )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        access = permissions.access_guidelines(user=request.user, slug=slug)
        return _overview_page(request, access, refused=form)
    messages.success(
        request,
        _("The partner's region is cleared.") if clearing else _("The partner's region is saved."),
    )
    return redirect("regions:overview", slug=partnership.slug)


@login_required
@require_POST
def take_from_directory(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_guidelines_for_edit(user=request.user, slug=slug)
    created = services.take_regions_from_directory(
        user=request.user, partnership=partnership, now=timezone.now()
    )
    messages.success(
        request,
        _("%(count)s partners placed in their directory region.") % {"count": len(created)},
    )
    return redirect("regions:overview", slug=partnership.slug)


@login_required
@require_POST
def generate(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_guidelines_for_edit(user=request.user, slug=slug)
    counts = services.generate_recommendations(
        user=request.user, partnership=partnership, now=timezone.now()
    )
    messages.success(
        request,
        _(
            "Recommendations generated: %(created)s new, %(updated)s updated, %(removed)s "
            "removed, %(kept_edited)s edited ones kept."
        )
        % counts,
    )
    return redirect("regions:overview", slug=partnership.slug)


# ---------------------------------------------------------------- a region


def _region_context(
    request: HttpRequest,
    access: permissions.Access,
    profile: RegionProfile,
    form: PriorityForm,
    adopt_form: AdoptForm | None = None,
) -> dict[str, Any]:
    """The region page's context; ``adopt_form``: the candidates checked and refused."""
    priorities = queries.list_priorities(profiles=[profile])
    indicator = adapters.indicator_to_dict(queries.get_indicator(code=profile.region.code))
    indicator["missing_reason"] = wording.missing_reason(indicator)
    svg = charts.indicator_svg([indicator | {"region_label": profile.region.label}])
    adopted = {priority.title for priority in priorities}
    return {
        "partnership": access.partnership,
        "access": access,
        "profile": profile,
        "region": profile.region,
        "priorities": [
            wording.priority_for_reader(queries.priority_to_dict(priority))
            for priority in priorities
        ],
        "candidates": [
            wording.candidate_for_reader(adapters.candidate_to_dict(candidate))
            | {"adopted": candidate.title in adopted}
            for candidate in queries.list_candidates(region=profile.region)
        ],
        "hub_vintage": queries.hub_vintage(),
        "indicator": indicator,
        "chart_svg": mark_safe(svg),  # built from escaped text
        "organisations": queries.count_organisations(region=profile.region, today=timezone.now()),
        "form": form,
        "adopt_form": adopt_form,
        # the candidates checked: those posted when refused, else every one not adopted
        "checked_keys": adopt_form.keys if adopt_form else None,
    }


@require_http_methods(["GET", "POST"])
def region(request: HttpRequest, slug: str, profile_id: int) -> HttpResponse:
    """A region's priorities (coordinators add them here), candidates and indicators."""
    if request.method == "POST":
        profile = permissions.access_profile_for_edit(
            user=request.user, slug=slug, profile_id=profile_id
        )
        access = permissions.access_guidelines(user=request.user, slug=slug)
    else:
        access, profile = permissions.access_profile(
            user=request.user, slug=slug, profile_id=profile_id
        )
    form = PriorityForm(request.POST if request.method == "POST" else None, tags=_tag_choices())
    added = False
    if request.method == "POST" and form.is_valid():
        try:
            services.save_priority(
                user=request.user, profile=profile, data=form.to_input(), now=timezone.now()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not is_htmx(request):
                messages.success(request, _("The priority is added."))
                return redirect("regions:region", slug=slug, profile_id=profile.pk)
            form = PriorityForm(tags=_tag_choices())
            added = True
    context = _region_context(request, access, profile, form)
    context["added"] = added
    template = "regions/_priorities.html" if is_htmx(request) else "regions/region.html"
    # htmx swaps only 2xx responses: the fragment with its errors comes back as 200.
    status = 400 if form.errors and not is_htmx(request) else 200
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def adopt(request: HttpRequest, slug: str, profile_id: int) -> HttpResponse:
    profile = permissions.access_profile_for_edit(
        user=request.user, slug=slug, profile_id=profile_id
    )
    form = AdoptForm(request.POST)  # the keys as posted: the service checks them
    try:
        created = services.adopt_candidates(
            user=request.user, profile=profile, keys=form.keys, now=timezone.now()
        )
    except ValidationError as error:
        add_service_errors(form, error, aliases={"keys": "key"})
        access = permissions.access_guidelines(user=request.user, slug=slug)
        context = _region_context(request, access, profile, PriorityForm(tags=_tag_choices()), form)
        return render(request, "regions/region.html", context, status=400)
    messages.success(
        request,
        _("%(count)s candidate priorities adopted: edit them to match the region's S3.")
        % {"count": len(created)},
    )
    return redirect("regions:region", slug=slug, profile_id=profile.pk)


def _priority_initial(priority: S3Priority) -> dict[str, Any]:
    return {
        "title": priority.title,
        # what the reader was shown: the derived description in their language (editing makes
        # it the text kept)
        "description": wording.shown_description(
            description=priority.description,
            wording=priority.wording,
            is_edited=priority.is_edited,
        ),
        "tags": [adapters.tag_key(tag.facet, tag.slug) for tag in priority.tags.all()],
        "source_url": priority.source_url,
        "source_label": priority.source_label,
        "source_vintage": priority.source_vintage,
    }


@login_required
@require_http_methods(["GET", "POST"])
def priority_edit(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    priority = permissions.access_priority_for_edit(
        user=request.user, slug=slug, priority_id=priority_id
    )
    if request.method == "POST":
        form = PriorityForm(request.POST, tags=_tag_choices())
        if form.is_valid():
            try:
                services.save_priority(
                    user=request.user,
                    profile=priority.profile,
                    data=form.to_input(),
                    now=timezone.now(),
                    priority=priority,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The priority is saved."))
                return redirect("regions:region", slug=slug, profile_id=priority.profile_id)
    else:
        form = PriorityForm(initial=_priority_initial(priority), tags=_tag_choices())
    return render(
        request,
        "regions/priority_edit.html",
        {"partnership": priority.profile.partnership, "priority": priority, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def priority_delete(request: HttpRequest, slug: str, priority_id: int) -> HttpResponse:
    priority = permissions.access_priority_for_edit(
        user=request.user, slug=slug, priority_id=priority_id
    )
    if request.method == "POST":
        services.delete_priority(user=request.user, priority=priority)
        messages.success(request, _("The priority is removed."))
        return redirect("regions:region", slug=slug, profile_id=priority.profile_id)
    return render(
        request,
        "regions/confirm_delete.html",
        {
            "partnership": priority.profile.partnership,
            "what": _("the priority"),
            "title": priority.title,
            "back": priority.profile,
        },
    )


# ---------------------------------------------------------------- recommendations


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_edit(request: HttpRequest, slug: str, recommendation_id: int) -> HttpResponse:
    recommendation = permissions.access_recommendation_for_edit(
        user=request.user, slug=slug, recommendation_id=recommendation_id
    )
    if request.method == "POST":
        form = RecommendationForm(request.POST)
        if form.is_valid():
            try:
                services.update_recommendation(
                    user=request.user,
                    recommendation=recommendation,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    now=timezone.now(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The recommendation is saved (marked edited)."))
                return redirect("regions:overview", slug=slug)
    else:
        title, body = wording.shown_text(  # generated text starts in the reader's language
            title=recommendation.title,
            body=recommendation.body,
            wording=recommendation.wording,
            is_edited=recommendation.is_edited,
        )
        form = RecommendationForm(initial={"title": title, "body": body})
    return render(
        request,
        "regions/recommendation_edit.html",
        {
            "partnership": recommendation.profile.partnership,
            "recommendation": recommendation,
            "rule_name": queries.rule_name(recommendation.rule),
            "facts": queries.fact_rows(recommendation.facts or {}),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_delete(request: HttpRequest, slug: str, recommendation_id: int) -> HttpResponse:
    recommendation = permissions.access_recommendation_for_edit(
        user=request.user, slug=slug, recommendation_id=recommendation_id
    )
    if request.method == "POST":
        services.delete_recommendation(user=request.user, recommendation=recommendation)
        messages.success(request, _("The recommendation is removed."))
        return redirect("regions:overview", slug=slug)
    return render(
        request,
        "regions/confirm_delete.html",
        {
            "partnership": recommendation.profile.partnership,
            "what": _("the recommendation"),
            "title": wording.shown_text(  # as the overview shows it, in the reader's language
                title=recommendation.title,
                body=recommendation.body,
                wording=recommendation.wording,
                is_edited=recommendation.is_edited,
            )[0],
            "back": None,
        },
    )
