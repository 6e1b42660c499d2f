"""The ``date`` filter, built in (settings ``TEMPLATES``) in place of Django's: the same formats,
month and day names in the active language's case (``core.dates``)."""

from __future__ import annotations

from typing import Any

from django import template

from crosscluster.core.dates import format_date, format_iso_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    if value in (None, ""):
        return ""
    try:
        return format_date(value, arg or "DATE_FORMAT")
    except (AttributeError, TypeError):
        return ""


@register.filter(is_safe=False)
def iso_date(value: Any, arg: str | None = None) -> str:
    """``{{ item.start_date|iso_date }}``: a date a snapshot stores as ISO text ("2026-01-01")
    in the reader's short date format ("01.01.2026" in German) (``core.dates``)."""
    return format_iso_date(value, arg or "SHORT_DATE_FORMAT")
