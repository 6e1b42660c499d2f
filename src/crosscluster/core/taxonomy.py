"""The EDIH taxonomy's labels (technologies, sectors, services) in the reader's language.

The English label is the key everywhere (data, search, matching); this only changes what people
read. The translations are ours: ``data/edih/label_translations.csv``, see ``SOURCE.md`` there.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

from crosscluster.core.i18n import active_language

TRANSLATIONS_FILE = "label_translations.csv"
LANGUAGES = ("pt", "es", "fr", "it", "de", "sv")


@lru_cache(maxsize=1)
def label_translations() -> dict[tuple[str, str], dict[str, str]]:
    """(facet, English label) -> {language: label}, for every label of the EDIH vocabulary."""
    text = (
        resources.files("crosscluster")
        .joinpath("data", "edih", TRANSLATIONS_FILE)
        .read_text(encoding="utf-8")
    )
    return {
        (row["facet"], row["label"]): {language: row[language] for language in LANGUAGES}
        for row in csv.DictReader(io.StringIO(text))
    }


@lru_cache(maxsize=1)
def _by_label() -> dict[str, dict[str, str]]:
    return {label: names for (_facet, label), names in label_translations().items()}


def translate_label(label: str, *, facet: str | None = None, language: str | None = None) -> str:
    """``label`` in ``language`` (default: the active one); the label itself when it is not a
    label of the taxonomy or the language is English."""
    language = active_language(language)
    if language == "en":
        return label
    names = label_translations().get((facet, label)) if facet else None
    names = names or _by_label().get(label)
    return names.get(language, label) if names else label
