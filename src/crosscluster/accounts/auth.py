"""Bearer-token authentication for API writes."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from crosscluster.accounts.models import ApiToken, User


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``; sets ``request.auth`` to the user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        record = (
            ApiToken.objects.select_related("user")
            .filter(
                key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True
            )
            .first()
        )
        if record is None:
            return None
        now = timezone.now()
        if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = record.user
        return record.user


token_auth = TokenAuth()


def token_user(request: HttpRequest) -> User:
    """The user of a request to an endpoint declared with ``auth=token_auth``."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User), "token_user() is only for endpoints with auth=token_auth"
    return user


def api_viewer(request: HttpRequest) -> User | AnonymousUser:
    """Who reads an API endpoint that is public but shows more to some: the bearer token's user
    when a token is sent (an invalid or revoked one is refused, not ignored), else the session's
    user (signed in on the site, or anonymous)."""
    if request.headers.get("Authorization"):
        user = token_auth(request)
        if user is None:
            raise AuthenticationError(message="The bearer token is not valid or was revoked.")
        return user
    return request.user
