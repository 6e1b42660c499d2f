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
from django.views.decorators.http import require_POST

from crosscluster.content import queries as content_queries
from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import is_htmx, page_of
from crosscluster.events import queries as event_queries
from crosscluster.partnerships import permissions, queries, services
from crosscluster.partnerships.forms import (
    AnswerForm,
    CompletionForm,
    CoordinatorForm,
    DeclineForm,
    InvitePartnerForm,
    NewPartnershipForm,
    PartnershipForm,
    PartnershipTranslationForm,
    WorkItemForm,
    WorkPackageForm,
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


# ---------------------------------------------------------------- life cycle


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


@login_required
def partnership_create(request: HttpRequest) -> HttpResponse:
    clusters = [(c.pk, c.name) for c in queries.list_managed_clusters(user=request.user)]
    form = NewPartnershipForm(request.POST or None, clusters=clusters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = services.NewPartnership(
            coordinator_organisation_id=data["coordinator_organisation"], **_changes_from(data)
        )
        try:
            partnership = services.create_partnership(
                user=request.user, new=new, today=timezone.localdate()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if queries.is_publicly_listed(partnership=partnership):
                messages.success(request, _("The partnership was created."))
            else:
                messages.success(
                    request,
                    _(
                        "The partnership was created. A platform administrator approves it before it becomes public."
                    ),
                )
            return redirect("partnerships:detail", slug=partnership.slug)
    return render(request, "partnerships/create.html", {"form": form, "clusters": clusters})


@login_required
def partner_invitations(request: HttpRequest) -> HttpResponse:
    """The invitations awaiting an answer from the clusters the viewer manages."""
    return _invitations_page(request)


def _invitations_page(
    request: HttpRequest, *, refused: tuple[int, AnswerForm] | None = None
) -> HttpResponse:
    """The invitations page; ``refused``: an answer the service refused (the invitation's id),
    shown again (400) beside its invitation with the reason typed, or above the list when the
    invitation no longer waits."""
    rows = list(queries.list_invitations_to_answer(user=request.user))
    refused_id, refused_form = refused or (None, None)
    for row in rows:
        setattr(row, "answer_form", refused_form if row.pk == refused_id else AnswerForm())  # noqa: B010
    listed = refused_form is not None and any(row.pk == refused_id for row in rows)
    return render(
        request,
        "partnerships/invitations.html",
        {
            "invitations": rows,
            "unlisted_form": refused_form if refused_form is not None and not listed else None,
        },
        status=400 if refused_form is not None else 200,
    )


@login_required
@require_POST
def answer_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = permissions.access_partner_invitation(
        user=request.user, invitation_id=invitation_id
    )
    form = AnswerForm(request.POST)
    form.is_valid()
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_partner_invitation(
            user=request.user,
            invitation=invitation,
            accept=accept,
            reason=form.cleaned_data.get("reason", ""),
            now=timezone.now(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _invitations_page(request, refused=(invitation.pk, form))
    else:
        name = invitation.partnership.name
        if accept:
            messages.success(
                request,
                _("%(cluster)s is now a partner of %(name)s.")
                % {"cluster": invitation.organisation.name, "name": name},
            )
        else:
            messages.success(
                request, _("You declined the invitation to %(name)s.") % {"name": name}
            )
    return redirect("partnerships:invitations")


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    partnerships = permissions.list_partnerships_to_approve(user=request.user)
    page = page_of(request, partnerships)
    return render(request, "partnerships/approvals.html", {"partnerships": page})


@login_required
@require_POST
def approve(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership_for_approval(user=request.user, slug=slug)
    services.approve_partnership(user=request.user, partnership=partnership, now=timezone.now())
    messages.success(request, _("%(name)s is approved.") % {"name": partnership.name})
    return redirect("partnerships:detail", slug=partnership.slug)


@login_required
def decline(request: HttpRequest, slug: str) -> HttpResponse:
    """A platform administrator declines a partnership awaiting approval, saying why."""
    partnership = permissions.access_partnership_for_approval(user=request.user, slug=slug)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_partnership(
                user=request.user, partnership=partnership, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is declined.") % {"name": partnership.name})
            return redirect("partnerships:approvals")
    return render(
        request,
        "partnerships/decline.html",
        {"partnership": partnership, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def resubmit(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator asks again for approval of a declined partnership."""
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    try:
        services.resubmit_partnership(user=request.user, partnership=partnership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s awaits approval again.") % {"name": partnership.name},
        )
    return redirect("partnerships:detail", slug=partnership.slug)


@login_required
def partners(request: HttpRequest, slug: str) -> HttpResponse:
    """Coordinators invite partner clusters and name or remove coordinators."""
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    invite_form = InvitePartnerForm(
        clusters=queries.list_invitable_clusters(partnership=partnership)
    )
    coordinator_form = CoordinatorForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "invite":
                invite_form = InvitePartnerForm(
                    request.POST, clusters=queries.list_invitable_clusters(partnership=partnership)
                )
                if invite_form.is_valid():
                    invitation = services.invite_partner(
                        user=request.user,
                        partnership=partnership,
                        organisation_id=invite_form.cleaned_data["organisation"],
                        message=invite_form.cleaned_data["message"],
                    )
                    messages.success(
                        request,
                        _("%(cluster)s is invited; its managers answer.")
                        % {"cluster": invitation.organisation.name},
                    )
                    return redirect("partnerships:partners", slug=slug)
            elif request.POST.get("action") == "add_coordinator":
                coordinator_form = CoordinatorForm(request.POST)
                if coordinator_form.is_valid():
                    person = services.add_coordinator(
                        user=request.user,
                        partnership=partnership,
                        email=coordinator_form.cleaned_data["email"],
                    )
                    messages.success(
                        request, _("%(person)s is a coordinator.") % {"person": person}
                    )
                    return redirect("partnerships:partners", slug=slug)
            elif request.POST.get("action") == "remove_coordinator":
                services.remove_coordinator(
                    user=request.user,
                    partnership=partnership,
                    person_id=int(request.POST.get("user", "0") or 0),
                )
                messages.success(request, _("The coordinator was removed."))
                if not queries.is_coordinator(user=request.user, partnership=partnership):
                    return redirect("partnerships:detail", slug=slug)
                return redirect("partnerships:partners", slug=slug)
        except ValidationError as error:
            form = coordinator_form if request.POST.get("action") != "invite" else invite_form
            if request.POST.get("action") == "remove_coordinator":
                messages.error(request, " ".join(error.messages))
            else:
                add_service_errors(form, error)
    return render(
        request,
        "partnerships/partners.html",
        {
            "partnership": partnership,
            "partners": queries.list_partner_organisations(partnership=partnership),
            "invitations": queries.list_partner_invitations(partnership=partnership),
            "coordinators": queries.list_coordinators(partnership=partnership),
            "invite_form": invite_form,
            "coordinator_form": coordinator_form,
        },
    )


# ---------------------------------------------------------------- work plan


def _partner_choices(partnership: Partnership) -> list[tuple[int, str]]:
    return [
        (o.pk, o.name) for o in queries.list_partner_organisation_choices(partnership=partnership)
    ]


def _people_choices(partnership: Partnership) -> list[tuple[int, str]]:
    return [
        (person.pk, person.full_name or person.email)
        for person in queries.list_partner_people(partnership=partnership)
    ]


@login_required
def work_package_form(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    """Add a work package, or change one (``number``)."""
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    package = (
        permissions.access_work_package_for_edit(user=request.user, slug=slug, number=number)
        if number is not None
        else None
    )
    initial = {"title": package.title, "leader": package.leader_id} if package else {}
    form = WorkPackageForm(
        request.POST or None, initial=initial, partners=_partner_choices(partnership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if package is None:
                services.add_work_package(
                    user=request.user,
                    partnership=partnership,
                    title=form.cleaned_data["title"],
                    leader_id=form.cleaned_data["leader"],
                )
            else:
                services.update_work_package(
                    user=request.user,
                    package=package,
                    title=form.cleaned_data["title"],
                    leader_id=form.cleaned_data["leader"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The work package was saved."))
            return redirect("partnerships:work_plan", slug=slug)
    return render(
        request,
        "partnerships/work_package_form.html",
        {"partnership": partnership, "package": package, "form": form},
    )


@login_required
def work_item_form(
    request: HttpRequest, slug: str, number: int | None = None, item_id: int | None = None
) -> HttpResponse:
    """Add an item to work package ``number``, or change item ``item_id``."""
    partnership = permissions.access_partnership_for_edit(user=request.user, slug=slug)
    item = (
        permissions.access_work_item_for_edit(user=request.user, slug=slug, item_id=item_id)
        if item_id is not None
        else None
    )
    package = (
        item.work_package
        if item is not None
        else permissions.access_work_package_for_edit(
            user=request.user, slug=slug, number=number or 0
        )
    )
    initial: dict[str, object] = {}
    if item is not None:
        fields = services.WorkItemFields.of(item)
        initial = {
            "kind": fields.kind,
            "code": fields.code,
            "title": fields.title,
            "weight": fields.weight,
            "start_date": fields.start_date,
            "due_date": fields.due_date,
            "owner_organisation": fields.owner_organisation_id,
            "owner_person": fields.owner_person_id,
        }
    form = WorkItemForm(
        request.POST or None,
        initial=initial,
        partners=_partner_choices(partnership),
        people=_people_choices(partnership),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = services.WorkItemFields(
            kind=data["kind"],
            code=data["code"],
            title=data["title"],
            weight=data["weight"],
            start_date=data["start_date"],
            due_date=data["due_date"],
            owner_organisation_id=data["owner_organisation"],
            owner_person_id=data["owner_person"],
        )
        try:
            if item is None:
                services.add_work_item(user=request.user, package=package, fields=fields)
            else:
                services.update_work_item(user=request.user, item=item, fields=fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The work-plan item was saved."))
            return redirect("partnerships:work_plan", slug=slug)
    return render(
        request,
        "partnerships/work_item_form.html",
        {
            "partnership": partnership,
            "package": package,
            "item": item,
            "form": form,
            "period_end": queries.get_period_end(partnership=partnership),
        },
    )


@login_required
def work_item_done(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Mark an item done with a link to the evidence."""
    item = permissions.access_work_item_for_edit(user=request.user, slug=slug, item_id=item_id)
    partnership = item.work_package.partnership
    standing = queries.get_standing(user=request.user, partnership_id=partnership.pk)
    documents = content_queries.list_documents(partnership=partnership, standing=standing)
    form = CompletionForm(
        request.POST or None,
        documents=[(d.pk, f"{d.title} ({d.document_date})") for d in documents],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_work_item(
                user=request.user,
                item=item,
                evidence_url=form.cleaned_data["evidence_url"],
                evidence_document=_evidence_document(
                    request.user, form.cleaned_data["evidence_document_id"]
                ),
                done_date=form.cleaned_data["done_date"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(code)s is done.") % {"code": item.code})
            return redirect("partnerships:work_plan", slug=slug)
    return render(
        request,
        "partnerships/work_item_done.html",
        {"partnership": item.work_package.partnership, "item": item, "form": form},
    )


@login_required
@require_POST
def work_item_reopen(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    item = permissions.access_work_item_for_edit(user=request.user, slug=slug, item_id=item_id)
    services.reopen_work_item(user=request.user, item=item)
    messages.success(request, _("%(code)s counts as not done again.") % {"code": item.code})
    return redirect("partnerships:work_plan", slug=slug)


def _evidence_document(user: Any, document_id: int | None) -> services.EvidenceDocument | None:
    """The library document chosen as evidence, as far as ``user`` may see it."""
    if document_id is None:
        return None
    found = content_queries.document_link(user=user, document_id=document_id)
    partnership_id, url = found if found is not None else (None, "")
    return services.EvidenceDocument(document_id, partnership_id, url)
