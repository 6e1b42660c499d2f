"""Language detection (py3langid, restricted to the languages of the EU and its neighbours)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: ISO 639-1 code -> English name, for the languages a profile is likely to be written in.
LANGUAGE_NAMES: dict[str, str] = {
    "bg": "Bulgarian",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gl": "Galician",
    "hr": "Croatian",
    "hu": "Hungarian",
    "is": "Icelandic",
    "it": "Italian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "mt": "Maltese",
    "nb": "Norwegian",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "bs": "Bosnian",
}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    supported = set(identifier.labels)
    identifier.set_languages([code for code in LANGUAGE_NAMES if code in supported])
    return identifier


#: characters read to detect the language of a long text (a description says it early on; the
#: identifier's cost grows with the length, and a pass detects every provider's language)
DETECTION_CHARACTERS = 1000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language ``text`` is written in, or None when it is too short.

    Long texts are read up to the last word boundary before ``DETECTION_CHARACTERS``.
    """
    if len(text.split()) < 2:
        return None
    if len(text) > DETECTION_CHARACTERS:
        text = text[:DETECTION_CHARACTERS].rsplit(" ", 1)[0]
    code, _probability = _identifier().classify(text)
    return str(code)


def normalise_language(value: str | None) -> str | None:
    """A language code or English name -> ISO 639-1 code ("German", "DE", "de-AT" -> "de")."""
    if value is None or not value.strip():
        return None
    cleaned = value.strip().replace("_", "-").split("-")[0].casefold()
    if cleaned in LANGUAGE_NAMES:
        return cleaned
    for code, name in LANGUAGE_NAMES.items():
        if name.casefold() == cleaned:
            return code
    return cleaned


def language_name(code: str | None) -> str:
    """English name of a language code ("de" -> "German"); the code itself when unknown."""
    if code is None:
        return "unknown language"
    return LANGUAGE_NAMES.get(code, code)
