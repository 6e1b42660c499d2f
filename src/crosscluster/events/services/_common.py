"""What the event and programme writes share: who may write, and venue times read in UTC."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.core.times import NonexistentLocalTimeError, get_zone, to_utc
from crosscluster.partnerships.queries import AnyUser, require_coordinator

NOT_A_COORDINATOR = gettext_lazy("Only the partnership's coordinators may change its events.")


def check_coordinator(user: AnyUser, partnership_id: int) -> None:
    require_coordinator(user=user, partnership_id=partnership_id, message=NOT_A_COORDINATOR)


def venue_time(
    field: str, value: dt.datetime, zone_name: str, errors: dict[str, list[str]]
) -> dt.datetime | None:
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(dt.UTC)
    zone = get_zone(zone_name)
    if zone is None:
        return None  # the time zone error says what to fix
    try:
        return to_utc(value, zone)
    except NonexistentLocalTimeError:
        errors[field] = [
            _(
                "%(time)s on %(date)s does not exist in %(zone_name)s (the clocks go forward that night): choose a time outside the skipped hour."
            )
            % {
                "time": format(value, "%H:%M"),
                "date": format(value, "%Y-%m-%d"),
                "zone_name": zone_name,
            }
        ]
        return None
