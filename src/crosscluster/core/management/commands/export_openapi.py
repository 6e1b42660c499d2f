"""Write the OpenAPI schema (the committed snapshot lives in docs/openapi.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext_noop
from ninja.responses import NinjaJSONEncoder

from crosscluster.core.management.translated import TranslatedHelpCommand


def openapi_text() -> str:
    from crosscluster.config.api import api

    # built from the code, never read from the schema cache: the drift test compares this
    schema = api.build_openapi_schema("/api/v1")
    return json.dumps(schema, indent=2, sort_keys=True, cls=NinjaJSONEncoder) + "\n"


class Command(TranslatedHelpCommand):
    help = gettext_noop("Print or write the OpenAPI 3 schema of the REST API.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        text = openapi_text()
        if options["output"] is None:
            self.stdout.write(text, ending="")
        else:
            options["output"].write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {options['output']}")
