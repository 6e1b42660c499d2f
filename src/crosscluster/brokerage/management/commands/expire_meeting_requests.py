"""Expire meeting requests left unanswered past their deadline (run hourly, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from crosscluster.brokerage import services
from crosscluster.core.management.moment import add_now_argument, moment_from_option
from crosscluster.core.management.translated import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Expire meeting requests left unanswered past their deadline (run hourly, e.g. from cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_now_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        expired = services.expire_requests(now=moment_from_option(options["now"]))
        self.stdout.write(f"{expired} meeting request(s) expired.")
