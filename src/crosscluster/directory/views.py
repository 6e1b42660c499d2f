from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crosscluster.core.forms import add_service_errors, forms_beside
from crosscluster.core.http import is_htmx, page_of
from crosscluster.directory import permissions, queries, services
from crosscluster.directory.documents import EXPORT_LIMIT, export_subject
from crosscluster.directory.forms import (
    ClaimForm,
    ClusterJoinForm,
    DecisionForm,
    InviteForm,
    JoinForm,
    OrganisationForm,
    RegistrationForm,
    ReviewForm,
    filters_from_query,
    page_from_query,
)
from crosscluster.directory.models import ClusterJoinRequest, Organisation, OrganisationClaim, Tag
from crosscluster.directory.wording import refusal, word_criteria
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
    first_ids = partnership_queries.viewer_partner_ids(user=request.user)
    results = queries.search_directory(
        filters=replace(filters, first_ids=first_ids), page=page_from_query(request.GET)
    )
    context = {
        "results": results,
        "errors": errors,
        "filters": filters,
        # the results as a list file (exports worker), when they can be exported
        "export_subject": export_subject(filters) if results.total <= EXPORT_LIMIT else None,
    }
    if is_htmx(request):
        return render(request, "directory/_results.html", {**context, "partial": True})
    return render(request, "directory/search.html", context)


def _detail_context(
    request: HttpRequest,
    organisation: Organisation,
    *,
    invite_form: InviteForm | None = None,
    join_form: JoinForm | None = None,
    cluster_join_form: ClusterJoinForm | None = None,
) -> dict[str, object]:
    """The organisation page's context; a form posted and shown again (bound) replaces the
    empty one."""
    manages = queries.can_manage(user=request.user, organisation=organisation)
    context: dict[str, object] = {
        "organisation": organisation,
        "citation": queries.cite_source(organisation=organisation),
        "tag_groups": queries.list_tags_by_facet(organisation=organisation),
        "clusters": queries.list_clusters_of(organisation=organisation),
        "partnerships": partnership_queries.list_partnerships_of(
            organisation=organisation, user=request.user
        ),
        "can_edit": queries.can_edit(user=request.user, organisation=organisation),
        "works_here": queries.can_edit_as_member(user=request.user, organisation=organisation),
        "pending_claim": queries.find_pending_claim(user=request.user, organisation=organisation),
        "manages": manages,
    }
    # the organisation's own managers pick a cluster for it to join (administrators act
    # through their own tools: the same rule as the API's ``picks?joinable_by=``)
    if queries.can_ask_to_join_for(user=request.user, organisation=organisation):
        context["cluster_join_form"] = cluster_join_form or ClusterJoinForm(
            organisation=organisation, query=request.GET.get("cluster-q", "")
        )
    if organisation.is_cluster:
        context["members"] = queries.list_cluster_members(
            cluster=organisation, page=page_from_query(request.GET, "members_page")
        )
        if request.user.is_authenticated:
            form = join_form or JoinForm(user=request.user, cluster=organisation)
            if join_form is not None or form.offers_any:  # a refused one is shown again
                context["join_form"] = form
        if manages:
            context["invite_form"] = invite_form or InviteForm(
                cluster=organisation, query=request.GET.get("organisation-q", "")
            )
            context["criteria"] = word_criteria(
                queries.evaluate_cluster_criteria(cluster=organisation)
            )
    return context


def _show_again(
    request: HttpRequest, organisation: Organisation, *, status: int = 200, **posted: Any
) -> HttpResponse:
    """The organisation's page with a form posted shown again as typed (``invite_form=``,
    ``join_form=`` or ``cluster_join_form=``): after a picker's "Find" (JavaScript off), or
    refused (``status`` 400), each problem beside the field it names."""
    context = _detail_context(request, organisation, **posted)
    return render(request, "directory/organisation.html", context, status=status)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = permissions.access_organisation(slug=slug)
    return render(request, "directory/organisation.html", _detail_context(request, organisation))


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
    clusters = page_of(request, queries.list_clusters_to_review())
    return render(request, "directory/review_queue.html", {"clusters": clusters})


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
        except services.UnmetCriteriaError as refused:  # worded here, in the reviewer's language
            form.add_error("decision", refusal(refused.results))
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
            "criteria": word_criteria(queries.evaluate_cluster_criteria(cluster=cluster)),
            "reviews": queries.list_reviews(cluster=cluster),
            "member_count": queries.count_cluster_members(cluster=cluster),
        },
    )


# ------------------------------------------------------------------------ self-service
def _all_tags() -> list[Tag]:
    return [tag for facet in queries.list_taxonomy().values() for tag in facet]


def _show_errors(form: forms.Form, error: ValidationError) -> None:
    for field, errs in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Register a new organisation; "Suggest tags" fills levels from the description."""
    tags = _all_tags()
    duplicates: list[queries.PossibleDuplicate] = []
    suggestions: list[queries.SuggestedTag] | None = None
    if request.method == "POST" and "suggest" in request.POST:
        suggestions = queries.suggest_tags(text=request.POST.get("description", ""))
        data = request.POST.copy()
        for item in suggestions:
            if not data.get(f"tag_{item.tag.pk}"):
                data[f"tag_{item.tag.pk}"] = "3"
        form = RegistrationForm(initial=data.dict(), tags=tags)
    elif request.method == "POST" and "regions" in request.POST:
        # without JavaScript: the form again, its region list that of the country chosen
        form = RegistrationForm(initial=request.POST.dict(), tags=tags)
    elif request.method == "POST":
        form = RegistrationForm(request.POST, tags=tags)
        if form.is_valid():
            try:
                organisation = services.register_organisation(
                    user=request.user,
                    **form.registration(),  # type: ignore[arg-type]
                )
            except services.PossibleDuplicateError as error:
                duplicates = error.duplicates
            except ValidationError as error:
                _show_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is in the directory; you manage its profile.")
                    % {"name": organisation.name},
                )
                return redirect("directory:organisation", slug=organisation.slug)
    else:
        form = RegistrationForm(tags=tags)
    return render(
        request,
        "directory/register.html",
        {"form": form, "duplicates": duplicates, "suggestions": suggestions},
    )


@login_required
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = permissions.access_organisation(slug=slug)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.claim_organisation(
                user=request.user,
                organisation=organisation,
                message=form.cleaned_data["message"],
                now=timezone.now(),
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            if made.status == "approved":
                messages.success(
                    request,
                    _("Confirmed by your e-mail address: you now work for %(name)s.")
                    % {"name": organisation.name},
                )
            else:
                messages.success(
                    request,
                    _("Your claim is waiting for a manager or an administrator to decide."),
                )
            return redirect("directory:organisation", slug=organisation.slug)
    return render(
        request,
        "directory/claim.html",
        {
            "organisation": organisation,
            "form": form,
            "domain": queries.web_domain(organisation.website),
        },
    )


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    """Claims and requests to join waiting for the user's decision, and the user's own."""
    return _requests_page(request)


def _claim_key(claim: OrganisationClaim) -> tuple[str, int]:
    return ("claim", claim.pk)


def _join_key(join_request: ClusterJoinRequest) -> tuple[str, int]:
    return ("join", join_request.pk)


def _requests_page(
    request: HttpRequest, *, refused: tuple[tuple[str, int], DecisionForm] | None = None
) -> HttpResponse:
    """The requests page; ``refused``: a decision refused (``("claim" or "join", the item's
    id)``, the form), shown again (400) beside its item with the reason typed, or above the
    lists when the item no longer waits."""
    claims = page_of(
        request, queries.list_claims_to_decide(user=request.user), parameter="claims_page"
    )
    join_requests = page_of(
        request, queries.list_join_requests_to_decide(user=request.user), parameter="requests_page"
    )
    # the decision refused stays beside its item, as typed; above the lists once decided
    left = [
        forms_beside(items, attribute="decision_form", blank=DecisionForm, refused=refused, key=key)
        for items, key in ((claims, _claim_key), (join_requests, _join_key))
    ]
    return render(
        request,
        "directory/requests.html",
        {
            "claims": claims,
            "join_requests": join_requests,
            "sent": queries.list_join_requests_sent(user=request.user),
            "my_claims": queries.list_claims_of(user=request.user),
            "unlisted_form": None if None in left else left[0],
        },
        status=400 if refused is not None else 200,
    )


def _decision_failed(request: HttpRequest, error: ValidationError) -> None:
    for field, errs in error.message_dict.items():
        messages.error(
            request, _("%(field)s: %(choices)s") % {"field": field, "choices": " ".join(errs)}
        )


@login_required
@require_POST
def decide_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    found = permissions.access_claim_for_decision(user=request.user, claim_id=claim_id)
    return _decide(
        request,
        ("claim", found.pk),
        lambda data: services.decide_claim(
            user=request.user, claim=found, now=timezone.now(), **data
        ),
        _("The claim was decided."),
    )


def _decide(
    request: HttpRequest,
    item: tuple[str, int],
    decide: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Decide ``item`` (a claim or a request to join) as the form posted says; refused, the
    requests page again with the reason typed beside it."""
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decide(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("directory:requests")
    return _requests_page(request, refused=(item, form))


@login_required
@require_POST
def withdraw_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    found = permissions.access_own_claim(user=request.user, claim_id=claim_id)
    try:
        services.withdraw_claim(user=request.user, claim=found, now=timezone.now())
    except ValidationError as error:
        _decision_failed(request, error)
    else:
        messages.success(request, _("Your claim was withdrawn."))
    return redirect("directory:requests")


@login_required
@require_POST
def withdraw_join_request(request: HttpRequest, join_request_id: int) -> HttpResponse:
    found = permissions.access_join_request(user=request.user, join_request_id=join_request_id)
    try:
        services.withdraw_join_request(user=request.user, join_request=found, now=timezone.now())
    except ValidationError as error:
        _decision_failed(request, error)
    else:
        messages.success(request, _("The request was withdrawn."))
    return redirect("directory:requests")


@login_required
@require_POST
def decide_join_request(request: HttpRequest, join_request_id: int) -> HttpResponse:
    found = permissions.access_join_request(user=request.user, join_request_id=join_request_id)
    return _decide(
        request,
        ("join", found.pk),
        lambda data: services.decide_join_request(
            user=request.user, join_request=found, now=timezone.now(), **data
        ),
        _("The request was decided."),
    )


@login_required
@require_POST
def ask_to_join(request: HttpRequest, slug: str) -> HttpResponse:
    """On a cluster's page: one of the organisations the user manages asks to join it."""
    cluster = permissions.access_organisation(slug=slug)
    form = JoinForm(request.POST, user=request.user, cluster=cluster)
    if form.is_valid() and _ask_to_join(
        request, form, cluster=cluster, organisation=form.cleaned_data["organisation"]
    ):
        return redirect("directory:organisation", slug=cluster.slug)
    return _show_again(request, cluster, status=400, join_form=form)


@login_required
@require_POST
def join_cluster(request: HttpRequest, slug: str) -> HttpResponse:
    """On an organisation's page, its managers pick by name the cluster it asks to join."""
    organisation = permissions.access_organisation_for_joining(user=request.user, slug=slug)
    form = ClusterJoinForm(request.POST, organisation=organisation)
    if form.showing_again:  # "Find" without JavaScript: the matches, the message kept
        return _show_again(request, organisation, cluster_join_form=form)
    if form.is_valid() and _ask_to_join(
        request, form, cluster=form.cleaned_data["cluster"], organisation=organisation
    ):
        return redirect("directory:organisation", slug=organisation.slug)
    return _show_again(request, organisation, status=400, cluster_join_form=form)


def _ask_to_join(
    request: HttpRequest, form: forms.Form, *, cluster: Organisation, organisation: Organisation
) -> bool:
    """Ask; a refusal goes beside the form's field (the organisation's page has a cluster to
    choose, not an organisation). Whether it was asked."""
    try:
        services.ask_to_join_cluster(
            user=request.user,
            cluster=cluster,
            organisation=organisation,
            message=form.cleaned_data["message"],
            now=timezone.now(),
        )
    except ValidationError as error:
        add_service_errors(form, error, aliases={"organisation": "cluster"})
        return False
    messages.success(request, _("Asked: the cluster's managers will decide."))
    return True


@login_required
@require_POST
def invite_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = permissions.access_cluster_for_management(user=request.user, slug=slug)
    form = InviteForm(request.POST, cluster=cluster)
    if form.showing_again:  # "Find" without JavaScript: the matches, the message kept
        return _show_again(request, cluster, invite_form=form)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.invite_organisation_to_cluster(
                user=request.user,
                cluster=cluster,
                organisation=organisation,
                message=form.cleaned_data["message"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is invited; its managers will answer.") % {"name": organisation.name},
            )
            return redirect("directory:organisation", slug=cluster.slug)
    return _show_again(request, cluster, status=400, invite_form=form)


@login_required
@require_POST
def remove_member(request: HttpRequest, slug: str, member_slug: str) -> HttpResponse:
    cluster = permissions.access_cluster_for_management(user=request.user, slug=slug)
    member = permissions.access_organisation(slug=member_slug)
    services.remove_cluster_member(user=request.user, cluster=cluster, member=member)
    messages.success(request, _("%(name)s is no longer a member.") % {"name": member.name})
    return redirect("directory:organisation", slug=cluster.slug)
