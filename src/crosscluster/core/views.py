from __future__ import annotations

import contextlib
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django_prometheus.exports import ExportToDjangoView

from crosscluster.core import workers
from crosscluster.core.middleware import database_unavailable, permission_denied_page
from crosscluster.core.sources import list_data_sources


def check_staff(user: object) -> None:
    """Refuse (403) anyone but the platform's staff and administrators."""
    if not (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)):
        raise PermissionDenied(_("Only the platform's staff and administrators open this page."))


@login_required
def administration(request: HttpRequest) -> HttpResponse:
    """The staff's index (the header's "Administration" menu, as a page where JavaScript is
    off): the lists waiting for them and the Django admin."""
    check_staff(request.user)
    return render(request, "core/administration.html")


@login_required
def background_workers(request: HttpRequest) -> HttpResponse:
    """The staff's view of the background work: per queue, what waits, the oldest, what failed
    in the last day, and each worker's last heartbeat (docs/administration.md)."""
    check_staff(request.user)
    now = timezone.now()
    heartbeats = [
        (h, workers.is_alive(h, now=now), workers.is_stuck(h, now=now))
        for h in workers.list_heartbeats()
    ]
    return render(
        request,
        "core/workers.html",
        {
            "queues": workers.list_queue_states(now=now),
            "heartbeats": heartbeats,
            "any_stuck": any(stuck for _heartbeat, _alive, stuck in heartbeats),
            "silent_minutes": int(workers.silent_after().total_seconds() // 60),
            "stuck_minutes": int(workers.stuck_after().total_seconds() // 60),
            "commands": workers.WORKER_COMMANDS,
        },
    )


def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "core/sources.html", {"sources": list_data_sources()})


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, every migration is applied and the cache works; a
    load balancer sends traffic only when this says 200 (503 names what is not ready)."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else f"{len(pending)} not applied"
    except DatabaseError as error:
        checks["database"] = f"unreachable: {type(error).__name__}"
    try:
        cache.set("readyz", "ok", timeout=5)
        checks["cache"] = "ok" if cache.get("readyz") == "ok" else "does not keep values"
    except Exception as error:
        checks["cache"] = f"unreachable: {type(error).__name__}"
    ready = all(value == "ok" for value in checks.values())
    # Told, not counted: without a worker the web process still serves every page (tasks wait
    # in the queue until one starts), so a load balancer must not take it out of service.
    try:
        checks["worker"] = workers.describe_unattended(
            workers.list_queue_states(now=timezone.now()), now=timezone.now()
        )
    except DatabaseError as error:
        checks["worker"] = f"unknown: {type(error).__name__}"
    return JsonResponse(
        {"status": "ok" if ready else "not ready", **checks}, status=200 if ready else 503
    )


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (django-prometheus), for the scraper holding CROSSCLUSTER_METRICS_TOKEN."""
    token = settings.METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "")
        if not constant_time_compare(sent, f"Bearer {token}"):
            return HttpResponse(
                "A bearer token is needed.\n", status=401, content_type="text/plain"
            )
    elif not settings.DEBUG:
        raise Http404(_("Metrics are off: set CROSSCLUSTER_METRICS_TOKEN."))
    response = ExportToDjangoView(request)
    # on a database error the request metrics still go out; /readyz names the problem
    with contextlib.suppress(DatabaseError):
        response.content += workers.queue_metrics(now=timezone.now())
    return response


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return permission_denied_page(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that might fail again: a static page. A database that cannot be
    # reached (also from a middleware, e.g. loading the session) is a 503 the client may retry.
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return render(request, "500.html", status=500)
