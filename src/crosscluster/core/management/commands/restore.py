"""Restore a backup archive made by `crosscluster backup`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext, gettext_noop

from crosscluster.core.backup import BackupError, restore_backup
from crosscluster.core.management.translated import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Replace the database and the stored files with a backup made by `crosscluster backup` (checksums checked first; stop the site and its workers before)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", type=Path, help=gettext("the .tar.gz made by `crosscluster backup`")
        )
        parser.add_argument(
            "--yes", action="store_true", help=gettext("do not ask; the current data is replaced")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                gettext(
                    "Restoring replaces every row and stored file of this site: add --yes to go on."
                )
            )
        started = time.perf_counter()
        try:
            manifest = restore_backup(
                archive=options["archive"], files_dir=Path(settings.MEDIA_ROOT)
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} ({manifest['engine']}, "
            f"{len(manifest['members']) - 1} stored files) in {time.perf_counter() - started:.1f} s."
        )
