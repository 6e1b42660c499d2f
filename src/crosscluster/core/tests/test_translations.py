"""The rules of texts in further languages (core.translations): what a reader sees, and what a
translation may hold. The apps' pages and API are tested in content, marketplace and strategy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import pytest
from django.utils import translation

from crosscluster.core.translations import TextTranslation, for_reader, language_errors

ORIGINALS = {"title": "Partners meet", "body": "They met in Munich."}


@dataclass
class Held:
    """A translation as the apps' tables hold it (core knows no app's table)."""

    language: str
    texts: dict[str, str]
    sources: dict[str, str] = field(default_factory=dict)
    outdated = TextTranslation.outdated


def _german(**sources: str) -> TextTranslation:
    held = Held(
        language="de",
        texts={"title": "Partner treffen sich", "body": "Sie trafen sich in München."},
        sources={**ORIGINALS, **sources},
    )
    return cast(TextTranslation, held)


def test_a_reader_with_a_current_translation_reads_it_without_the_note() -> None:
    shown = for_reader(
        originals=ORIGINALS, original_language="en", language="de", translation=_german()
    )
    assert shown["title"] == "Partner treffen sich"
    assert shown.lang("body") == "de"
    assert shown.written_in == ""
    assert shown.translated


def test_a_changed_original_is_shown_as_written_with_the_note() -> None:
    shown = for_reader(
        originals=ORIGINALS,
        original_language="en",
        language="de",
        translation=_german(body="They met in Berlin."),  # translated from an older text
    )
    assert shown["title"] == "Partner treffen sich"
    assert shown["body"] == "They met in Munich."
    assert shown.lang("body") == "en"
    assert shown.written_in == "en"
    assert _german(body="They met in Berlin.").outdated(ORIGINALS) == ["body"]


def test_without_a_translation_the_original_and_in_its_own_language_no_note() -> None:
    shown = for_reader(originals=ORIGINALS, original_language="en", language="sv", translation=None)
    assert shown.texts == ORIGINALS
    assert shown.written_in == "en"
    english = for_reader(
        originals=ORIGINALS, original_language="en", language="en", translation=_german()
    )
    assert english.texts == ORIGINALS  # a translation never replaces the original's language
    assert english.written_in == ""


@pytest.mark.parametrize(
    ("language", "refused"),
    [("de", False), ("en", True), ("nl", True), ("de-AT", True), ("", True)],
)
def test_a_translation_is_into_an_offered_language_other_than_the_original(
    language: str, refused: bool
) -> None:
    with translation.override("en"):
        errors = language_errors(language, "en")
    assert bool(errors) is refused
    if refused:
        assert list(errors) == ["language"]


@pytest.mark.parametrize(("reader", "name"), [("de", "Englisch"), ("it", "inglese")])
def test_the_originals_language_is_named_not_coded(reader: str, name: str) -> None:
    """qa5: "Die Texte sind auf en geschrieben" named the original's language by its code."""
    with translation.override(reader):
        message = language_errors("en", "en")["language"][0]
    assert name in message
    assert " en " not in message
