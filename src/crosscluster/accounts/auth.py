"""Bearer-token authentication for the API: expiry, revocation and scope, checked here once."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from crosscluster.accounts.models import ApiToken, User

#: methods a ``read`` token may use; every other method needs a ``write`` token
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _authenticated_user(request: HttpRequest, key: str) -> User | None:
    """The user of a live token, or ``None`` for an unknown key. A revoked or expired token
    is a 401 saying so; a ``read`` token on an unsafe method is a 403, for every endpoint."""
    record = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.revoked_at is not None:
        raise AuthenticationError(
            message=(
                f"This token was revoked on {record.revoked_at:%Y-%m-%d} (revoked by hand, or "
                "its owner's password changed): create a new one on your profile page (/me/)."
            )
        )
    if record.expires_at <= now:
        raise AuthenticationError(
            message=(
                f"This token expired on {record.expires_at:%Y-%m-%d %H:%M} UTC: create a new one "
                "on your profile page (/me/)."
            )
        )
    if request.method not in SAFE_METHODS and not record.may_write:
        raise AuthorizationError(
            message=(
                "This token has the read scope: it may only read (GET). Create a token with "
                "the write scope to change data."
            )
        )
    if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``; sets ``request.auth`` (and ``request.user``) to the user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = _authenticated_user(request, token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()


def token_user(request: HttpRequest) -> User:
    """The user of a request to an endpoint declared with ``auth=token_auth``."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User), "token_user() is only for endpoints with auth=token_auth"
    return user


def api_viewer(request: HttpRequest) -> User | AnonymousUser:
    """Who reads an API endpoint that is public but shows more to some: the bearer token's user
    when a token is sent (an invalid, expired or revoked one is refused, not ignored), else the
    session's user (signed in on the site, or anonymous)."""
    if request.headers.get("Authorization"):
        user = token_auth(request)
        if user is None:
            raise AuthenticationError(message="The bearer token is not valid or was revoked.")
        return user
    return request.user
