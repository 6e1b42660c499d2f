"""The ``crosscluster`` console script.

``crosscluster match|tag|schedule|markets|network ...`` run the engines on files, without a database
(each engine package has a ``cli`` module with ``main(argv) -> int``). Every other command is a
Django management command (``crosscluster migrate``, ``crosscluster seed_demo``, ``crosscluster
serve`` ...).
"""

from __future__ import annotations

import importlib
import os
import sys

ENGINE_COMMANDS = {
    "match": "crosscluster.engines.matching.cli",
    "tag": "crosscluster.engines.matching.cli",
    "schedule": "crosscluster.engines.scheduling.cli",
    "markets": "crosscluster.engines.ranking.cli",
    "network": "crosscluster.engines.network.cli",
}

HELP = """usage: crosscluster COMMAND [ARGS]

Engine commands (files in, JSON out; no database):
  match      rank providers for needs        crosscluster match --help
  tag        suggest taxonomy tags           crosscluster tag --help
  schedule   schedule B2B meetings           crosscluster schedule --help
  markets    rank priority markets           crosscluster markets rank --help
  network    suggest partners from projects  crosscluster network suggest --help

Platform commands (Django management commands of crosscluster):
{platform}
Django's own commands (migrate, createsuperuser, db_worker, ...): crosscluster help
"""


def platform_commands() -> list[tuple[str, str]]:
    """(name, first line of help) of every management command that crosscluster's apps define."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosscluster.config.settings")
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    commands = []
    for name, app in sorted(get_commands().items()):
        if app.startswith("crosscluster."):
            help_text = " ".join(str(load_command_class(app, name).help or "").split())
            summary = help_text.split(". ")[0].rstrip(".")
            commands.append((name, summary if len(summary) <= 72 else summary[:71] + "…"))
    return commands


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        listing = "".join(f"  {name:27} {summary}\n" for name, summary in platform_commands())
        sys.stdout.write(HELP.format(platform=listing))
        return 0
    module_name = ENGINE_COMMANDS.get(args[0])
    if module_name is not None:
        module = importlib.import_module(module_name)
        result: int = module.main(args)
        return result
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosscluster.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["crosscluster", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
