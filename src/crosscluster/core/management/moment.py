"""The ``--now`` option of the scheduled commands (expiries): the clock passed in, for replays."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext


def add_now_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--now",
        default=None,
        help=gettext(
            "Pretend it is this moment (ISO 8601, e.g. 2026-03-01T00:00:00+00:00; default: now)."
        ),
    )


def moment_from_option(value: str | None) -> dt.datetime:
    """The ``--now`` value as an aware datetime (naive means UTC), or the current time."""
    if not value:
        return timezone.now()
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            gettext(
                "--now %(value)r is not an ISO 8601 moment: use e.g. 2026-03-01T00:00:00+00:00."
            )
            % {"value": value}
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
