"""Texts people wrote, held in further languages (issue 14; docs/languages.md).

An item (a news post, a need or an offer, a partnership's strategy) keeps its texts in the
language they were written in (its ``language``, "the original"). A translation holds them in
one more language: a mapping of text keys to texts (``{"title": ..., "body": ...}``; the
strategy's items are keyed per item, ``"offering:12.description"``) with the originals they
were made from (``sources``). A reader sees a translated text only while its original is the
one it was made from; an original changed since (or never translated) is shown as written,
marked with its ``lang`` and the note "written in ...". Search and matching read the originals.

The apps hold one concrete table each (:class:`TextTranslation` is abstract); the rules of
writing (:func:`save_translation`) and reading (:func:`for_reader`) are here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext

from crosscluster.core.i18n import language_in_sentence, supported_language

TEXT_LIMIT = 20_000


class TextTranslation(models.Model):
    """An item's texts in one more language than the one they were written in."""

    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    #: text key -> the text in ``language`` (only the texts translated)
    texts = models.JSONField(default=dict)
    #: text key -> the original the text was translated from (to tell when it changed)
    sources = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def outdated(self, originals: Mapping[str, str]) -> list[str]:
        """The keys whose original changed (or went) since they were translated."""
        return [key for key in self.texts if self.sources.get(key) != originals.get(key)]


Translation = TypeVar("Translation", bound=TextTranslation)


@dataclass(frozen=True)
class TranslatableText:
    """One text of an item that may be translated: its key, its label, its original."""

    key: str
    label: str | Promise
    original: str
    #: a translation must translate this one (a title): without it the rest is refused
    required: bool = False
    multiline: bool = True
    limit: int = TEXT_LIMIT


def originals_of(fields: Iterable[TranslatableText]) -> dict[str, str]:
    return {text.key: text.original for text in fields}


def language_errors(language: str, original_language: str) -> dict[str, list[str]]:
    """Why ``language`` cannot hold a translation of texts written in ``original_language``."""
    code = supported_language(language)
    if code is None or code != language:
        return {
            "language": [
                gettext("“%(language)s” is not offered: use en, pt, es, fr, it, de or sv.")
                % {"language": language}
            ]
        }
    if code == (original_language or settings.LANGUAGE_CODE):
        return {
            "language": [
                gettext("The texts are written in %(language)s: edit the original instead.")
                % {"language": language_in_sentence(code)}
            ]
        }
    return {}


def save_translation(
    *,
    model: type[Translation],
    owner: Mapping[str, Any],
    language: str,
    original_language: str,
    fields: Sequence[TranslatableText],
    texts: Mapping[str, str],
) -> Translation | None:
    """Hold ``texts`` as ``owner``'s texts in ``language`` (replacing what it held); no text
    left removes the translation (None). Bad input is refused whole, naming the text."""
    errors = language_errors(language, original_language)
    known = {text.key: text for text in fields}
    cleaned: dict[str, str] = {}
    for key, value in texts.items():
        if key not in known:
            errors[key] = [
                gettext("“%(key)s” is not a text of this item: use %(keys)s.")
                % {"key": key, "keys": ", ".join(known)}
            ]
        elif len(value.strip()) > known[key].limit:
            errors[key] = [
                gettext("Use at most %(limit)s characters.") % {"limit": known[key].limit}
            ]
        elif value.strip():
            cleaned[key] = value.strip()
    if cleaned:
        for text in fields:
            if text.required and text.key not in cleaned and text.key not in errors:
                errors[text.key] = [
                    gettext(
                        "Translate this text too, or leave every text empty to remove the "
                        "translation."
                    )
                ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if not cleaned:
            model._default_manager.filter(**owner, language=language).delete()
            return None
        translation, _created = model._default_manager.update_or_create(
            **owner,
            language=language,
            defaults={
                "texts": cleaned,
                "sources": {key: known[key].original for key in cleaned},
            },
        )
    return translation


@dataclass(frozen=True)
class ReaderTexts:
    """An item's texts as a reader sees them: each in the reader's language where a current
    translation holds it, else as written (``languages`` says which, for ``lang``)."""

    texts: dict[str, str]
    languages: dict[str, str]
    original_language: str
    #: the original's language when a text is shown as written to a reader of another
    #: language (the "written in" note), else ""
    written_in: str
    translated: bool = False

    def __getitem__(self, key: str) -> str:
        """``{{ texts.title }}`` in a template (an unknown key falls through to attributes)."""
        return self.texts[key]

    def lang(self, key: str) -> str:
        return self.languages.get(key, self.original_language)


def for_reader(
    *,
    originals: Mapping[str, str],
    original_language: str,
    language: str,
    translation: TextTranslation | None,
) -> ReaderTexts:
    """``originals`` as a reader in ``language`` sees them, with ``translation`` (that
    language's, or None) where it translates the current original."""
    original_language = original_language or settings.LANGUAGE_CODE
    texts = dict(originals)
    languages = dict.fromkeys(originals, original_language)
    if translation is not None and language != original_language:
        for key, text in translation.texts.items():
            if key in originals and translation.sources.get(key) == originals[key]:
                texts[key] = text
                languages[key] = language
    shown_as_written = any(languages[key] != language and value for key, value in originals.items())
    return ReaderTexts(
        texts=texts,
        languages=languages,
        original_language=original_language,
        written_in=original_language if shown_as_written else "",
        translated=any(code == language != original_language for code in languages.values()),
    )


Item = TypeVar("Item", bound=models.Model)


def for_readers(
    items: Sequence[Item],
    *,
    model: type[TextTranslation],
    owner_field: str,
    texts_of: Callable[[Item], list[TranslatableText]],
    language: str,
) -> list[tuple[Item, ReaderTexts]]:
    """Each item (with a ``language``) and its texts as a reader in ``language`` sees them;
    one query for the translations of them all (a list page)."""
    rows = model._default_manager.filter(
        **{f"{owner_field}__in": [item.pk for item in items]}, language=language
    )
    held = {getattr(row, f"{owner_field}_id"): row for row in rows}
    return [
        (
            item,
            for_reader(
                originals=originals_of(texts_of(item)),
                original_language=getattr(item, "language", ""),
                language=language,
                translation=held.get(item.pk),
            ),
        )
        for item in items
    ]


def list_held(*, model: type[Translation], owner: Mapping[str, Any]) -> dict[str, Any]:
    """An item's translations, by language code (in code order)."""
    rows = model._default_manager.filter(**owner).order_by("language")
    return {row.language: row for row in rows}
