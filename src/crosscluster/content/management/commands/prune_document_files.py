"""Delete stored document files that no document refers to."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from crosscluster.content import services
from crosscluster.core.management.translated import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Delete stored document files that no document refers to and that are older than --older-than-hours (default 24), e.g. left by a crash between storing and recording."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-hours", type=float, default=24.0)
        parser.add_argument("--dry-run", action="store_true", help=gettext("List, do not delete."))

    def handle(self, *args: Any, **options: Any) -> None:
        older_than = timezone.now() - timedelta(hours=options["older_than_hours"])
        orphans = services.prune_orphan_files(older_than=older_than, dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        for name in orphans:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(f"{len(orphans)} orphan file(s) {verb}.")
