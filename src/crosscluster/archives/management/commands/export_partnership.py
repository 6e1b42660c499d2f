"""Write a partnership's archive (.zip: archive.json and its documents) to a file.

crosscluster export_partnership dia --output dia.zip
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext

from crosscluster.archives import queries


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The partnership's slug.")
        parser.add_argument("--output", type=Path, required=True, help="The .zip to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = queries.find_partnership(slug=options["slug"])
        if partnership is None:
            raise CommandError(
                gettext("slug: no partnership %(slug)r here.") % {"slug": options["slug"]}
            )
        content = queries.archive_bytes(partnership=partnership, now=timezone.now())
        options["output"].write_bytes(content)
        self.stdout.write(f"{options['output']}: {len(content):,} bytes.")
