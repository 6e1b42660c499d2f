"""The work plan's forms: work packages, items, marking them done (with evidence) and
reopening them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crosscluster.content import queries as content_queries
from crosscluster.core.forms import add_service_errors
from crosscluster.partnerships import permissions, queries, services
from crosscluster.partnerships.forms import (
    CompletionForm,
    WorkItemForm,
    WorkPackageForm,
)
from crosscluster.partnerships.models import Partnership


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
