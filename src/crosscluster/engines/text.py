"""The engines' command-line help in the terminal's language, without Django.

The engines' command lines (``crosscluster match|tag|schedule|markets|network``) run without
Django, so they read the platform's own compiled catalogues
(``crosscluster/locale/<language>/LC_MESSAGES/django.mo``, made by ``make compilemessages``)
with the standard library's gettext. The language is the terminal's, chosen as the console
script chooses it for the platform's commands: the first of ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG`` (``LANG=de_DE.UTF-8`` is German), English for ``C``/``POSIX`` or a
language not offered. Only the help is translated: what the engines print (JSON lines, the
one-line ``error: <place>: <problem>`` messages) is a contract that scripts read, the same in
every language.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import os
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

#: The platform's languages (``settings.LANGUAGES``; a test keeps the two the same).
LANGUAGES = ("en", "pt", "es", "fr", "it", "de", "sv")

_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def terminal_language(
    environ: Mapping[str, str], *, offered: Collection[str] = LANGUAGES, default: str = "en"
) -> str:
    """The offered language the terminal's locale names; ``default`` for ``C``, ``POSIX`` or a
    language not offered."""
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            code = value.split(":")[0].split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in offered else default
    return default


@lru_cache(maxsize=len(LANGUAGES))
def _catalogue(language: str) -> stdlib_gettext.NullTranslations:
    return stdlib_gettext.translation(
        "django", localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def gettext(message: str) -> str:
    """``message`` in the terminal's language (as written when no catalogue has it)."""
    return _catalogue(terminal_language(os.environ)).gettext(message)


def gettext_noop(message: str) -> str:
    """Marks a text for the catalogues where it is defined; ``gettext`` translates it where it
    is shown."""
    return message
