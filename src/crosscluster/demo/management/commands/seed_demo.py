"""Load the demo partnership from the public data shipped in crosscluster/data (idempotent)."""

from __future__ import annotations

import datetime as dt
import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from crosscluster.core.management.translated import TranslatedHelpCommand
from crosscluster.demo import accounts
from crosscluster.demo.loader import DemoError, StageResult, load_demo, reset_demo


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            gettext("--today: %(value)r is not a date; use YYYY-MM-DD.") % {"value": value}
        ) from error


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Load the demo: reference data, organisations from the EDIH catalogue and CORDIS, the DIA partnership as published, an illustrative work plan, members and events. Safe to run again: what is loaded is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help=gettext(
                "Date the illustrative upcoming events are placed around (YYYY-MM-DD; default: today)."
            ),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=gettext("Delete the demo's rows and load it again."),
        )
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            # argparse fills its own %(...)s in help texts: the value's % signs are doubled
            help=(
                gettext(
                    "Also create role accounts (coordinator, manager, member, admin @%(domain)s) "
                    "for local demos; password from $%(variable)s or %(password)r."
                )
                % {
                    "domain": accounts.DEMO_DOMAIN,
                    "variable": accounts.PASSWORD_VARIABLE,
                    "password": accounts.DEFAULT_PASSWORD,
                }
            ).replace("%", "%%"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: dt.date = options["today"] or timezone.localdate()
        with_demo_users: bool = options["with_demo_users"]
        password = os.environ.get(accounts.PASSWORD_VARIABLE, "")
        if with_demo_users and not password and not settings.DEBUG:
            raise CommandError(
                gettext(
                    "--with-demo-users: refusing the documented demo password outside debug "
                    "mode; set %(variable)s or leave out --with-demo-users."
                )
                % {"variable": accounts.PASSWORD_VARIABLE}
            )
        started = time.perf_counter()
        try:
            if options["reset"]:
                self.stdout.write(f"Reset: {reset_demo()}.")
            accounts_existed = accounts.demo_users_exist()
            results = load_demo(
                data_dir=settings.DATA_DIR,
                today=today,
                with_demo_users=with_demo_users,
                password=password or accounts.DEFAULT_PASSWORD,
                report=self._report,
            )
        except DemoError as error:
            raise CommandError(str(error)) from error
        if not results:
            self.stdout.write(
                "The demo is already loaded; nothing to do (use --reset to rebuild it)."
            )
            return
        skipped = results[0].total - len(results)
        kept = f" ({skipped} stages were already loaded and kept)" if skipped else ""
        self.stdout.write(
            self.style.SUCCESS(f"Demo loaded in {time.perf_counter() - started:.1f} s{kept}.")
        )
        if with_demo_users and not accounts_existed:
            self._announce_accounts(password or accounts.DEFAULT_PASSWORD)

    def _report(self, result: StageResult) -> None:
        self.stdout.write(result.line())
        self.stdout.flush()

    def _announce_accounts(self, password: str) -> None:
        emails = ", ".join(account.email for account in accounts.DEMO_ACCOUNTS)
        self.stdout.write(f"Demo accounts: {emails}")
        self.stdout.write(f"Password (shown once): {password}")
        self.stdout.write(
            self.style.WARNING(
                "These accounts are for local demos only: do not load them on a public server."
            )
        )
