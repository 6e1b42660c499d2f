"""Languages: which one a request or a person prefers, and rendering in a recipient's language.

A person's saved preference (``accounts.User.language``; empty means "the browser's") decides
the language of what is rendered for them away from a request: e-mails, generated documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from crosscluster.core.icu import locale as icu_locale
from crosscluster.core.icu import module as icu_module


def active_language(language: str | None = None) -> str:
    """The base code of ``language`` ("de-AT" -> "de"), by default of the active language, else
    of ``settings.LANGUAGE_CODE`` (translations deactivated)."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def supported_language(code: str | None) -> str | None:
    """``code`` as one of ``settings.LANGUAGES`` ("de-AT" -> "de"), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def language_of(person: object) -> str:
    """The language to write to ``person`` in: their saved preference, else the site's."""
    return supported_language(getattr(person, "language", "")) or settings.LANGUAGE_CODE


def preferred_language(request: HttpRequest) -> str:
    """The viewer's language where the address names none: the signed-in person's saved
    preference, else the language cookie (the switcher's), else Accept-Language."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        saved = supported_language(getattr(user, "language", ""))
        if saved:
            return saved
    return translation.get_language_from_request(request, check_path=False)


@contextmanager
def language_for(person: object) -> Iterator[str]:
    """Render in ``person``'s language inside the block (e-mails, documents for them)."""
    language = language_of(person)
    with translation.override(language):
        yield language


def content_language(text: str, *, author: object = None) -> str:
    """The language a text people wrote is in: the matching engine's detector when the text is
    long enough to tell, else the author's saved language, else the language they were writing
    in (the active one)."""
    from crosscluster.engines.matching.language import detect_language

    detected = detect_language(text) if len(text.strip()) >= 40 else None
    if detected:
        return detected
    saved = supported_language(getattr(author, "language", ""))
    return saved or supported_language(translation.get_language()) or settings.LANGUAGE_CODE


def language_label(code: str) -> str:
    """A language's name in the active language ("de" -> "German", "Deutsch" in German)."""
    try:
        return str(translation.gettext(translation.get_language_info(code)["name"]))
    except KeyError:
        return code


#: languages that write a language's name in lower case inside a sentence ("rédigé en
#: anglais", "escrito en inglés"); English and German capitalise it ("Written in English")
_NAMES_IN_LOWER_CASE = frozenset({"fr", "es", "it", "pt", "sv"})


def language_in_sentence(code: str) -> str:
    """A language's name as it stands inside a sentence of the active language: "anglais" in
    "Rédigé en anglais.", where the name alone (a list, a table's row) is "Anglais"."""
    name = language_label(code)
    if active_language() in _NAMES_IN_LOWER_CASE and name:
        return name[0].lower() + name[1:]
    return name


@lru_cache(maxsize=16)
def _percent_format(language: str, decimals: int) -> Any:
    """ICU's percent format for ``language`` (CLDR: "67%" in English, "67 %" in German,
    French and Swedish), up to ``decimals`` decimals; None where the ICU wheel is missing."""
    icu, locale = icu_module(), icu_locale(language)
    if icu is None or locale is None:
        return None
    number_format = icu.NumberFormat.createPercentInstance(locale)
    number_format.setMaximumFractionDigits(decimals)
    return number_format


def format_percent(share: float, decimals: int = 2) -> str:
    """A share (0.667) as a percentage written the active language's way ("66.7%" in English,
    "66,7 %" in German and French), up to ``decimals`` decimals."""
    number_format = _percent_format(active_language(), decimals)
    if number_format is None:
        return f"{round(share * 100, decimals):g}%"
    return str(number_format.format(share))
