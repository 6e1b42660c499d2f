from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from crosscluster.accounts import queries, services
from crosscluster.accounts.forms import InvitationForm, ProfileForm, TokenForm
from crosscluster.accounts.models import User
from crosscluster.core.forms import add_service_errors, forms_beside


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _render_profile(
    request: HttpRequest,
    user: User,
    *,
    form: ProfileForm | None = None,
    token_form: TokenForm | None = None,
    invitation: tuple[int, InvitationForm] | None = None,
    new_key: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The profile page; a form posted and refused comes back as typed: ``invitation`` is an
    invitation of a colleague (to the organisation with that id), beside its organisation."""
    if form is None:
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "timezone": user.timezone,
                "language": user.language,
            }
        )
    memberships = list(queries.list_memberships(user=user))
    # the invitation refused stays beside its organisation; above them for another one (an
    # administrator's)
    unlisted = forms_beside(
        memberships,
        attribute="invitation_form",
        blank=InvitationForm,
        refused=invitation,
        key=lambda membership: membership.organisation_id,
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "unlisted_invitation": unlisted,
            "tokens": queries.list_api_tokens(user=user),
            "token_form": token_form
            or TokenForm(initial={"days": settings.API_TOKEN_DAYS, "scope": "read"}),
            "invitations": queries.list_open_invitations(user=user, now=timezone.now()),
            "new_key": new_key,
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.update_profile(user=user, **form.cleaned_data)
            except ValidationError as error:
                for field, errs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("Your profile was saved."))
                return redirect("accounts:profile")
        return _render_profile(request, user, form=form)
    return _render_profile(request, user)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's ``set_language`` (the cookie, and ``next`` at the chosen
    language's address), and for a signed-in person the choice saved on their profile."""
    # Django reads ``next`` in the active language: make it the language of ``next``'s address.
    next_path = urlsplit(request.POST.get("next", "")).path
    shown = translation.get_language_from_path(next_path) or settings.LANGUAGE_CODE
    with translation.override(shown):
        response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_language(user=_user(request), language=language)
    return response


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    """Create a token and show its key in this response only: the key is never stored, not
    even in the session (reloading the profile shows the token's name, never its key)."""
    user = _user(request)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            new = services.create_api_token(
                user=user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"] or "read",
                days=form.cleaned_data["days"],
                now=timezone.now(),
            )
        except ValidationError as error:
            for field, errs in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            response = _render_profile(request, user, new_key=new.key)
            response["Cache-Control"] = "no-store"
            return response
    return _render_profile(request, user, token_form=form, status=400)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    services.revoke_api_token(user=_user(request), token_id=token_id, now=timezone.now())
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")


@login_required
@require_POST
def invite(request: HttpRequest, organisation_id: int) -> HttpResponse:
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            new = services.invite_colleague(
                inviter=_user(request),
                organisation_id=organisation_id,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                now=timezone.now(),
                language=form.cleaned_data["language"],
            )
        except ObjectDoesNotExist as error:  # no such organisation
            raise Http404(_("No such organisation.")) from error
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": new.invitation.email}
            )
            return redirect("accounts:profile")
    # refused: the profile again, the address and choices as typed beside the organisation
    return _render_profile(request, _user(request), invitation=(organisation_id, form), status=400)


@login_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            membership = services.accept_invitation(
                user=_user(request), token=token, now=timezone.now()
            )
        except ValidationError as error:
            return render(
                request,
                "accounts/invitation.html",
                {"errors": error.messages, "token": token},
                status=400,
            )
        messages.success(
            request, _("You joined %(name)s.") % {"name": membership.organisation.name}
        )
        return redirect("accounts:profile")
    return render(request, "accounts/invitation.html", {"token": token})


def _errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        messages.error(
            request, _("%(field)s: %(choices)s") % {"field": field, "choices": " ".join(messages_)}
        )


@login_required
@require_POST
def answer_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Accept or decline, on /me/, an invitation to the user's own address."""
    accept = request.POST.get("answer") == "accept"
    try:
        if accept:
            membership = services.accept_invitation_by_id(
                user=_user(request), invitation_id=invitation_id, now=timezone.now()
            )
        else:
            services.decline_invitation(
                user=_user(request), invitation_id=invitation_id, now=timezone.now()
            )
    except ObjectDoesNotExist as error:  # not an invitation to this person
        raise Http404(_("No such invitation.")) from error
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        if accept:
            messages.success(
                request, _("You joined %(name)s.") % {"name": membership.organisation.name}
            )
        else:
            messages.success(request, _("The invitation was declined."))
    return redirect("accounts:profile")


@login_required
@require_POST
def leave(request: HttpRequest, organisation_id: int) -> HttpResponse:
    try:
        services.leave_organisation(user=_user(request), organisation_id=organisation_id)
    except ObjectDoesNotExist as error:
        raise Http404(_("You do not work for this organisation.")) from error
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("You left the organisation."))
    return redirect("accounts:profile")


@login_required
def people(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """The organisation's people and roles, for its managers (hand over, remove)."""
    try:
        found = queries.get_people_for_manager(user=_user(request), organisation_id=organisation_id)
    except ObjectDoesNotExist as error:
        raise Http404(_("No such organisation.")) from error
    return render(request, "accounts/people.html", {"people": found})


@login_required
@require_POST
def change_person(request: HttpRequest, organisation_id: int, user_id: int) -> HttpResponse:
    """Change a person's role (``role``) or remove them (``remove``)."""
    try:
        if "remove" in request.POST:
            services.remove_person(
                manager=_user(request), organisation_id=organisation_id, user_id=user_id
            )
        else:
            services.change_role(
                manager=_user(request),
                organisation_id=organisation_id,
                user_id=user_id,
                role=request.POST.get("role", ""),
            )
    except ObjectDoesNotExist as error:
        raise Http404(_("This person does not work for the organisation.")) from error
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("accounts:people", organisation_id=organisation_id)


@login_required
def personal_data(request: HttpRequest) -> HttpResponse:
    """All the person's data as a JSON file (the same as ``GET /api/v1/accounts/me/data``)."""
    response = JsonResponse(
        queries.collect_personal_data(user=_user(request)),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = 'attachment; filename="crosscluster-personal-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def erase_account(request: HttpRequest) -> HttpResponse:
    """Confirm with the password, then erase the account and sign out."""
    user = _user(request)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.check_password_for_erasure(
                user=user, password=request.POST.get("password", "")
            )
        except ValidationError as error:
            errors = [m for messages_ in error.message_dict.values() for m in messages_]
        else:
            services.erase_account(user=user, now=timezone.now())
            logout(request)
            messages.success(request, _("Your account was deleted."))
            return redirect("/")
    return render(
        request,
        "accounts/erase.html",
        {"errors": errors},
        status=400 if errors else 200,
    )
