"""Notification pages: the list, marking read, preferences, unsubscribing from an e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import page_of
from crosscluster.notifications import auth, permissions, queries, services
from crosscluster.notifications.forms import PreferencesForm

PER_PAGE = 25


@require_safe
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, queries.list_notifications(user=request.user), size=PER_PAGE)
    unread = queries.count_unread(user=request.user)
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


@require_POST
@login_required
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = permissions.access_notification(
        user=request.user, notification_id=notification_id
    )
    services.mark_read(user=request.user, notification=notification, now=timezone.now())
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user, now=timezone.now())
    messages.success(request, _("%(count)d notification(s) marked as read.") % {"count": count})
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    rows = queries.list_preferences(user=request.user)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferences(
                user=request.user,  # type: ignore[arg-type]
                choices=form.cleaned_data,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your e-mail preferences are saved."))
            return redirect("notifications:preferences")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "notifications/preferences.html", {"form": form, "rows": rows}, status=status
    )


@csrf_exempt  # mail clients POST here without a session (RFC 8058 one-click unsubscribe)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link turns off and one button; POST (the button, or a mail client's
    one-click ``List-Unsubscribe-Post``) turns it off. A GET never changes anything: link
    checkers that open every link in an e-mail do not unsubscribe anybody."""
    found = auth.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        kinds = services.unsubscribe(token=token, now=timezone.now())
        return render(request, "notifications/unsubscribe.html", {"done": True, "kinds": kinds})
    kinds = queries.list_kinds_named(keys=found.kinds)
    return render(request, "notifications/unsubscribe.html", {"kinds": kinds, "token": token})
