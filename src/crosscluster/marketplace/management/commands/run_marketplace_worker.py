"""The marketplace's background worker: embed profiles and compute stale matches."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from crosscluster.marketplace import tasks


class Command(BaseCommand):
    help = (
        "Embed changed profiles and recompute the matches of opportunities that changed (or "
        "whose pool of providers changed). Runs forever unless --once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between passes.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            count = tasks.run_pending(now=timezone.now())
            if count:
                self.stdout.write(f"matched {count} opportunit{'y' if count == 1 else 'ies'}")
            if options["once"]:
                return
            time.sleep(options["interval"])
