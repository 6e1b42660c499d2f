"""The partnership's pages: home, list, profile, work plan, editing and translations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from crosscluster.content import queries as content_queries
from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import is_htmx
from crosscluster.events import queries as event_queries
from crosscluster.partnerships import permissions, queries, services
from crosscluster.partnerships.forms import (
    PartnershipForm,
    PartnershipTranslationForm,
)
from crosscluster.partnerships.models import Partnership
from crosscluster.strategy import queries as strategy_queries


def home(request: HttpRequest) -> HttpResponse:
    """The site's home page: the partnerships the viewer may see."""
    partnerships = queries.list_partnerships(user=request.user)[:12]
    return render(request, "partnerships/home.html", {"partnerships": partnerships})


def partnership_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnerships/list.html",
        {"partnerships": queries.list_partnerships(user=request.user)},
    )


def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership(user=request.user, slug=slug)
    today = timezone.localdate()
    standing = queries.get_standing(user=request.user, partnership_id=partnership.pk)
    week = event_queries.build_week(
        partnership=partnership,
        standing=standing,
        week=request.GET.get("week"),
        today=today,
    )
    context = {
        "partnership": partnership,
        "texts": queries.get_texts(partnership=partnership, language=translation.get_language()),
        "standing": standing,
        "counts": queries.count_involvement(partnership=partnership),
        "progress": queries.get_work_plan_progress(partnership=partnership, today=today),
        "partners": queries.list_partner_organisations(partnership=partnership),
        "is_listed": queries.is_publicly_listed(partnership=partnership),
        "is_administrator": queries.is_platform_administrator(user=request.user),
        "week": week,
        "upcoming": event_queries.list_upcoming_events(
            partnership=partnership, standing=standing, now=timezone.now(), limit=5
        ),
        "latest": content_queries.list_latest(
            partnership=partnership,
            standing=standing,
            limit=8,
            language=translation.get_language(),
        ),
        "has_strategy": strategy_queries.has_visible_strategy(
            partnership=partnership, standing=standing
        ),
    }
    if is_htmx(request) and request.GET.get("week"):
        response = render(request, "events/_week.html", context)
    else:
        response = render(request, "partnerships/detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def work_plan(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership(user=request.user, slug=slug)
    today = timezone.localdate()
    progress = queries.get_work_plan_progress(partnership=partnership, today=today)
    statuses = {status.item.key: status for status in progress.items}
    return render(
        request,
        "partnerships/work_plan.html",
        {
            "partnership": partnership,
            "standing": queries.get_standing(user=request.user, partnership_id=partnership.pk),
            "period_end": queries.get_period_end(partnership=partnership),
            "progress": progress,
            "packages": queries.list_work_packages(partnership=partnership),
            "statuses": statuses,
        },
    )


def _changes_from(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "acronym": data["acronym"],
        "kind": data["kind"],
        "origin": data["origin"],
        "phase": data["phase"],
        "coordinator_contact_name": data["coordinator_contact_name"],
        "coordinator_contact_role": data["coordinator_contact_role"],
        "start_date": data["start_date"],
        "duration_months": data["duration_months"],
        "summary": data["summary"],
        "results_expected": data["results_expected"],
        "funding_acknowledgement": data["funding_acknowledgement"],
        "disclaimer": data["disclaimer"],
        "target_country_codes": list(data["target_countries"]),
        "focus_area_labels": data["focus_areas"].splitlines(),
        "is_public": data["is_public"],
    }


def _initial(partnership: Partnership) -> dict[str, object]:
    return {
        "name": partnership.name,
        "acronym": partnership.acronym,
        "kind": partnership.kind,
        "origin": partnership.origin,
        "phase": partnership.phase,
        "coordinator_contact_name": partnership.coordinator_contact_name,
        "coordinator_contact_role": partnership.coordinator_contact_role,
        "target_countries": [c.pk for c in partnership.target_countries.all()],
        "start_date": partnership.start_date,
        "duration_months": partnership.duration_months,
        "summary": partnership.summary,
        "results_expected": partnership.results_expected,
        "focus_areas": "\n".join(a.label for a in partnership.focus_areas.all()),
        "funding_acknowledgement": partnership.funding_acknowledgement,
        "disclaimer": partnership.disclaimer,
        "is_public": partnership.is_public,
    }


@login_required
def partnership_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    if request.method == "POST":
        form = PartnershipForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changes = services.PartnershipChanges(**_changes_from(data))
            try:
                services.update_partnership(
                    user=request.user, partnership=partnership, changes=changes
                )
            except ValidationError as error:
                for field, errs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The partnership page was saved."))
                return redirect("partnerships:detail", slug=partnership.slug)
    else:
        form = PartnershipForm(initial=_initial(partnership))
    return render(request, "partnerships/edit.html", {"partnership": partnership, "form": form})


@login_required
def partnership_translations(request: HttpRequest, slug: str, language: str = "") -> HttpResponse:
    """The partnership's texts in the partners' other languages: the list, or one language's
    form beside the original (coordinators)."""
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    original = partnership.language or settings.LANGUAGE_CODE
    held = queries.list_translations(partnership=partnership)
    context: dict[str, Any] = {"partnership": partnership, "original": original}
    if not language:
        context["rows"] = [
            (code, held.get(code)) for code, _name in settings.LANGUAGES if code != original
        ]
        return render(request, "partnerships/translations.html", context)
    if language == original or language not in dict(settings.LANGUAGES):
        raise Http404(_("The partnership's texts are not translated into this language here."))
    current = held.get(language)
    initial = (
        {"summary": current.summary, "results_expected": current.results_expected}
        if current
        else {}
    )
    form = PartnershipTranslationForm(request.POST or None, initial=initial, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.translate_partnership(
                user=request.user, partnership=partnership, language=language, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation was saved."))
            return redirect("partnerships:translations", slug=partnership.slug)
    context.update(language=language, form=form, current=current)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "partnerships/translations.html", context, status=status)
