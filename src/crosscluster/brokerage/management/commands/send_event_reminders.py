"""E-mail B2B participants what is due: the reminder before the event and the outcome-survey
invitations (right after the event, six months later). Each e-mail goes once per participant;
run it hourly from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from crosscluster.brokerage import documents
from crosscluster.core.management.moment import add_now_argument, moment_from_option
from crosscluster.core.management.translated import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "E-mail B2B participants what is due: the reminder before the event and the outcome-survey invitations (right after the event, six months later). Each e-mail goes once per participant; run it hourly from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_now_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = documents.send_reminders(now=moment_from_option(options["now"]))
        self.stdout.write(
            f"{counts.total} e-mail(s) sent: {counts.before_event} reminder(s) before the event, "
            f"{counts.survey_after_event} survey invitation(s) after the event, "
            f"{counts.survey_six_months} six-month survey invitation(s)."
        )
