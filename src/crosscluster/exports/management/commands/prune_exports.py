"""Delete finished exports asked for more than --days days before --now (default: 7 days)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext, gettext_noop

from crosscluster.core.management.moment import add_now_argument, moment_from_option
from crosscluster.core.management.translated import TranslatedHelpCommand
from crosscluster.exports import services


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Delete finished exports asked for more than --days days before --now (default: 7 days)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_now_argument(parser)
        parser.add_argument(
            "--days", type=int, default=7, help=gettext("Keep this many days (default 7).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.prune_exports(
            older_than=dt.timedelta(days=options["days"]), now=moment_from_option(options["now"])
        )
        self.stdout.write(f"{count} export{'' if count == 1 else 's'} deleted.")
