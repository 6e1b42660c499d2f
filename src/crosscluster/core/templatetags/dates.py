"""The ``date`` filter, built in (settings ``TEMPLATES``) in place of Django's: the same formats,
month and day names in the active language's case (``core.dates``)."""

from __future__ import annotations

from typing import Any

from django import template

from crosscluster.core.dates import format_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    if value in (None, ""):
        return ""
    try:
        return format_date(value, arg or "DATE_FORMAT")
    except (AttributeError, TypeError):
        return ""
