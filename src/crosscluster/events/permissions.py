"""The only way a view obtains an event (or a partnership's calendar) it must protect."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _

from crosscluster.events import queries
from crosscluster.events.models import Event, ProgrammeItem
from crosscluster.events.services import NOT_A_COORDINATOR
from crosscluster.partnerships import queries as partnership_queries
from crosscluster.partnerships.queries import AnyUser, Standing

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


def access_event(*, partnership: Partnership, standing: Standing, slug: str) -> Event:
    """An event of the partnership the viewer may see; 404 when missing or hidden."""
    try:
        return queries.get_visible_event(partnership=partnership, standing=standing, slug=slug)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


def access_event_by_id(*, user: AnyUser, event_id: int) -> Event:
    """An event by id if the user may see it; 404 otherwise (hidden and missing look alike)."""
    try:
        return queries.get_visible_event_by_id(user=user, event_id=event_id)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


def access_partnership_for_new_event(*, user: AnyUser, slug: str) -> Partnership:
    """The partnership if the user coordinates it (or administers the platform); else 403/404."""
    try:
        partnership = partnership_queries.get_partnership(user=user, slug=slug)
    except ObjectDoesNotExist as error:  # Partnership.DoesNotExist: hidden or missing
        raise Http404(str(error)) from error
    partnership_queries.require_coordinator(
        user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR
    )
    return partnership


def access_event_for_edit(*, user: AnyUser, slug: str, event_slug: str) -> Event:
    """An event of a partnership the user coordinates; else 403 (or 404 for no such event).

    The coordinator check comes first, so someone who may not edit gets 403 whatever event
    address they try, and learns nothing about which events exist.
    """
    partnership = access_partnership_for_new_event(user=user, slug=slug)
    try:
        return queries.get_event_of(partnership=partnership, slug=event_slug)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


def access_event_by_id_for_edit(*, user: AnyUser, event_id: int) -> Event:
    """An event by id (the API): 404 if the user may not even see it, 403 if they may not edit."""
    event = access_event_by_id(user=user, event_id=event_id)
    partnership_queries.require_coordinator(
        user=user, partnership_id=event.partnership_id, message=NOT_A_COORDINATOR
    )
    return event


def access_programme_item_for_edit(
    *, user: AnyUser, slug: str, event_slug: str, item_id: int
) -> ProgrammeItem:
    """An item of an event the user may edit; 403 for non-coordinators whatever the ids, 404 when
    the item is not in this event's programme (e.g. another partnership's item)."""
    event = access_event_for_edit(user=user, slug=slug, event_slug=event_slug)
    return _item_of(event, item_id)


def access_programme_item_by_id_for_edit(
    *, user: AnyUser, event_id: int, item_id: int
) -> ProgrammeItem:
    """The API's way: 404 if the event is hidden, 403 if not a coordinator, 404 for an item of
    another event."""
    event = access_event_by_id_for_edit(user=user, event_id=event_id)
    return _item_of(event, item_id)


def _item_of(event: Event, item_id: int) -> ProgrammeItem:
    try:
        item = queries.get_programme_item_of(event=event, item_id=item_id)
    except ProgrammeItem.DoesNotExist:
        raise Http404(_("No such item in this event's programme.")) from None
    item.event = event  # the event already loaded, with its partnership
    return item
