"""Every page that takes a form refuses a POST without the CSRF token: a walk over the URLconf."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.cast import Cast

pytestmark = pytest.mark.django_db

SAMPLES = {"int": "1", "slug": "x", "str": "x", "uuid": "00000000-0000-0000-0000-000000000001"}
# The API authenticates writes with bearer tokens, not cookies, so CSRF does not apply there;
# its catch-all answers a JSON 404 to everything (tests/test_openapi.py).
NOT_PAGES = ("api/",)
# The one-click unsubscribe of e-mails (RFC 8058): mail clients POST there without a session or
# a CSRF token. The signed token in the address names the person; all a forged POST could do
# is turn off e-mails for whoever holds the token (docs/notifications.md).
ONE_CLICK = ("notifications/unsubscribe/",)


def _paths(patterns: list[object], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _paths(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route:  # a regular expression route
        return None
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)


def test_every_page_refuses_a_post_without_the_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.coordinator)
    checked, unprotected = 0, []
    for route in sorted(set(_paths(get_resolver().url_patterns))):
        path = _concrete(route)
        if path is None or path.lstrip("/").startswith(NOT_PAGES + ONE_CLICK):
            continue
        response = client.post(path, {"anything": "1"})
        checked += 1
        if response.status_code != 403 or b"CSRF" not in response.content:
            unprotected.append(f"{path} -> {response.status_code}")
    assert checked > 80, checked
    assert unprotected == [], unprotected
