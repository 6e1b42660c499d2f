"""Move cluster validations whose year is over to "expired" (run daily, e.g. from cron)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from crosscluster.directory import services


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--now",
            help="Pretend it is this moment (ISO 8601, e.g. 2026-03-01T00:00:00+00:00).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["now"]:
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError(
                    f"--now {options['now']!r} is not an ISO 8601 moment: "
                    "use e.g. 2026-03-01T00:00:00+00:00."
                ) from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now, dt.UTC)
        expired = services.expire_cluster_validations(now=now)
        self.stdout.write(f"{expired} cluster validation(s) expired.")
