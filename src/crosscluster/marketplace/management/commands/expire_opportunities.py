"""Expire published opportunities whose expiry date is before --now (default: now)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from crosscluster.core.management.moment import add_now_argument, moment_from_option
from crosscluster.core.management.translated import TranslatedHelpCommand
from crosscluster.marketplace import services


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Expire published opportunities whose expiry date is before --now (default: now)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_now_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.expire_opportunities(now=moment_from_option(options["now"]))
        self.stdout.write(f"{count} opportunit{'y' if count == 1 else 'ies'} expired.")
