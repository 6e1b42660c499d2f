"""Writes for an event's programme (its items: talks, company visits, dinners ...). Atomic,
keyword-only; errors name the field and the fix. Coordinators of the event's partnership and
administrators only, as for the event itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from crosscluster.core.times import (
    format_span,
    get_zone,
    to_local,
)
from crosscluster.core.validation import at_most, choose_one_of
from crosscluster.directory import queries as directory_queries
from crosscluster.events.models import Event, ProgrammeItem, ProgrammeItemKind
from crosscluster.events.services._common import check_coordinator, venue_time
from crosscluster.partnerships.queries import AnyUser

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation

# The programme of an event ------------------------------------------------------------------

PROGRAMME_TEXT_LIMITS = {"title": 200, "place": 300, "speakers": 300, "description": 20_000}
PROGRAMME_LIMIT = 200  # items per event


@dataclass(frozen=True)
class ProgrammeItemData:
    """One programme item. ``start_at``/``end_at`` naive = wall-clock time at the event's venue."""

    title: str
    kind: str
    start_at: dt.datetime
    end_at: dt.datetime
    description: str = ""
    place: str = ""
    speakers: str = ""
    visited_organisation_id: int | None = None


def data_from_programme_item(item: ProgrammeItem) -> ProgrammeItemData:
    """An item's data as the venue's wall clock shows it (the starting point of an edit)."""
    zone = get_zone(item.event.timezone)
    return ProgrammeItemData(
        title=item.title,
        kind=item.kind,
        start_at=to_local(item.start_at, zone) if zone else item.start_at,
        end_at=to_local(item.end_at, zone) if zone else item.end_at,
        description=item.description,
        place=item.place,
        speakers=item.speakers,
        visited_organisation_id=item.visited_organisation_id,
    )


def _clean_item(data: ProgrammeItemData) -> ProgrammeItemData:
    return dataclasses.replace(
        data,
        title=data.title.strip(),
        kind=data.kind.strip(),
        description=data.description.strip(),
        place=data.place.strip(),
        speakers=data.speakers.strip(),
    )


def event_span_text(event: Event) -> str:
    """``Tue 3 March 2026, 09:00-17:00 Europe/Berlin``: the event's span at the venue."""
    zone = get_zone(event.timezone) or dt.UTC
    return f"{format_span(event.start_at, event.end_at, zone)} {event.timezone}"


@dataclass(frozen=True)
class _CheckedItem:
    start_at: dt.datetime
    end_at: dt.datetime
    visited_organisation: Organisation | None


def _validate_item(
    data: ProgrammeItemData, *, event: Event
) -> tuple[_CheckedItem, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    for field, limit in PROGRAMME_TEXT_LIMITS.items():
        value = getattr(data, field)
        if len(value) > limit:
            errors[field] = [at_most(limit, len(value))]
    if not data.title:
        errors["title"] = [_("Give the programme item a title, e.g. Welcome and introductions.")]
    if data.kind not in ProgrammeItemKind.values:
        errors["kind"] = [choose_one_of(ProgrammeItemKind.values)]
    start_at = venue_time("start_at", data.start_at, event.timezone, errors)
    end_at = venue_time("end_at", data.end_at, event.timezone, errors)
    span = event_span_text(event)
    if start_at is not None and end_at is not None and end_at <= start_at:
        errors["end_at"] = [_("The item must end after it starts: give a later end time.")]
    else:
        if start_at is not None and not event.start_at <= start_at < event.end_at:
            errors["start_at"] = [
                _("The programme lies within the event (%(span)s): give a start inside that span.")
                % {"span": span}
            ]
        if end_at is not None and not event.start_at < end_at <= event.end_at:
            errors["end_at"] = [
                _("The programme lies within the event (%(span)s): give an end inside that span.")
                % {"span": span}
            ]
    organisation = None
    if data.visited_organisation_id is not None:
        if data.kind != ProgrammeItemKind.COMPANY_VISIT:
            errors["visited_organisation_id"] = [
                _(
                    "Only a company visit names a visited organisation: choose the kind %(value)r, or leave the organisation empty."
                )
                % {"value": ProgrammeItemKind.COMPANY_VISIT.value}
            ]
        organisation = directory_queries.list_organisations_by_id(
            organisation_ids=[data.visited_organisation_id]
        ).get(data.visited_organisation_id)
        if organisation is None:
            errors["visited_organisation_id"] = [
                _(
                    "No organisation with id %(visited_organisation_id)s in the directory: pick the visited organisation from the directory, or leave it empty."
                )
                % {"visited_organisation_id": data.visited_organisation_id}
            ]
    checked = _CheckedItem(
        start_at=start_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        end_at=end_at or dt.datetime.min.replace(tzinfo=dt.UTC),
        visited_organisation=organisation,
    )
    return checked, errors


def _apply_item(item: ProgrammeItem, data: ProgrammeItemData, checked: _CheckedItem) -> None:
    item.title = data.title
    item.kind = data.kind
    item.description = data.description
    item.start_at = checked.start_at
    item.end_at = checked.end_at
    item.place = data.place
    item.speakers = data.speakers
    item.visited_organisation = checked.visited_organisation


def add_programme_item(*, user: AnyUser, event: Event, data: ProgrammeItemData) -> ProgrammeItem:
    """Add an item to an event's programme (the partnership's coordinators); all or nothing.

    Items may overlap (parallel sessions); see ``queries.build_programme`` for how that shows.
    """
    check_coordinator(user, event.partnership_id)
    data = _clean_item(data)
    checked, errors = _validate_item(data, event=event)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the event so two coordinators adding at once get distinct positions.
        Event.objects.select_for_update().filter(pk=event.pk).first()
        items = ProgrammeItem.objects.filter(event=event)
        count = items.count()
        if count >= PROGRAMME_LIMIT:
            raise ValidationError(
                {
                    "title": [
                        _(
                            "An event's programme holds at most %(programme_limit)s items: delete some, or split the event."
                        )
                        % {"programme_limit": PROGRAMME_LIMIT}
                    ]
                }
            )
        top = items.aggregate(top=Max("position"))["top"]
        item = ProgrammeItem(event=event, position=0 if top is None else top + 1)
        _apply_item(item, data, checked)
        item.save()
    return item


def update_programme_item(
    *, user: AnyUser, item: ProgrammeItem, data: ProgrammeItemData
) -> ProgrammeItem:
    """Replace a programme item's data (start from :func:`data_from_programme_item`)."""
    check_coordinator(user, item.event.partnership_id)
    data = _clean_item(data)
    checked, errors = _validate_item(data, event=item.event)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _apply_item(item, data, checked)
        item.save()
    return item


def delete_programme_item(*, user: AnyUser, item: ProgrammeItem) -> None:
    """Remove an item from its event's programme."""
    check_coordinator(user, item.event.partnership_id)
    with transaction.atomic():
        ProgrammeItem.objects.filter(pk=item.pk).delete()


def reorder_programme(*, user: AnyUser, event: Event, item_ids: Sequence[int]) -> None:
    """Set the order of the items: ``item_ids`` lists every item of the programme once.

    The programme is shown by time; the order decides among items that start at the same time
    (parallel sessions), e.g. which track comes first.
    """
    check_coordinator(user, event.partnership_id)
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        items = {item.pk: item for item in ProgrammeItem.objects.filter(event=event)}
        given = list(item_ids)
        repeated = sorted({pk for pk in given if given.count(pk) > 1})
        unknown = [pk for pk in dict.fromkeys(given) if pk not in items]
        missing = sorted(set(items) - set(given))
        problems = []
        if repeated:
            problems.append(_("repeated: %(choices)s") % {"choices": ", ".join(map(str, repeated))})
        if unknown:
            problems.append(
                _("not in this programme: %(choices)s") % {"choices": ", ".join(map(str, unknown))}
            )
        if missing:
            problems.append(_("missing: %(choices)s") % {"choices": ", ".join(map(str, missing))})
        if problems:
            raise ValidationError(
                {
                    "item_ids": [
                        _("List every item of this programme exactly once (%(choices)s).")
                        % {"choices": "; ".join(problems)}
                    ]
                }
            )
        for position, pk in enumerate(given):
            items[pk].position = position
        ProgrammeItem.objects.bulk_update(list(items.values()), ["position"], batch_size=500)
