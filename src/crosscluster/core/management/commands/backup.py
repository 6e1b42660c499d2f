"""Write a backup archive of the database and the stored files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from crosscluster.core.backup import BackupError, create_backup
from crosscluster.core.management.translated import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Write a backup (.tar.gz) of the database and the stored files (uploads, exports), with a manifest of checksums; `crosscluster restore` brings it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=gettext("archive to write (default: VAR_DIR/backups/crosscluster-<time>.tar.gz)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        output = options["output"] or (
            settings.VAR_DIR / "backups" / f"crosscluster-{now:%Y%m%dT%H%M%SZ}.tar.gz"
        )
        started = time.perf_counter()
        try:
            summary = create_backup(output=output, files_dir=Path(settings.MEDIA_ROOT), now=now)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {summary.path} ({summary.engine} database {summary.database_bytes:,} bytes, "
            f"{summary.files} files {summary.files_bytes:,} bytes) in "
            f"{time.perf_counter() - started:.1f} s."
        )
