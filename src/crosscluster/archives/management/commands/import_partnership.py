"""Import a partnership archive (the .zip its export made) as a new partnership, all or nothing.

crosscluster import_partnership DIA-partnership-archive-2026-12-06.zip [--slug dia-copy]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from crosscluster.archives import services


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The archive (.zip).")
        parser.add_argument(
            "--slug", default="", help="Import under this slug (default: the archived one)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                gettext("file: cannot read %(path)s (%(reason)s).")
                % {"path": path, "reason": error.strerror}
            ) from None
        try:
            result = services.import_archive(content=content, slug=options["slug"])
        except services.ArchiveImportError as error:
            raise CommandError(services.describe_error(error)) from None
        rows = sum(result["counts"].values())
        self.stdout.write(
            f"Imported {result['slug']}: {rows} rows, "
            f"{result['matched_organisations']} organisations matched to existing ones. "
            "Nothing else was changed; name its coordinators on the partnership's page."
        )
