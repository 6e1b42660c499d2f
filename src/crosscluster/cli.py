"""The ``crosscluster`` console script.

``crosscluster match|tag|schedule|markets|network ...`` run the engines on files, without a database
(each engine package has a ``cli`` module with ``main(argv) -> int``). Every other command is a
Django management command (``crosscluster migrate``, ``crosscluster seed_demo``, ``crosscluster
serve`` ...).

The help and the commands' messages are in the terminal's language (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``, as gettext reads them: ``LANG=de_DE.UTF-8`` is German), English
for ``C``/``POSIX`` or a language the platform does not offer.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping

ENGINE_COMMANDS = {
    "match": "crosscluster.engines.matching.cli",
    "tag": "crosscluster.engines.matching.cli",
    "schedule": "crosscluster.engines.scheduling.cli",
    "markets": "crosscluster.engines.ranking.cli",
    "network": "crosscluster.engines.network.cli",
}


def _(text: str) -> str:
    """Marks a text for the catalogues; it is translated where it is shown."""
    return text


ENGINE_HELP = (
    ("match", _("rank providers for needs"), "crosscluster match --help"),
    ("tag", _("suggest taxonomy tags"), "crosscluster tag --help"),
    ("schedule", _("schedule B2B meetings"), "crosscluster schedule --help"),
    ("markets", _("rank priority markets"), "crosscluster markets rank --help"),
    ("network", _("suggest partners from projects"), "crosscluster network suggest --help"),
)
USAGE = _("usage: crosscluster COMMAND [ARGS]")
ENGINE_TITLE = _("Engine commands (files in, JSON out; no database):")
PLATFORM_TITLE = _("Platform commands (Django management commands of crosscluster):")
DJANGO_LINE = _("Django's own commands (migrate, createsuperuser, db_worker, ...): %(command)s")


#: Long-running services: each request, task or e-mail chooses its own language (the viewer's,
#: the requester's, the recipient's); the terminal's language must not become their default.
SERVICE_COMMANDS = frozenset(
    {"serve", "runserver", "worker", "db_worker", "matching_worker", "run_marketplace_worker"}
)


def terminal_language(environ: Mapping[str, str]) -> str:
    """The offered language the terminal's locale names (first of ``LANGUAGE``, ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``); English for ``C``, ``POSIX`` or one not offered."""
    from django.conf import settings

    from crosscluster.engines.text import terminal_language as from_environment

    offered = {code for code, _name in settings.LANGUAGES}
    return from_environment(environ, offered=offered, default=str(settings.LANGUAGE_CODE))


def render_help() -> str:
    """The console script's help in the active language."""
    from django.utils.translation import gettext

    engines = "".join(
        f"  {name:10} {gettext(summary):32} {example}\n" for name, summary, example in ENGINE_HELP
    )
    listing = "".join(f"  {name:27} {summary}\n" for name, summary in platform_commands())
    return (
        f"{gettext(USAGE)}\n\n{gettext(ENGINE_TITLE)}\n{engines}\n"
        f"{gettext(PLATFORM_TITLE)}\n{listing}\n"
        + gettext(DJANGO_LINE) % {"command": "crosscluster help"}
        + "\n"
    )


def platform_commands() -> list[tuple[str, str]]:
    """(name, first line of help) of every management command that crosscluster's apps define."""
    from django.core.management import get_commands, load_command_class
    from django.utils.translation import gettext

    _set_up_django()
    commands = []
    for name, app in sorted(get_commands().items()):
        if app.startswith("crosscluster."):
            help_text = " ".join(gettext(str(load_command_class(app, name).help or "")).split())
            summary = help_text.split(". ")[0].rstrip(".")
            commands.append((name, summary if len(summary) <= 72 else summary[:71] + "…"))
    return commands


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        _set_up_django()
        from django.utils import translation

        with translation.override(terminal_language(os.environ)):
            sys.stdout.write(render_help())
        return 0
    module_name = ENGINE_COMMANDS.get(args[0])
    if module_name is not None:
        module = importlib.import_module(module_name)
        result: int = module.main(args)
        return result
    from django.core.management import execute_from_command_line

    language = _terminal_language_if_set_up()
    if language is None or args[0] in SERVICE_COMMANDS:
        # settings refused (Django's own handling says why), or a service (see above)
        execute_from_command_line(["crosscluster", *args])
        return 0
    from django.utils import translation

    with translation.override(language):
        execute_from_command_line(["crosscluster", *args])
    return 0


def _set_up_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosscluster.config.settings")
    import django

    django.setup()


def _terminal_language_if_set_up() -> str | None:
    from django.core.exceptions import ImproperlyConfigured

    try:
        _set_up_django()
    except ImproperlyConfigured:
        return None
    return terminal_language(os.environ)


if __name__ == "__main__":
    raise SystemExit(main())
