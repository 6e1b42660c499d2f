"""Mark published opportunities whose expiry date has passed as expired."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crosscluster.marketplace import services


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--now {value!r} is not an ISO 8601 time; write e.g. 2026-11-27T00:00:00+00:00."
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Command(BaseCommand):
    help = "Expire published opportunities whose expiry date is before --now (default: now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", type=str, default=None, help="ISO 8601 time (tests, replays).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = _moment(options["now"]) if options["now"] else timezone.now()
        count = services.expire_opportunities(now=now)
        self.stdout.write(f"{count} opportunit{'y' if count == 1 else 'ies'} expired.")
