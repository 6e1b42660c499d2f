"""Messages written when something happens and read later, in the reader's language.

A background job that fails (an export, a scheduler run, an import) keeps a message for the
person who reads it later, on a page or through the API, in whatever language they read. The
job cannot translate it (it runs in no one's language), so it stores the catalogue string (an
English msgid marked with ``gettext_noop``) and its values as JSON in the row's text field::

    from django.utils.translation import gettext_noop

    run.error = stored_text.store(
        gettext_noop("The run did not finish within %(minutes)d minutes."), minutes=30
    )

and the page (``{{ run.error|stored_text }}``) or the API (``stored_text.word(run.error)``)
puts it into words in the active language. Text stored before (plain English) and text that
was never a catalogue string (a validation message made in the worker) is shown as it is.

An exception whose message is read later (a file that cannot be read, raised where no one's
language is active) is a :class:`StoredMessageError`: it keeps the catalogue string and its
values, ``.stored`` is what a row keeps, ``.worded()`` the message in the active language and
``str()`` the English sentence (logs).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext

#: the key that tells a stored message from plain text
_MARK = "stored_message"


def store(message: str, /, **parameters: Any) -> str:
    """The text to keep for ``message`` (an English msgid marked with ``gettext_noop``, with
    named placeholders) and its ``parameters`` (plain JSON values: numbers, strings)."""
    return json.dumps(
        {_MARK: message, "parameters": parameters}, ensure_ascii=False, sort_keys=True
    )


class StoredMessageError(ValueError):
    """An error whose message is a catalogue string (marked with ``gettext_noop``, named
    placeholders) and its ``values``, kept to be worded where it is read."""

    def __init__(self, message: str, /, **values: Any) -> None:
        super().__init__(_fill(message, values))
        self.message, self.values = message, values

    @property
    def stored(self) -> str:
        """The message as :func:`store` keeps it (a row's text field)."""
        return store(self.message, **self.values)

    def worded(self) -> str:
        """The message in the active language (:func:`word`)."""
        return word(self.stored)


def english(text: str) -> str:
    """The stored ``text`` in English, as the catalogue string reads (logs, admin)."""
    parsed = _parse(text)
    if parsed is None:
        return text
    message, parameters = parsed
    return _fill(message, parameters)


def word(text: str) -> str:
    """The stored ``text`` in the active language: a stored message translated and filled in;
    anything else (plain text, an older row's English) as it is."""
    parsed = _parse(text)
    if parsed is None:
        return text
    message, parameters = parsed
    try:
        return gettext(message) % parameters if parameters else gettext(message)
    except (KeyError, TypeError, ValueError):  # a translation whose placeholders do not fit
        return _fill(message, parameters)


def _fill(message: str, parameters: dict[str, Any]) -> str:
    try:
        return message % parameters if parameters else message
    except (KeyError, TypeError, ValueError):
        return message


def _parse(text: str) -> tuple[str, dict[str, Any]] | None:
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get(_MARK), str):
        return None
    parameters = data.get("parameters")
    return data[_MARK], parameters if isinstance(parameters, dict) else {}
