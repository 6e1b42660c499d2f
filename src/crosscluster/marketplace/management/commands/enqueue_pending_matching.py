"""Queue a matching pass if opportunities wait for matches and none is queued (`make run` calls it
before starting the workers, so a pass cut short by a stopped worker is done again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from crosscluster.marketplace import services


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        if services.enqueue_pending_matching():
            self.stdout.write(
                "A matching pass is queued for the opportunities waiting for matches."
            )
        else:
            self.stdout.write("No matching pass needed (nothing waits, or a pass is queued).")
