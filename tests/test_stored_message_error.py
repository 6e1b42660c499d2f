"""One way to keep an error's message for a later reader (``core.stored_text``): the file
readers' errors (an import's table, an archive) are :class:`StoredMessageError`s."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from crosscluster.archives.files import ArchiveFileError
from crosscluster.core import stored_text
from crosscluster.core.stored_text import StoredMessageError
from crosscluster.imports.files import UnreadableFileError

#: a catalogue string with a placeholder, translated in every catalogue
MESSAGE = gettext_noop(
    "The archive is over %(megabytes)s MB: export the partnership without its documents or "
    "raise the limit."
)


def test_the_message_is_stored_worded_in_the_readers_language_and_english_in_logs() -> None:
    error = StoredMessageError(MESSAGE, megabytes=500)
    assert str(error) == MESSAGE % {"megabytes": 500}
    assert stored_text.english(error.stored) == str(error)
    with translation.override("de"):
        worded = error.worded()
        assert worded == translation.gettext(MESSAGE) % {"megabytes": 500}
    assert worded != str(error)
    assert "500" in worded


@pytest.mark.parametrize(
    ("error", "logged"),
    [
        (UnreadableFileError(MESSAGE, megabytes=5), MESSAGE % {"megabytes": 5}),
        (
            ArchiveFileError(MESSAGE, field="file", megabytes=5),
            "file: " + MESSAGE % {"megabytes": 5},
        ),
    ],
)
def test_the_file_readers_errors_keep_their_message_the_one_way(
    error: StoredMessageError, logged: str
) -> None:
    assert isinstance(error, StoredMessageError)
    assert isinstance(error, ValueError)  # callers that catch ValueError still do
    assert str(error) == logged
    assert error.stored == stored_text.store(MESSAGE, megabytes=5)
    with translation.override("fr"):
        assert error.worded() == translation.gettext(MESSAGE) % {"megabytes": 5}
