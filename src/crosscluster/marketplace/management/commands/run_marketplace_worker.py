"""Deprecated: the marketplace's old polling worker, kept as a thin alias for a while.

Matching now runs as a django-tasks task (``marketplace.tasks.refresh_matches_task``, queue
"matching") that the services enqueue; the one worker for every app is
``crosscluster worker --queue-name '*'`` (docs/adr/0003-background-work-with-django-tasks.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from crosscluster.core.management.translated import TranslatedHelpCommand
from crosscluster.core.tasks import MATCHING_QUEUE
from crosscluster.marketplace import jobs


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Deprecated: use `crosscluster worker --queue-name '*'`. With --once, one matching pass now (also catches up opportunities stamped before any task was enqueued); otherwise runs the django-tasks worker on the matching queue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help=gettext("One matching pass, then exit.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stderr.write(
            "run_marketplace_worker is deprecated; run `crosscluster worker --queue-name '*'`."
        )
        if options["once"]:
            count = jobs.run_pending(now=timezone.now())
            self.stdout.write(f"matched {count} opportunit{'y' if count == 1 else 'ies'}")
            return
        call_command("worker", "--queue-name", MATCHING_QUEUE)
