"""Session set-up (organisers): periods and slots, tables, registration open or closed, fixed
tables for hosts."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.brokerage.models import (
    B2BSession,
    Participant,
    ParticipantStatus,
    SessionPeriod,
    Slot,
    Table,
)
from crosscluster.core.times import NonexistentLocalTimeError, get_zone, to_utc
from crosscluster.partnerships.queries import AnyUser, require_coordinator

if TYPE_CHECKING:
    from crosscluster.events.models import Event

NOT_AN_ORGANISER = gettext_lazy(
    "Only the partnership's coordinators may organise its B2B meetings."
)
MAX_SLOTS = 400


def check_organiser(*, user: AnyUser, session: B2BSession) -> None:
    require_coordinator(
        user=user, partnership_id=session.event.partnership_id, message=NOT_AN_ORGANISER
    )


# Session set-up --------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionData:
    """``periods``: (start, end) pairs; naive = wall-clock time at the venue. Breaks are the
    gaps between periods; each period is filled with slots of ``slot_minutes`` + ``gap_minutes``."""

    periods: Sequence[tuple[dt.datetime, dt.datetime]]
    slot_minutes: int = 20
    gap_minutes: int = 5
    tables: int = 10
    table_names: Sequence[str] = ()
    capacity: int | None = None
    max_meetings: int | None = None
    max_consecutive: int | None = None
    questions: Sequence[str] = ()
    video_url: str = ""
    request_days: int = 7
    reminder_days: int = 2
    compact_agendas: bool = True
    max_break_difference: int | None = None
    half_day_agendas: bool = False


MAX_BREAK_DIFFERENCE = 50


def _agenda_errors(max_break_difference: int | None) -> dict[str, list[str]]:
    if max_break_difference is not None and not 0 <= max_break_difference <= MAX_BREAK_DIFFERENCE:
        return {
            "max_break_difference": [
                _(
                    "Give a difference between 0 and %(max_break_difference)s breaks, or leave it empty for no fairness limit."
                )
                % {"max_break_difference": MAX_BREAK_DIFFERENCE}
            ]
        }
    return {}


def _aware(value: dt.datetime, zone_name: str) -> dt.datetime:
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(dt.UTC)
    zone = get_zone(zone_name) or ZoneInfo("UTC")
    return to_utc(value, zone)


def generate_slots(
    periods: Sequence[tuple[dt.datetime, dt.datetime]], *, slot_minutes: int, gap_minutes: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Slots filling each period: a slot, a gap, a slot... (a partial slot at the end is left out)."""
    slots = []
    length = dt.timedelta(minutes=slot_minutes)
    step = length + dt.timedelta(minutes=gap_minutes)
    for start, end in sorted(periods):
        cursor = start
        while cursor + length <= end:
            slots.append((cursor, cursor + length))
            cursor += step
    return slots


def _validate_session(
    data: SessionData, event: Event
) -> tuple[list[tuple[dt.datetime, dt.datetime]], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if not 5 <= data.slot_minutes <= 240:
        errors["slot_minutes"] = [_("Give a slot length between 5 and 240 minutes.")]
    if not 0 <= data.gap_minutes <= 120:
        errors["gap_minutes"] = [_("Give a gap between 0 and 120 minutes (0 = back to back).")]
    if not 1 <= data.tables <= 2000:
        errors["tables"] = [_("Give between 1 and 2,000 tables per slot.")]
    if data.table_names and len(data.table_names) != data.tables:
        errors["table_names"] = [
            _("Name every table or none: %(count)s names for %(tables)s tables.")
            % {"count": len(data.table_names), "tables": data.tables}
        ]
    if any(not name.strip() or len(name) > 80 for name in data.table_names):
        errors["table_names"] = [_("Each table name needs 1 to 80 characters.")]
    for name in ("capacity", "max_meetings", "max_consecutive"):
        value = getattr(data, name)
        if value is not None and value < 1:
            errors[name] = [_("Give a number of at least 1, or leave it empty for no limit.")]
    errors.update(_agenda_errors(data.max_break_difference))
    if not 1 <= data.request_days <= 90:
        errors["request_days"] = [_("Requests wait between 1 and 90 days for an answer.")]
    if not 0 <= data.reminder_days <= 30:
        errors["reminder_days"] = [
            _("Send the reminder between 0 and 30 days before the event (0 = no reminder).")
        ]
    if any(not q.strip() or len(q) > 300 for q in data.questions):
        errors["questions"] = [_("Each question needs 1 to 300 characters.")]
    if data.video_url:
        try:
            URLValidator(schemes=["https"])(data.video_url)
        except ValidationError:
            errors["video_url"] = [_("Give the video room's full address, starting with https://.")]
    periods: list[tuple[dt.datetime, dt.datetime]] = []
    if not data.periods:
        errors["periods"] = [_("Give at least one period (e.g. 09:00-12:30 on the first day).")]
    venue = get_zone(event.timezone) or ZoneInfo("UTC")
    for number, (start, end) in enumerate(data.periods, start=1):
        try:
            period = (_aware(start, event.timezone), _aware(end, event.timezone))
        except NonexistentLocalTimeError:
            errors["periods"] = [
                _(
                    "%(start)s or %(end)s does not exist in %(timezone)s (clocks go forward): choose a time outside the skipped hour."
                )
                % {
                    "start": format(start, "%Y-%m-%d %H:%M"),
                    "end": format(end, "%H:%M"),
                    "timezone": event.timezone,
                }
            ]
            continue
        if period[1] <= period[0]:
            # the page's words: a period is a row of a date, a start and an end
            errors["periods"] = [
                _("Period %(number)s: the end must be after the start.") % {"number": number}
            ]
        elif period[0].astimezone(venue).date() != period[1].astimezone(venue).date():
            # the page has one date per period; slots, runs and breaks are counted per day
            errors["periods"] = [
                _(
                    "Period %(number)s: the end must be on the same day as the start (at the venue, %(timezone)s); for meetings after midnight, add a second period on the next day."
                )
                % {"number": number, "timezone": venue.key}
            ]
        elif period[0] < event.start_at or period[1] > event.end_at:
            errors["periods"] = [
                _(
                    "The period starting %(start)s lies outside the event (its start and end): move it inside, or change the event's times."
                )
                % {"start": format(start, "%Y-%m-%d %H:%M")}
            ]
        periods.append(period)
    ordered = sorted(periods)
    for (_start, end), (start, _end) in itertools.pairwise(ordered):
        if start < end:
            errors["periods"] = [_("Periods overlap: make each one start after the previous ends.")]
    slots: list[tuple[dt.datetime, dt.datetime]] = []
    if "periods" not in errors and "slot_minutes" not in errors and "gap_minutes" not in errors:
        slots = generate_slots(
            ordered, slot_minutes=data.slot_minutes, gap_minutes=data.gap_minutes
        )
        if not slots:
            errors["periods"] = [
                _("No slot fits in the periods: lengthen them or shorten the slots.")
            ]
        elif len(slots) > MAX_SLOTS:
            errors["periods"] = [
                _("%(count)s slots; at most %(max_slots)s: use longer slots.")
                % {"count": len(slots), "max_slots": MAX_SLOTS}
            ]
    return slots, errors


def configure_session(*, user: AnyUser, event: Event, data: SessionData) -> B2BSession:
    """Create (or, before the first scheduler run, replace) the B2B session of an event."""
    session = B2BSession.objects.filter(event=event).first()
    require_coordinator(user=user, partnership_id=event.partnership_id, message=NOT_AN_ORGANISER)
    slots, errors = _validate_session(data, event)
    if session is not None and session.runs.exists():
        errors["periods"] = [
            _(
                "The scheduler has already run: slots can no longer change (participants' availability and meetings refer to them)."
            )
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if session is None:
            session = B2BSession(event=event)
        session.slot_minutes = data.slot_minutes
        session.gap_minutes = data.gap_minutes
        session.tables = data.tables
        session.capacity = data.capacity
        session.max_meetings = data.max_meetings
        session.max_consecutive = data.max_consecutive
        session.questions = [q.strip() for q in data.questions]
        session.video_url = data.video_url
        session.request_days = data.request_days
        session.reminder_days = data.reminder_days
        session.compact_agendas = data.compact_agendas
        session.max_break_difference = data.max_break_difference
        session.half_day_agendas = data.half_day_agendas
        session.save()
        session.periods.all().delete()
        session.slots.all().delete()
        session.named_tables.all().delete()
        SessionPeriod.objects.bulk_create(
            SessionPeriod(
                session=session,
                start_at=_aware(s, event.timezone),
                end_at=_aware(e, event.timezone),
            )
            for s, e in data.periods
        )
        Slot.objects.bulk_create(
            Slot(session=session, start_at=start, end_at=end, tables=data.tables)
            for start, end in slots
        )
        Table.objects.bulk_create(
            Table(session=session, number=number, name=name.strip())
            for number, name in enumerate(data.table_names, start=1)
        )
    return session


def set_registration_open(*, user: AnyUser, session: B2BSession, is_open: bool) -> B2BSession:
    """Open or close registration (publishing a schedule does not close it: late registrations
    are fitted in by the next repair)."""
    check_organiser(user=user, session=session)
    session.registration_open = is_open
    session.save(update_fields=["registration_open", "updated_at"])
    return session


def assign_fixed_table(
    *, user: AnyUser, session: B2BSession, participant: Participant, number: int
) -> Table:
    """A host meets everyone at table ``number`` (named tables need not exist beforehand).

    Takes effect at the next scheduler run (the adapter swaps tables within each slot)."""
    check_organiser(user=user, session=session)
    if participant.session_id != session.pk:
        raise ValidationError(
            {"participant_id": [_("This participant is not in this session: pick one of its own.")]}
        )
    if participant.status in (ParticipantStatus.WITHDRAWN, ParticipantStatus.REJECTED):
        raise ValidationError(
            {
                "participant_id": [
                    (
                        _(
                            "%(display_name)s has withdrawn: fix a table for a registered "
                            "participant."
                        )
                        if participant.status == ParticipantStatus.WITHDRAWN
                        else _(
                            "%(display_name)s was not admitted: fix a table for a registered "
                            "participant."
                        )
                    )
                    % {"display_name": participant.display_name}
                ]
            }
        )
    if not 1 <= number <= session.tables:
        raise ValidationError(
            {"number": [_("Choose a table between 1 and %(tables)s.") % {"tables": session.tables}]}
        )
    with transaction.atomic():
        occupied = (
            Table.objects.filter(session=session, number=number)
            .exclude(host__isnull=True)
            .exclude(host=participant)
            .select_related("host")
            .first()
        )
        if occupied is not None:
            raise ValidationError(
                {
                    "number": [
                        _(
                            "%(name)s is already fixed for %(host)s: choose another table, or release it first."
                        )
                        % {"name": occupied.label, "host": occupied.host}
                    ]
                }
            )
        Table.objects.filter(host=participant).exclude(number=number).update(host=None)
        table, _created = Table.objects.get_or_create(
            session=session,
            number=number,
            defaults={"name": ""},  # unnamed: read as "Table n" in each language
        )
        table.host = participant
        table.save(update_fields=["host"])
    return table


def release_fixed_table(*, user: AnyUser, session: B2BSession, participant: Participant) -> None:
    """The host no longer stays at one table (from the next scheduler run)."""
    check_organiser(user=user, session=session)
    if participant.session_id != session.pk:
        raise ValidationError(
            {"participant_id": [_("This participant is not in this session: pick one of its own.")]}
        )
    released = Table.objects.filter(session=session, host=participant).update(host=None)
    if not released:
        raise ValidationError(
            {
                "participant_id": [
                    _("%(display_name)s has no fixed table to release.")
                    % {"display_name": participant.display_name}
                ]
            }
        )


def set_agenda_options(
    *,
    user: AnyUser,
    session: B2BSession,
    compact_agendas: bool,
    max_break_difference: int | None = None,
    half_day_agendas: bool = False,
) -> B2BSession:
    """Compact agendas on or off, fairness and half-days: any time, from the next run on (the
    slots stay, so this is allowed after the scheduler has run)."""
    check_organiser(user=user, session=session)
    errors = _agenda_errors(max_break_difference)
    if errors:
        raise ValidationError(errors)
    session.compact_agendas = compact_agendas
    session.max_break_difference = max_break_difference if compact_agendas else None
    session.half_day_agendas = half_day_agendas and compact_agendas
    session.save(
        update_fields=["compact_agendas", "max_break_difference", "half_day_agendas", "updated_at"]
    )
    return session
