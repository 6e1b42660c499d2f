"""A partnership's life cycle: creation, invitations of partners and their answers,
approvals, partners and coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crosscluster.core.forms import add_service_errors, forms_beside
from crosscluster.core.http import page_of
from crosscluster.partnerships import permissions, queries, services
from crosscluster.partnerships.forms import (
    AnswerForm,
    CoordinatorForm,
    DeclineForm,
    InvitePartnerForm,
    NewPartnershipForm,
)
from crosscluster.partnerships.views.pages import _changes_from


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
    unlisted = forms_beside(rows, attribute="answer_form", blank=AnswerForm, refused=refused)
    return render(
        request,
        "partnerships/invitations.html",
        {"invitations": rows, "unlisted_form": unlisted},
        status=400 if refused is not None else 200,
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
