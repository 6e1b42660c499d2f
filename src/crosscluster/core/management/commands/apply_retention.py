"""Apply the retention rules (docs/security.md "Retention"): old export files, accounts never
verified, accounts unused for years. Run daily (cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from crosscluster.core.management.moment import add_now_argument, moment_from_option
from crosscluster.core.management.translated import TranslatedHelpCommand
from crosscluster.core.personal_data import list_rules


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        'Apply the retention rules (docs/security.md "Retention"): old export files, accounts never verified, accounts unused for years. Run daily (cron or a systemd timer).'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_now_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        now = moment_from_option(options["now"])
        for rule in list_rules():
            count = rule.apply(now)
            self.stdout.write(f"{rule.name}: {count} removed")
