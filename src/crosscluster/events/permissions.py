"""The only way a view obtains an event (or a partnership's calendar) it must protect."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from crosscluster.events.models import Event
from crosscluster.events.queries import get_visible_event_by_id
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.models import Partnership
from crosscluster.partnerships.queries import AnyUser

NOT_A_COORDINATOR = "Only the partnership's coordinators may change its events."


def access_partnership_for_new_event(*, user: AnyUser, slug: str) -> Partnership:
    """The partnership if the user coordinates it (or administers the platform); else 403/404."""
    partnership = partnership_queries.get_partnership(user=user, slug=slug)
    if not partnership_queries.is_coordinator(user=user, partnership=partnership):
        raise PermissionDenied(NOT_A_COORDINATOR)
    return partnership


def access_event_for_edit(*, user: AnyUser, slug: str, event_slug: str) -> Event:
    """An event of a partnership the user coordinates; else 403 (or 404 for no such event).

    The coordinator check comes first, so someone who may not edit gets 403 whatever event
    address they try, and learns nothing about which events exist.
    """
    partnership = access_partnership_for_new_event(user=user, slug=slug)
    event = (
        Event.objects.filter(partnership=partnership, slug=event_slug)
        .select_related("partnership", "country", "host")
        .first()
    )
    if event is None:
        raise Http404("No such event.")
    return event


def access_event_by_id_for_edit(*, user: AnyUser, event_id: int) -> Event:
    """An event by id (the API): 404 if the user may not even see it, 403 if they may not edit."""
    event = get_visible_event_by_id(user=user, event_id=event_id)
    if not partnership_queries.is_coordinator(user=user, partnership=event.partnership):
        raise PermissionDenied(NOT_A_COORDINATOR)
    return event
