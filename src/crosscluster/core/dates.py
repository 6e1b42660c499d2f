"""Dates written as each language writes them: month and day names in lower case in Portuguese,
Spanish, French, Italian and Swedish ("ter 8 dez 2026", "tis 8 dec 2026"), capitalised in
English and German.

Django's date formatting capitalises where these languages do not: ``M`` is always title-cased
("Dec" in Swedish), and its Portuguese and Italian catalogues capitalise the names ("Dezembro",
"Martedì"). Pages get this through the ``date`` template filter (``core.templatetags.dates``, a
built-in that stands in for Django's), code through :func:`format_date`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat
from django.utils.formats import get_format

from crosscluster.core.i18n import active_language

#: languages that write month and day names in lower case (inside a sentence and in a date)
LOWER_CASE_NAMES = frozenset({"pt", "es", "fr", "it", "sv"})


def _names_in_lower_case() -> bool:
    return active_language() in LOWER_CASE_NAMES


class _DateFormat(dateformat.DateFormat):
    """Django's format characters; the six that write a name follow the active language's case."""

    def _case(self, name: str) -> str:
        return name.lower() if _names_in_lower_case() else name

    def D(self) -> str:  # noqa: N802  (Django's format characters)
        return self._case(super().D())

    def E(self) -> str:  # noqa: N802
        return self._case(super().E())

    def F(self) -> str:  # noqa: N802
        return self._case(super().F())

    def M(self) -> str:  # noqa: N802
        return self._case(super().M())

    def N(self) -> str:  # noqa: N802
        return self._case(super().N())

    def l(self) -> str:  # noqa: E743
        return self._case(super().l())


def format_date(value: dt.date | dt.datetime, format_string: str) -> str:
    """``value`` in ``format_string`` (Django's characters, or a setting's name such as
    ``"DATE_FORMAT"``), its month and day names in the active language's case."""
    return _DateFormat(value).format(str(get_format(format_string)))


def format_iso_date(value: object, format_string: str = "SHORT_DATE_FORMAT") -> str:
    """A date stored as ISO text ("2026-01-01", as in snapshots) or a date, in
    ``format_string`` ("01.01.2026" in German); any other text ("…") unchanged, None blank."""
    if isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value), format_string)
        except ValueError:
            return value
    if not isinstance(value, dt.date):
        return "" if value is None else str(value)
    return format_date(value, format_string)
