from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from crosscluster.events import queries
from crosscluster.partnerships import queries as partnership_queries


def partnership_events(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_queries.get_partnership(user=request.user, slug=slug)
    standing = partnership_queries.get_standing(user=request.user, partnership_id=partnership.pk)
    events = queries.list_upcoming_events(
        partnership=partnership, standing=standing, now=timezone.now(), limit=200
    )
    return render(request, "events/list.html", {"partnership": partnership, "events": events})


def event_detail(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    partnership = partnership_queries.get_partnership(user=request.user, slug=slug)
    standing = partnership_queries.get_standing(user=request.user, partnership_id=partnership.pk)
    event = (
        queries.visible_events(partnership=partnership, standing=standing)
        .filter(slug=event_slug)
        .first()
    )
    if event is None:
        raise Http404("No such event.")
    return render(request, "events/detail.html", {"partnership": partnership, "event": event})


def partnership_ics(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404("Not yet.")


def event_ics(request: HttpRequest, slug: str, event_slug: str) -> HttpResponse:
    raise Http404("Not yet.")
