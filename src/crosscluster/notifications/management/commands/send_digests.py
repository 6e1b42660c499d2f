"""E-mail the daily digest of notifications to everybody who chose it for some kind: the
notices of the days before today, once. Run it daily from cron (running it again the same day
sends nothing more)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from crosscluster.core.management.moment import add_now_argument, moment_from_option
from crosscluster.core.management.translated import TranslatedHelpCommand
from crosscluster.notifications import jobs


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "E-mail the daily digest of notifications to everybody who chose it for some kind: the notices of the days before today, once. Run it daily from cron (running it again the same day sends nothing more)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_now_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        now = moment_from_option(options["now"])
        digests = jobs.send_digests(now=now)
        immediate = jobs.send_immediate(now=now)
        self.stdout.write(
            f"{digests} digest(s) sent; {immediate} immediate e-mail(s) that were still due."
        )
