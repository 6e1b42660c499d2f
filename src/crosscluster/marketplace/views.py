"""Marketplace pages: parse, make one call, render."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crosscluster.core.forms import add_service_errors, forms_beside
from crosscluster.core.http import safe_next
from crosscluster.core.translation_pages import translations_page
from crosscluster.marketplace import permissions, queries, services
from crosscluster.marketplace.documents import match_subject, opportunity_subject
from crosscluster.marketplace.forms import (
    AddMatchForm,
    BrowseForm,
    InterestAnswerForm,
    InterestForm,
    MatchFilterForm,
    OpportunityForm,
)
from crosscluster.marketplace.models import InterestStatus
from crosscluster.partnerships import queries as partnership_queries

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation
    from crosscluster.marketplace.models import Opportunity
    from crosscluster.partnerships.models import Partnership

PER_PAGE = 20


def _my_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    return queries.list_own_organisations(user=request.user)


def _partnerships(request: HttpRequest) -> QuerySet[Partnership]:
    return partnership_queries.list_partnerships(user=request.user)


def _data(form: OpportunityForm) -> services.OpportunityData:
    data = form.cleaned_data
    return services.OpportunityData(
        kind=data["kind"],
        title=data["title"],
        description=data["description"],
        partnership=data["partnership"],
        tags=[*data["technologies"], *data["sectors"], *data["services"]],
        target_countries=list(data["target_countries"]),
        cooperation_types=list(data["cooperation_types"]),
        deadline_date=data["deadline_date"],
        expiry_date=data["expiry_date"],
        visibility=data["visibility"],
    )


def _suggestions(request: HttpRequest) -> list[queries.SuggestedTag]:
    # The embedder runs in the request: limited per person (the shared cache counts).
    if not permissions.TAG_SUGGESTION_THROTTLE.allow_request(request):
        messages.error(
            request,
            _("Tag suggestions are limited to 20 a minute: wait a moment, or choose the tags."),
        )
        return []
    text = f"{request.POST.get('title', '')}. {request.POST.get('description', '')}"
    return queries.suggest_tags(text=text)


# ---------------------------------------------------------------- browse and read


@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    form = BrowseForm(request.GET)
    filters = queries.OpportunityFilters()
    if form.is_valid():
        filters = queries.OpportunityFilters(**form.cleaned_data)
    rows = queries.list_published_opportunities(user=request.user, filters=filters)
    page = Paginator(rows.prefetch_related("tags"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/browse.html",
        {
            "form": form,
            "page": page,
            "opportunities": queries.opportunities_for_readers(
                opportunities=list(page), language=translation.get_language()
            ),
            # the list as a file (exports worker), with the filters shown
            "export_subject": opportunity_subject(request.GET) if page.paginator.count else None,
        },
    )


@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = queries.list_organisation_opportunities(user=request.user)
    return render(request, "marketplace/mine.html", {"opportunities": rows})


@require_safe
def detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = permissions.access_opportunity(user=request.user, opportunity_id=opportunity_id)
    return _detail_page(request, opportunity)


def _detail_page(
    request: HttpRequest,
    opportunity: Opportunity,
    *,
    refused: tuple[int, InterestAnswerForm] | None = None,
) -> HttpResponse:
    """The opportunity's page; ``refused``: the owner's answer to an expression of interest
    (its id) that the service refused, shown again (400) beside it as typed."""
    can_edit = queries.can_edit_opportunity(user=request.user, opportunity=opportunity)
    is_owner = queries.is_owner_member(user=request.user, opportunity=opportunity)
    interest_form = None
    if request.user.is_authenticated and opportunity.is_published:
        organisations = queries.list_own_organisations(
            user=request.user, excluding_id=opportunity.owner_id
        )
        if organisations.exists():
            interest_form = InterestForm(organisations=organisations)
    interests = list(queries.list_interests(opportunity=opportunity)) if can_edit else []
    # the answer refused stays beside its interest, as typed; above the list once decided
    unlisted = forms_beside(
        [interest for interest in interests if interest.status == InterestStatus.PENDING],
        attribute="answer_form",
        blank=InterestAnswerForm,
        refused=refused,
    )
    return render(
        request,
        "marketplace/detail.html",
        {
            "opportunity": opportunity,
            "texts": queries.opportunity_for_reader(
                opportunity=opportunity, language=translation.get_language()
            ),
            "tags": opportunity.tags.order_by("facet", "label"),
            "countries": opportunity.target_countries.order_by("name"),
            "can_edit": can_edit,
            "is_owner": is_owner,
            "interests": interests,
            "interest_form": interest_form,
            "following": queries.is_following(user=request.user, opportunity_id=opportunity.pk),
            "unlisted_form": unlisted,
        },
        status=400 if refused is not None else 200,
    )


# ---------------------------------------------------------------- write


@require_http_methods(["GET", "POST"])
@login_required
def create(request: HttpRequest) -> HttpResponse:
    owners = _my_organisations(request)
    form = OpportunityForm(request.POST or None, owners=owners, partnerships=_partnerships(request))
    suggestions: list[queries.SuggestedTag] | None = None  # None: not asked for
    if request.method == "POST" and "suggest" in request.POST:
        suggestions = _suggestions(request)
        form = OpportunityForm(request.POST, owners=owners, partnerships=_partnerships(request))
    elif request.method == "POST" and form.is_valid():
        try:
            opportunity = services.create_opportunity(
                user=request.user,
                owner=form.cleaned_data["owner"],
                data=_data(form),
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved as a draft. Publish it when it is ready."))
            return redirect("marketplace:opportunity_detail", opportunity.pk)
    return render(
        request,
        "marketplace/form.html",
        {
            "form": form,
            "opportunity": None,
            "suggestions": suggestions,
            "has_owner": owners.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def opportunity_translations(
    request: HttpRequest, opportunity_id: int, language: str = ""
) -> HttpResponse:
    """The title and description in the partners' other languages (its editors)."""
    opportunity = permissions.access_opportunity_for_edit(
        user=request.user, opportunity_id=opportunity_id
    )
    return translations_page(
        request,
        item_name=opportunity.title,
        back_url=reverse("marketplace:opportunity_detail", args=[opportunity.pk]),
        list_url=reverse("marketplace:opportunity_translations", args=[opportunity.pk]),
        url_for=lambda code: reverse(
            "marketplace:opportunity_translation", args=[opportunity.pk, code]
        ),
        original_language=opportunity.language,
        texts=queries.opportunity_texts(opportunity),
        held=queries.list_opportunity_translations(opportunity=opportunity),
        language=language,
        save=lambda texts: services.translate_opportunity(
            user=request.user, opportunity=opportunity, language=language, texts=texts
        ),
    )


@login_required
def edit(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = permissions.access_opportunity_for_edit(
        user=request.user, opportunity_id=opportunity_id
    )
    initial = {
        "kind": opportunity.kind,
        "title": opportunity.title,
        "description": opportunity.description,
        "partnership": opportunity.partnership,
        "technologies": queries.list_opportunity_tags(
            opportunity=opportunity, facet="technologies"
        ),
        "sectors": queries.list_opportunity_tags(opportunity=opportunity, facet="sectors"),
        "services": queries.list_opportunity_tags(opportunity=opportunity, facet="services"),
        "target_countries": opportunity.target_countries.all(),
        "cooperation_types": opportunity.cooperation_types,
        "deadline_date": opportunity.deadline_date,
        "expiry_date": opportunity.expiry_date,
        "visibility": opportunity.visibility,
    }
    form = OpportunityForm(
        request.POST or None, initial=initial, partnerships=_partnerships(request), editing=True
    )
    suggestions: list[queries.SuggestedTag] | None = None  # None: not asked for
    if request.method == "POST" and "suggest" in request.POST:
        suggestions = _suggestions(request)
    elif request.method == "POST" and form.is_valid():
        data = _data(form)
        changes = services.OpportunityChanges(
            **{name: getattr(data, name) for name in vars(data)},
            given=frozenset(vars(data)),
        )
        try:
            services.update_opportunity(
                user=request.user, opportunity=opportunity, changes=changes, now=timezone.now()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("marketplace:opportunity_detail", opportunity.pk)
    return render(
        request,
        "marketplace/form.html",
        {"form": form, "opportunity": opportunity, "suggestions": suggestions, "has_owner": True},
    )


@require_POST
@login_required
def suggest_tags(request: HttpRequest) -> HttpResponse:
    """htmx: the suggestions fragment for the description being written."""
    return render(request, "marketplace/_suggestions.html", {"suggestions": _suggestions(request)})


@require_POST
@login_required
def change_status(request: HttpRequest, opportunity_id: int, action: str) -> HttpResponse:
    opportunity = permissions.access_opportunity_for_edit(
        user=request.user, opportunity_id=opportunity_id
    )
    try:
        if action == "publish":
            services.publish_opportunity(
                user=request.user, opportunity=opportunity, now=timezone.now()
            )
            messages.success(request, _("Published."))
        else:
            services.close_opportunity(
                user=request.user, opportunity=opportunity, now=timezone.now()
            )
            messages.success(request, _("Closed."))
    except ValidationError as error:
        for field_messages in error.message_dict.values():
            for message in field_messages:
                messages.error(request, message)
    return redirect("marketplace:opportunity_detail", opportunity.pk)


# ---------------------------------------------------------------- interests


@require_POST
@login_required
def interest_create(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = permissions.access_opportunity(user=request.user, opportunity_id=opportunity_id)
    form = InterestForm(request.POST, organisations=_my_organisations(request))
    if form.is_valid():
        try:
            services.express_interest(
                user=request.user,
                opportunity=opportunity,
                now=timezone.now(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your interest was sent to the owner."))
            return redirect("marketplace:opportunity_detail", opportunity.pk)
    return render(
        request,
        "marketplace/interest_form.html",
        {"opportunity": opportunity, "form": form},
        status=400,
    )


@require_POST
@login_required
def interest_decide(request: HttpRequest, interest_id: int) -> HttpResponse:
    interest = permissions.access_interest_for_decision(user=request.user, interest_id=interest_id)
    form = InterestAnswerForm(request.POST)
    form.is_valid()  # text only: the service checks it
    try:
        services.decide_interest(
            user=request.user,
            interest=interest,
            accept=request.POST.get("decision") == "accept",
            answer=form.cleaned_data["answer"],
            now=timezone.now(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail_page(request, interest.opportunity, refused=(interest.pk, form))
    return redirect("marketplace:opportunity_detail", interest.opportunity_id)


# ---------------------------------------------------------------- follows


@require_POST
@login_required
def follow(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = permissions.access_opportunity(user=request.user, opportunity_id=opportunity_id)
    services.set_following(
        user=request.user, opportunity=opportunity, following=request.POST.get("follow") != "0"
    )
    return redirect("marketplace:opportunity_detail", opportunity.pk)


@require_POST
@login_required
def follow_partnership(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership(user=request.user, slug=slug)
    services.set_following(
        user=request.user, partnership=partnership, following=request.POST.get("follow") != "0"
    )
    messages.success(request, _("Saved."))
    return redirect(safe_next(request, reverse("marketplace:browse")))


# ---------------------------------------------------------------- matches


@require_safe
@login_required
def matches(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """The match list; while matches are computed or refined, the list polls itself (htmx)."""
    opportunity = permissions.access_opportunity_matches(
        user=request.user, opportunity_id=opportunity_id
    )
    return _matches_page(request, opportunity)


def _matches_page(
    request: HttpRequest,
    opportunity: Opportunity,
    *,
    add_form: AddMatchForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The match list page; ``add_form``: the broker's "Add a match" form posted and shown
    again (its "Find" without JavaScript, or refused: ``status`` 400), with what was typed."""
    data = request.GET.copy()
    country = request.GET.get("country", "")
    if country:
        data["country"] = country.upper()
    countries = queries.list_match_countries(opportunity=opportunity)
    form = MatchFilterForm(data, countries=countries)
    filters = queries.MatchFilters()
    if form.is_valid():
        filters = queries.MatchFilters(
            country=form.cleaned_data["country"] or "",
            cross_border_only=form.cleaned_data["cross_border"],
            min_score=form.cleaned_data["min_score"] or 0.0,
            include_hidden=form.cleaned_data["hidden"]
            and queries.is_broker(user=request.user, opportunity=opportunity),
        )
    is_broker = queries.is_broker(user=request.user, opportunity=opportunity)
    if opportunity.seeks_providers:
        rows = queries.list_matches(user=request.user, opportunity=opportunity, filters=filters)
    else:
        rows = queries.list_served_needs(user=request.user, offer=opportunity, filters=filters)
    feedback = queries.feedback_of(user=request.user, matches=rows)
    names = dict(countries)
    titles = queries.match_titles_for_reader(
        matches=rows,
        seeks_providers=opportunity.seeks_providers,
        language=translation.get_language(),
    )
    for row in rows:
        setattr(row, "listed_texts", titles.get(row.pk))  # noqa: B010 - shown by the template
        setattr(row, "my_feedback", feedback.get(row.pk))  # noqa: B010 - shown by the template
        setattr(row, "provider_country_name", names.get(row.provider_country, ""))  # noqa: B010
    ready = opportunity.matches_ready or not opportunity.seeks_providers
    context = {
        "opportunity": opportunity,
        "form": form,
        "matches": rows,
        "is_broker": is_broker,
        "can_invite": opportunity.seeks_providers
        and queries.is_owner_member(user=request.user, opportunity=opportunity),
        "add_form": (
            add_form
            or AddMatchForm(opportunity=opportunity, query=request.GET.get("organisation-q", ""))
            if is_broker and opportunity.seeks_providers
            else None
        ),
        "ready": ready,
        "refining": ready and opportunity.seeks_providers and opportunity.matches_provisional,
        "export_subject": match_subject(opportunity.pk, data) if rows else None,
        "poll_url": f"{request.path}?{data.urlencode()}" if data else request.path,
    }
    if request.headers.get("HX-Request"):
        return render(request, "marketplace/_match_list.html", context)
    return render(request, "marketplace/matches.html", context, status=status)


@require_POST
@login_required
def match_steer(request: HttpRequest, match_id: int) -> HttpResponse:
    match = permissions.access_match_for_broker(user=request.user, match_id=match_id)
    action = request.POST.get("action", "")
    flags = {
        "pin": {"pinned": True},
        "unpin": {"pinned": False},
        "hide": {"hidden": True},
        "show": {"hidden": False},
    }.get(action)
    if flags is None:
        messages.error(request, _("Choose pin, unpin, hide or show."))
    else:
        services.steer_match(user=request.user, match=match, **flags)
    return redirect("marketplace:matches", match.opportunity_id)


@require_POST
@login_required
def match_add(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = permissions.access_opportunity_for_broker(
        user=request.user, opportunity_id=opportunity_id
    )
    form = AddMatchForm(request.POST, opportunity=opportunity)
    if form.showing_again:  # "Find" without JavaScript: the matches, the note kept
        return _matches_page(request, opportunity, add_form=form)
    if form.is_valid():
        try:
            services.add_match(
                user=request.user,
                opportunity=opportunity,
                organisation=form.cleaned_data["organisation"],
                note=form.cleaned_data["note"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is added to the matches, pinned.")
                % {"name": form.cleaned_data["organisation"].name},
            )
            return redirect("marketplace:matches", opportunity.pk)
    # refused: the page again with the note typed, each problem beside its field
    return _matches_page(request, opportunity, add_form=form, status=400)


@require_POST
@login_required
def match_feedback(request: HttpRequest, match_id: int) -> HttpResponse:
    match = permissions.access_match_for_feedback(user=request.user, match_id=match_id)
    services.mark_match(user=request.user, match=match, useful=request.POST.get("useful") == "1")
    return redirect("marketplace:matches", match.opportunity_id)


@require_safe
@login_required
def quality(request: HttpRequest) -> HttpResponse:
    partnership_ids = queries.list_brokered_partnership_ids(user=request.user)
    if partnership_ids == []:
        raise PermissionDenied(_("The quality report is for brokers (partnership coordinators)."))
    report = queries.get_quality_report(partnership_ids=partnership_ids)
    return render(request, "marketplace/quality.html", {"report": report})
