"""Field validation for services: collect every problem, then raise one ``ValidationError``.

Services validate their input before they write anything, so a failed call leaves nothing
half-written. Each message names the field (the error's key) and says how to fix it::

    errors = FieldErrors()
    title = errors.text("title", header.title, limit=200, required="Give the strategy a title.")
    errors.raise_if_any()
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def choose_one_of(choices: Iterable[str]) -> str:
    """The message for a value that is not one of ``choices``."""
    return _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices)}


def at_most(limit: int, count: int) -> str:
    """The message for a text of ``count`` characters over ``limit``."""
    return _("Use at most %(limit)s characters (now %(count)s).") % {"limit": limit, "count": count}


class FieldErrors:
    """Problems found so far, per field, in the order they were found."""

    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.messages)

    def __contains__(self, field: str) -> bool:
        return field in self.messages

    def add(self, field: str, message: str) -> None:
        self.messages.setdefault(field, []).append(message)

    def text(self, field: str, value: str | None, *, limit: int, required: str = "") -> str:
        """``value`` stripped; a problem if it is empty while ``required`` or over ``limit``."""
        cleaned = (value or "").strip()
        if required and not cleaned:
            self.add(field, required)
        if len(cleaned) > limit:
            self.add(field, at_most(limit, len(cleaned)))
        return cleaned

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)
