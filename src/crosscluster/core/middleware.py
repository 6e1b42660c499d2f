"""Activate the viewer's time zone (the user's setting, else the browser's ``tz`` cookie) and
language at unprefixed addresses; the site's own error pages in every mode."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
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
            target = translate_url(request.path_info, language)
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
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        if isinstance(exception, PermissionDenied):
            return render(request, "403.html", status=403)
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        return render(request, "500.html", status=500)
