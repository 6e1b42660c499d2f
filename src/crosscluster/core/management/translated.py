"""Management commands whose help speaks the terminal's language (issue 14).

``crosscluster <command> --help`` runs inside the terminal's language (``crosscluster.cli``).
A command's ``help`` is marked for the catalogues with ``gettext_noop`` and translated when
its parser is made; its arguments' ``help=`` texts call ``gettext`` in ``add_arguments``,
which runs at that moment too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext


class TranslatedHelpCommand(BaseCommand):
    """A command whose ``help`` (an English catalogue string) is shown in the active language."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = gettext(self.help) if self.help else self.help
        return super().create_parser(prog_name, subcommand, **kwargs)
