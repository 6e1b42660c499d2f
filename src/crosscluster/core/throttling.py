"""Rate limits for expensive reads, shared by an API operation and its page.

The counts live in the shared cache (the database or Redis; see settings ``CACHES``), so every
app process counts together. A signed-in person (session or token) is counted by account,
anyone else by client address (``NINJA_NUM_PROXIES`` follows ``CROSSCLUSTER_TRUSTED_PROXY_COUNT``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.throttling import UserRateThrottle


class ExpensiveReadThrottle(UserRateThrottle):
    """At most ``rate`` ("20/m") requests per person (or address) for one ``scope``."""

    def __init__(self, *, scope: str, rate: str) -> None:
        self.scope = scope
        super().__init__(rate)

    def get_cache_key(self, request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        ident = user.pk if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def refuse_if_throttled(
    request: HttpRequest, throttle: ExpensiveReadThrottle
) -> HttpResponse | None:
    """For a page: a 429 page (with ``Retry-After``) when ``throttle`` refuses, else ``None``."""
    if throttle.allow_request(request):
        return None
    wait = int(throttle.wait() or 60)
    response = render(request, "core/throttled.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response
