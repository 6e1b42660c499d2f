"""The matching worker: warm up (model, auto-tagger, provider index), then run the task worker.

``crosscluster matching_worker`` is ``crosscluster worker --queue-name matching --no-reload``
preceded by :func:`crosscluster.marketplace.jobs.warm_up`, so the first need published after a
restart is matched by a worker that already holds the embedding model and the provider index
(docs/marketplace.md, docs/engines/matching.md "First matches end to end").
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from crosscluster.core.management.translated import TranslatedHelpCommand
from crosscluster.core.tasks import MATCHING_QUEUE
from crosscluster.marketplace import jobs

logger = logging.getLogger(__name__)


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Load the matching model and provider index, then run the django-tasks worker on the matching queue (what `make serve` starts)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help=gettext("Seconds between polls (default 1)."),
        )
        parser.add_argument(
            "--no-warm-up", action="store_true", help=gettext("Start polling at once, cold.")
        )
        parser.add_argument(
            "--warm-up-only", action="store_true", help=gettext("Warm up, report, and exit.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_warm_up"]:
            try:
                timings = jobs.warm_up(now=timezone.now())
            except Exception:  # a worker that cannot warm up still serves (cold)
                logger.exception("matching warm-up failed; the first pass will load everything")
            else:
                self.stdout.write(
                    "matching worker ready: "
                    + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items()),
                )
                self.stdout.flush()
        if options["warm_up_only"]:
            return
        call_command(
            "worker",
            "--queue-name",
            MATCHING_QUEUE,
            "--no-reload",
            "--interval",
            str(options["interval"]),
        )
