from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from crosscluster.content import queries as content_queries
from crosscluster.core.http import is_htmx
from crosscluster.events import queries as event_queries
from crosscluster.partnerships import permissions, queries, services
from crosscluster.partnerships.forms import PartnershipForm
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
        "standing": standing,
        "counts": queries.count_involvement(partnership=partnership),
        "progress": queries.get_work_plan_progress(partnership=partnership, today=today),
        "partners": queries.list_partner_organisations(partnership=partnership),
        "week": week,
        "upcoming": event_queries.list_upcoming_events(
            partnership=partnership, standing=standing, now=timezone.now(), limit=5
        ),
        "latest": content_queries.list_latest(partnership=partnership, standing=standing, limit=8),
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
            "progress": progress,
            "packages": queries.list_work_packages(partnership=partnership),
            "statuses": statuses,
        },
    )


def _initial(partnership: Partnership) -> dict[str, object]:
    return {
        "name": partnership.name,
        "acronym": partnership.acronym,
        "kind": partnership.kind,
        "origin": partnership.origin,
        "phase": partnership.phase,
        "coordinator_contact_name": partnership.coordinator_contact_name,
        "coordinator_contact_role": partnership.coordinator_contact_role,
        "target_countries": ", ".join(c.pk for c in partnership.target_countries.all()),
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
            changes = services.PartnershipChanges(
                name=data["name"],
                acronym=data["acronym"],
                kind=data["kind"],
                origin=data["origin"],
                phase=data["phase"],
                coordinator_contact_name=data["coordinator_contact_name"],
                coordinator_contact_role=data["coordinator_contact_role"],
                start_date=data["start_date"],
                duration_months=data["duration_months"],
                summary=data["summary"],
                results_expected=data["results_expected"],
                funding_acknowledgement=data["funding_acknowledgement"],
                disclaimer=data["disclaimer"],
                target_country_codes=[c for c in data["target_countries"].split(",") if c.strip()],
                focus_area_labels=data["focus_areas"].splitlines(),
                is_public=data["is_public"],
            )
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
