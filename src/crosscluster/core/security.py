"""Helpers the security settings name (django-axes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from axes.backends import AxesStandaloneBackend
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def login_identifier(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The e-mail or user name a login attempt is for, as django-axes keys its failures on it.

    allauth authenticates with ``email=`` (our logins are by e-mail), Django's admin with
    ``username=``; lower-cased, so ``Alice@x`` and ``alice@x`` count as one.
    """
    values = credentials or {}
    post = request.POST if request is not None else {}
    for value in (
        values.get("email"),
        values.get("username"),
        post.get("login"),
        post.get("username"),
    ):
        if value:
            return str(value).strip().lower()
    return ""


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login that comes with a request.

    Every web login (allauth's forms, the admin's) passes its request; a call without one (a
    script's ``authenticate()``, the test client's ``login()``) has no client to throttle, so it
    passes on to the next backend instead of failing as axes' own backend does.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class RequireAdministratorSecondFactor:
    """Staff reach the admin only once they have a second factor (TOTP) on their account.

    Their logins then go through allauth, which asks for the code (the admin's login page hands
    over to allauth's: see config/urls.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            request.path.startswith("/admin/")
            and user.is_authenticated
            and user.is_staff
            and not is_mfa_enabled(user, ["totp"])
        ):
            messages.warning(
                request,
                "Administrators need a second factor: set up an authenticator app to open the "
                "administration.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class EmailNotVerified(PermissionDenied):
    """An action that needs a verified e-mail address (publishing on the marketplace,
    registering for a B2B session), asked for by someone whose address is not verified yet:
    a 403 whose page links to where the verification link is sent again
    (``accounts.services.require_verified_email``; docs/security.md)."""
