from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crosscluster.core.forms import add_service_errors
from crosscluster.core.http import is_htmx, page_of
from crosscluster.events import ics, permissions, queries, services
from crosscluster.events.forms import (
    FORM_FIELD_FOR,
    PROGRAMME_FORM_FIELD_FOR,
    EventForm,
    ProgrammeItemForm,
    initial_from,
    keyed_for_form,
    programme_initial_from,
)
from crosscluster.events.models import Event, EventKind, ProgrammeItem
from crosscluster.partnerships import queries as partnership_queries

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

PAGE_SIZE = 25
FEED_HISTORY = dt.timedelta(days=365)  # past events kept in a feed
FEED_LIMIT = 1000
PUBLIC_FEED_MAX_AGE = 15 * 60  # seconds a shared cache may keep the public feed


def _visible_partnership(request: HttpRequest, slug: str) -> Partnership:
    """The partnership if the viewer may see it; 404 otherwise (hidden and missing look alike)."""
    try:
        return partnership_queries.get_partnership(user=request.user, slug=slug)
    except ObjectDoesNotExist as error:  # Partnership.DoesNotExist
        raise Http404(str(error)) from error


def _wants_week_partial(request: HttpRequest) -> bool:
    """An htmx request moving the week (not htmx restoring a whole page from history)."""
    return (
        is_htmx(request)
        and bool(request.GET.get("week"))
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def partnership_events(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _visible_partnership(request, slug)
    standing = partnership_queries.get_standing(user=request.user, partnership_id=partnership.pk)
    week = queries.build_week(
        partnership=partnership,
        standing=standing,
        week=request.GET.get("week"),
        today=timezone.localdate(),
    )
    if _wants_week_partial(request):
        response = render(request, "events/_week.html", {"partnership": partnership, "week": week})
        patch_vary_headers(response, ["HX-Request"])
        return response
    period = queries.Period.PAST if request.GET.get("show") == "past" else queries.Period.UPCOMING
    kind = request.GET.get("kind") or ""
    if kind not in EventKind.values:
        kind = ""
    events = queries.list_events(
        partnership=partnership,
        standing=standing,
        now=timezone.now(),
        period=period,
        kind=kind or None,
    )
    page = page_of(request, events, size=PAGE_SIZE)
    response = render(
        request,
        "events/list.html",
        {
            "partnership": partnership,
            "standing": standing,
            "week": week,
            "page": page,
            "events": page.object_list,
            "period": period.value,
            "kind": kind,
            "kinds": EventKind.choices,
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def event_detail(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    partnership = _visible_partnership(request, slug)
    standing = partnership_queries.get_standing(user=request.user, partnership_id=partnership.pk)
    event = permissions.access_event(partnership=partnership, standing=standing, slug=event_slug)
    context = _programme_context(event, can_edit=standing.is_coordinator)
    context.update({"standing": standing, "schedule": queries.get_schedule(event=event)})
    return render(request, "events/detail.html", context)


def _new_item_form(event: Event, data: object = None) -> ProgrammeItemForm:
    """The add form, starting at the event's start (venue time) for an hour."""
    base = services.data_from_event(event)
    initial = {"start_at": base.start_at, "end_at": base.start_at + dt.timedelta(hours=1)}
    return ProgrammeItemForm(data, partnership=event.partnership, initial=initial)


def _programme_context(
    event: Event, *, can_edit: bool, form: ProgrammeItemForm | None = None
) -> dict[str, object]:
    if can_edit and form is None:
        form = _new_item_form(event)
    return {
        "partnership": event.partnership,
        "event": event,
        "programme": queries.build_programme(event=event),
        "can_edit_programme": can_edit,
        "programme_form": form,
    }


def _add_programme_errors(form: Form, error: ValidationError) -> None:
    add_service_errors(form, keyed_for_form(error, PROGRAMME_FORM_FIELD_FOR))


def _say_parallel(request: HttpRequest, item: ProgrammeItem) -> None:
    overlapping = queries.list_overlapping_titles(item=item)
    if overlapping:
        messages.info(
            request,
            _("It runs in parallel with: %(titles)s. Parallel sessions are allowed.")
            % {"titles": ", ".join(overlapping)},
        )


def _programme_response(request: HttpRequest, event: Event, **context: object) -> HttpResponse:
    """After a programme change: the programme section for htmx, else back to the event page."""
    if is_htmx(request):
        response = render(
            request,
            "events/_programme.html",
            _programme_context(event, can_edit=True) | {"is_partial": True, **context},
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    url = reverse("events:detail", args=[event.partnership.slug, event.slug])
    return redirect(f"{url}#programme")


@login_required
def programme_item_add(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    """Add an item: the form on the event page posts here (with or without htmx)."""
    event = permissions.access_event_for_edit(user=request.user, slug=slug, event_slug=event_slug)
    if request.method != "POST":
        return render(
            request,
            "events/programme_item_edit.html",
            {"partnership": event.partnership, "event": event, "form": _new_item_form(event)},
        )
    form = _new_item_form(event, request.POST)
    if form.is_valid():
        try:
            item = services.add_programme_item(user=request.user, event=event, data=form.to_data())
        except ValidationError as error:
            _add_programme_errors(form, error)
        else:
            messages.success(request, _("The item was added to the programme."))
            _say_parallel(request, item)
            return _programme_response(request, event)
    if is_htmx(request):
        context = _programme_context(event, can_edit=True, form=form) | {"is_partial": True}
        return render(request, "events/_programme.html", context)
    return render(
        request,
        "events/programme_item_edit.html",
        {"partnership": event.partnership, "event": event, "form": form},
    )


@login_required
def programme_item_edit(
    request: HttpRequest, slug: str, event_slug: str, item_id: int
) -> HttpResponse:
    item = permissions.access_programme_item_for_edit(
        user=request.user, slug=slug, event_slug=event_slug, item_id=item_id
    )
    event = item.event
    if request.method == "POST":
        form = ProgrammeItemForm(
            request.POST,
            partnership=event.partnership,
            current_organisation_id=item.visited_organisation_id,
        )
        if form.is_valid():
            try:
                services.update_programme_item(user=request.user, item=item, data=form.to_data())
            except ValidationError as error:
                _add_programme_errors(form, error)
            else:
                messages.success(request, _("The programme item was saved."))
                _say_parallel(request, item)
                url = reverse("events:detail", args=[event.partnership.slug, event.slug])
                return redirect(f"{url}#programme-item-{item.pk}")
    else:
        form = ProgrammeItemForm(
            initial=programme_initial_from(services.data_from_programme_item(item)),
            partnership=event.partnership,
            current_organisation_id=item.visited_organisation_id,
        )
    return render(
        request,
        "events/programme_item_edit.html",
        {"partnership": event.partnership, "event": event, "item": item, "form": form},
    )


@login_required
def programme_item_delete(
    request: HttpRequest, slug: str, event_slug: str, item_id: int
) -> HttpResponse:
    item = permissions.access_programme_item_for_edit(
        user=request.user, slug=slug, event_slug=event_slug, item_id=item_id
    )
    event = item.event
    if request.method == "POST":
        services.delete_programme_item(user=request.user, item=item)
        messages.success(request, _("The item was removed from the programme."))
        return _programme_response(request, event)
    return render(
        request,
        "events/programme_item_delete.html",
        {"partnership": event.partnership, "event": event, "item": item},
    )


@login_required
@require_POST
def programme_item_move(
    request: HttpRequest, slug: str, event_slug: str, item_id: int
) -> HttpResponse:
    """Move an item before or after the parallel item that starts at the same time."""
    item = permissions.access_programme_item_for_edit(
        user=request.user, slug=slug, event_slug=event_slug, item_id=item_id
    )
    event = item.event
    order = queries.build_programme(event=event).item_ids
    index = order.index(item.pk)
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
        services.reorder_programme(user=request.user, event=event, item_ids=order)
    return _programme_response(request, event)


def programme_ics(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    partnership = _visible_partnership(request, slug)
    standing = partnership_queries.get_standing(user=request.user, partnership_id=partnership.pk)
    event = permissions.access_event(partnership=partnership, standing=standing, slug=event_slug)
    body = ics.render_programme_file(event=event, items=queries.list_programme_items(event=event))
    return _calendar_response(request, body, f"{event.slug}-programme.ics", "attachment")


def _calendar_response(
    request: HttpRequest, body: bytes, filename: str, disposition: str
) -> HttpResponse:
    response = HttpResponse(body, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if request.user.is_authenticated:
        # May hold events only this user sees: no shared caches.
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_FEED_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def partnership_ics(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _visible_partnership(request, slug)
    standing = partnership_queries.get_standing(user=request.user, partnership_id=partnership.pk)
    events = queries.list_feed_events(
        partnership=partnership,
        standing=standing,
        since=timezone.now() - FEED_HISTORY,
        limit=FEED_LIMIT,
    )
    body = ics.render_partnership_feed(partnership=partnership, events=events)
    return _calendar_response(request, body, f"{partnership.slug}.ics", "inline")


def event_ics(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    partnership = _visible_partnership(request, slug)
    standing = partnership_queries.get_standing(user=request.user, partnership_id=partnership.pk)
    event = permissions.access_event(partnership=partnership, standing=standing, slug=event_slug)
    body = ics.render_event_file(event=event)
    return _calendar_response(request, body, f"{event.slug}.ics", "attachment")


def _add_service_errors(form: EventForm, error: ValidationError) -> None:
    add_service_errors(form, keyed_for_form(error, FORM_FIELD_FOR))


@login_required
def event_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = permissions.access_partnership_for_new_event(user=request.user, slug=slug)
    if request.method == "POST":
        form = EventForm(request.POST, partnership=partnership)
        if form.is_valid():
            try:
                event = services.create_event(
                    user=request.user, partnership=partnership, data=form.to_data()
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("The event was added."))
                return redirect("events:detail", slug=partnership.slug, event_slug=event.slug)
    else:
        form = EventForm(
            partnership=partnership,
            initial={"timezone": timezone.get_current_timezone_name()},
        )
    return render(
        request, "events/edit.html", {"partnership": partnership, "form": form, "event": None}
    )


@login_required
def event_edit(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    event = permissions.access_event_for_edit(user=request.user, slug=slug, event_slug=event_slug)
    partnership = event.partnership
    base = services.data_from_event(event)
    if request.method == "POST":
        form = EventForm(request.POST, partnership=partnership, current_host_id=event.host_id)
        if form.is_valid():
            try:
                services.update_event(user=request.user, event=event, data=form.to_data(base))
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("The event was saved."))
                return redirect("events:detail", slug=partnership.slug, event_slug=event.slug)
    else:
        form = EventForm(
            initial=initial_from(base), partnership=partnership, current_host_id=event.host_id
        )
    return render(
        request, "events/edit.html", {"partnership": partnership, "form": form, "event": event}
    )


@login_required
def event_delete(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    event = permissions.access_event_for_edit(user=request.user, slug=slug, event_slug=event_slug)
    partnership = event.partnership
    if request.method == "POST":
        services.delete_event(user=request.user, event=event)
        messages.success(request, _("The event was deleted."))
        return redirect("events:partnership_list", slug=partnership.slug)
    return render(request, "events/delete.html", {"partnership": partnership, "event": event})
