"""Queue a matching pass if opportunities wait for matches and none is queued (`make run` calls it
before starting the workers, so a pass cut short by a stopped worker is done again)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from crosscluster.core.management.translated import TranslatedHelpCommand
from crosscluster.marketplace import services


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Queue a matching pass if opportunities wait for matches and none is queued (`make run` calls it before starting the workers, so a pass cut short by a stopped worker is done again)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if services.enqueue_pending_matching():
            self.stdout.write(
                "A matching pass is queued for the opportunities waiting for matches."
            )
        else:
            self.stdout.write("No matching pass needed (nothing waits, or a pass is queued).")
