from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crosscluster.core.http import is_htmx
from crosscluster.directory import permissions, queries, services
from crosscluster.directory.forms import (
    OrganisationForm,
    ReviewForm,
    filters_from_query,
    page_from_query,
)
from crosscluster.directory.models import Organisation
from crosscluster.engines.clusters.criteria import CRITERIA
from crosscluster.partnerships import queries as partnership_queries


def search(request: HttpRequest) -> HttpResponse:
    asked = filters_from_query(request.GET)
    filters, errors = queries.resolve_filters(
        filters=asked,
        partnership=partnership_queries.find_partnership_scope(
            user=request.user, slug=asked.partnership
        ),
    )
    results = queries.search_directory(filters=filters, page=page_from_query(request.GET))
    context = {"results": results, "errors": errors, "filters": filters}
    if is_htmx(request):
        return render(request, "directory/_results.html", {**context, "partial": True})
    return render(request, "directory/search.html", context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = permissions.access_organisation(slug=slug)
    context: dict[str, object] = {
        "organisation": organisation,
        "citation": queries.cite_source(organisation=organisation),
        "tag_groups": queries.list_tags_by_facet(organisation=organisation),
        "clusters": queries.list_clusters_of(organisation=organisation),
        "partnerships": partnership_queries.list_partnerships_of(
            organisation=organisation, user=request.user
        ),
        "can_edit": queries.can_edit(user=request.user, organisation=organisation),
    }
    if organisation.is_cluster:
        members = queries.list_cluster_members(
            cluster=organisation, page=page_from_query(request.GET, "members_page")
        )
        context["members"] = members
        manages = queries.can_manage(user=request.user, organisation=organisation)
        context["manages"] = manages
        if manages:
            context["criteria"] = queries.evaluate_cluster_criteria(cluster=organisation)
    return render(request, "directory/organisation.html", context)


def _initial(organisation: Organisation) -> dict[str, object]:
    initial: dict[str, object] = {
        "name": organisation.name,
        "kind": organisation.kind,
        "country": organisation.country_id,
        "nuts_region": organisation.nuts_region_id or "",
        "city": organisation.city,
        "website": organisation.website,
        "description": organisation.description,
        "size": organisation.size,
        "management_staff": organisation.management_staff,
    }
    for tag_id, level in queries.get_tag_levels(organisation=organisation).items():
        initial[f"tag_{tag_id}"] = str(level)
    return initial


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = permissions.access_organisation_for_edit(user=request.user, slug=slug)
    tags = [tag for facet in queries.list_taxonomy().values() for tag in facet]
    if request.method == "POST":
        form = OrganisationForm(request.POST, tags=tags)
        if form.is_valid():
            try:
                services.update_organisation(
                    user=request.user, organisation=organisation, changes=form.changes()
                )
            except ValidationError as error:
                for field, errs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The organisation's profile was saved."))
                return redirect("directory:organisation", slug=organisation.slug)
        # Show the saved state of the page heading, not the rejected input.
        organisation.refresh_from_db()
    else:
        form = OrganisationForm(initial=_initial(organisation), tags=tags)
    return render(
        request, "directory/organisation_edit.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_POST
def submit_for_review(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = permissions.access_cluster_for_management(user=request.user, slug=slug)
    services.submit_cluster_for_review(user=request.user, cluster=cluster, now=timezone.now())
    messages.success(request, _("The cluster is in the reviewers' queue."))
    return redirect("directory:organisation", slug=cluster.slug)


def criteria(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/criteria.html", {"criteria": CRITERIA})


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    permissions.check_platform_administrator(request.user)
    return render(
        request, "directory/review_queue.html", {"clusters": queries.list_clusters_to_review()}
    )


@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = permissions.access_cluster_for_review(user=request.user, slug=slug)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_cluster(
                reviewer=request.user,
                cluster=cluster,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
                now=timezone.now(),
            )
        except ValidationError as error:
            for field, errs in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect("directory:organisation", slug=cluster.slug)
    return render(
        request,
        "directory/review.html",
        {
            "cluster": cluster,
            "form": form,
            "criteria": queries.evaluate_cluster_criteria(cluster=cluster),
            "reviews": queries.list_reviews(cluster=cluster),
            "member_count": queries.count_cluster_members(cluster=cluster),
        },
    )
