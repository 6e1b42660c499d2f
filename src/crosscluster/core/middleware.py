"""Activate the viewer's time zone (the user's setting, else the browser's ``tz`` cookie) and
language at unprefixed addresses; the site's own error pages in every mode; refuse text with a
NUL character; a 503 when the database cannot be reached."""

from __future__ import annotations

import json
import logging
import zoneinfo
from collections.abc import Callable, Iterator
from urllib.parse import unquote

from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, translate_url
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from crosscluster.core.i18n import preferred_language

logger = logging.getLogger("django.request")


def zone_or_none(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class ViewerTimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = zone_or_none(getattr(user, "timezone", "") if user and user.is_authenticated else "")
        # site.js writes the cookie URL-encoded (Europe%2FBerlin).
        zone = zone or zone_or_none(unquote(request.COOKIES.get("tz") or ""))
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


#: The API's addresses: never a page, answered in the preferred language where they are.
API_PREFIX = "/api/"
#: Unprefixed addresses that are never sent to a language's address: probes and scrapers.
NEVER_REDIRECTED = ("/healthz", "/readyz", "/metrics", "/favicon.ico", "/static/", "/media/")


class PreferredLanguageMiddleware:
    """The viewer's language where the address names none.

    Pages have one address per language: English unprefixed, the others under ``/pt/``,
    ``/es/`` ... (``i18n_patterns``), which ``LocaleMiddleware`` reads. At an unprefixed page
    address a viewer who prefers another language (their profile's setting, else the language
    cookie the switcher sets, else the browser's Accept-Language) is sent to that language's
    address, so a shared link opens in the reader's language while a crawler, which sends no
    preference, indexes English there. Writes, htmx fragments and probes at an unprefixed page
    address stay English (the pages' own links and forms carry the prefix); addresses outside
    the page patterns (the API, the switcher) are answered in the preferred language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if translation.get_language_from_path(request.path_info):
            return self.get_response(request)  # the address names the language
        language = preferred_language(request)
        if language != settings.LANGUAGE_CODE:
            # The API is never a page (and reversing one of its operations by name may find
            # another operation of the same name at another address).
            api = request.path_info.startswith(API_PREFIX)
            target = request.path_info if api else translate_url(request.path_info, language)
            if target == request.path_info:
                # Not a page (the API, the switcher): answer in the language in place. (A page
                # address resolves only in English while it has no prefix, so pages never are.)
                translation.activate(language)
                request.LANGUAGE_CODE = language
            elif (
                request.method in {"GET", "HEAD"}
                and not request.headers.get("HX-Request")
                and not request.path_info.startswith(NEVER_REDIRECTED)
            ):
                query = request.META.get("QUERY_STRING", "")
                redirect = HttpResponseRedirect(f"{target}?{query}" if query else target)
                patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
                return redirect
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def permission_denied_page(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 403 page: the refusal's own message (as Django's handler shows it) and, when
    the refusal is an unverified e-mail address, the way to verify it."""
    from crosscluster.core.security import EmailNotVerified

    return render(
        request,
        "403.html",
        {"exception": str(exception), "verify_email": isinstance(exception, EmailNotVerified)},
        status=403,
    )


class SiteErrorPagesMiddleware:
    """The site's own 404 and 500 pages (with its navigation) in every mode.

    With ``DEBUG`` off Django already uses ``handler404``/``handler500``; with it on (``make run``)
    it shows its technical pages, which list every URL of the site. This middleware answers a
    missing page and an unhandled error with the site's pages in both modes (the error is still
    logged with its traceback). It sits after ``CommonMiddleware``, so a missing slash is still
    redirected first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG:
            try:
                resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
            except Resolver404:
                return render(request, "404.html", status=404)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG:
            return None  # Django's handlers answer with the same pages
        if isinstance(exception, ReauthenticationRequired):
            return None  # allauth's middleware answers: it asks for the password again
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        if isinstance(exception, PermissionDenied):
            return permission_denied_page(request, exception)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        return render(request, "500.html", status=500)


#: bodies Django reads into ``request.POST`` (and ``request.FILES``)
FORM_BODIES = {"multipart/form-data", "application/x-www-form-urlencoded"}


def nul_fields(request: HttpRequest) -> list[str]:
    """The query parameters, and the fields of a form or JSON body (an uploaded file's name
    too, not its content), whose text holds a NUL character.

    No text a person types holds one, PostgreSQL cannot store one in a text column, and a
    comparison with one fails there (SQLite accepts it): such a request is refused before it
    reaches a view. Django's form ``CharField`` refuses one too, but not a choice looked up by
    its slug, nor the API's form schemas (a multipart upload's fields)."""
    fields = [key or "(name)" for key, values in request.GET.lists() if "\x00" in key]
    fields += [key for key, values in request.GET.lists() if any("\x00" in v for v in values)]
    if request.method not in {"GET", "HEAD"} and request.content_type in FORM_BODIES:
        try:
            posted, files = request.POST, request.FILES
        except MultiPartParserError:
            # a body that cannot be read (no boundary): forget the failed reading, so the view
            # reads it again and answers what is wrong with it
            del request._post, request._files  # type: ignore[attr-defined]
            return fields
        fields += [key or "(name)" for key in posted if "\x00" in key]
        fields += [key for key, values in posted.lists() if any("\x00" in v for v in values)]
        fields += [
            key for key, upload in files.items() if "\x00" in str(getattr(upload, "name", "") or "")
        ]
    if request.content_type == "application/json" and request.method not in {"GET", "HEAD"}:
        body = request.body
        if b"\\u0000" in body or b"\x00" in body:
            try:
                data = json.loads(body)
            except ValueError:
                return fields  # unreadable JSON: the API answers that itself
            fields += [path or "(body)" for path in _json_nul_paths(data, "")]
    return fields


def _json_nul_paths(value: object, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                yield where
            yield from _json_nul_paths(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_nul_paths(item, f"{path}.{index}" if path else str(index))


class RejectNulCharactersMiddleware:
    """Answer 400, naming the field, for a request whose parameters hold a NUL character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = nul_fields(request)
        if not fields:
            return self.get_response(request)
        fix = "remove the NUL character (\\x00, %00); no text may contain it"
        if request.path.startswith("/api/"):
            detail = "; ".join(f"{field}: {fix}" for field in fields)
            return JsonResponse(
                {"detail": detail, "errors": {field: [fix.capitalize() + "."] for field in fields}},
                status=400,
            )
        return render(request, "400.html", {"fields": sorted(set(fields))}, status=400)


RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """A request that cannot reach the database (a restart, a failover, the network) gets a 503
    with ``Retry-After``, not a 500: the site comes back by itself once the database does
    (``CONN_HEALTH_CHECKS`` drops the broken connection; the next request opens a new one). The
    transaction of the request was rolled back, so nothing is half-written. The 503 page is
    static: rendering the site's pages would need the database again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        return database_unavailable(request)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer (JSON under /api/, else a static page) with ``Retry-After``."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "The database is unavailable for a moment: try again in a few seconds."},
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
