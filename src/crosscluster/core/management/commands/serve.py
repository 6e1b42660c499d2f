"""Serve the site with waitress (static files through WhiteNoise)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop

from crosscluster.core.management.translated import TranslatedHelpCommand


class Command(TranslatedHelpCommand):
    help = gettext_noop(
        "Serve crosscluster on HOST:PORT with waitress (production-grade WSGI server)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.servers.basehttp import get_internal_wsgi_application
        from waitress import serve

        # settings.WSGI_APPLICATION, as gunicorn loads it (and its start-up warm-up)
        application = get_internal_wsgi_application()

        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"crosscluster is serving on http://{options['host']}:{options['port']}/")
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            # Refuse oversized uploads before Django spools them to disk.
            max_request_body_size=settings.DOCUMENT_MAX_BYTES + 1024 * 1024,
        )
