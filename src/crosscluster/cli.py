"""The ``crosscluster`` console script.

``crosscluster match|tag|schedule|markets ...`` run the engines on files, without a database
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
}

HELP = """usage: crosscluster COMMAND [ARGS]

Engine commands (files in, JSON out; no database):
  match      rank providers for needs        crosscluster match --help
  tag        suggest taxonomy tags           crosscluster tag --help
  schedule   schedule B2B meetings           crosscluster schedule --help
  markets    rank priority markets           crosscluster markets rank --help

Platform commands (Django management):
  serve, migrate, seed_demo, createsuperuser, export_openapi, ...
  crosscluster help    lists them all
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        sys.stdout.write(HELP)
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
