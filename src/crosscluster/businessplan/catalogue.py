"""The shared catalogue of financing instruments shipped in ``crosscluster/data/funding``.

``read_catalogue`` parses the CSV (see its SOURCE.md); ``load_catalogue`` upserts the rows by
``key`` into the shared catalogue. The data migration and ``crosscluster load_funding_catalogue``
call it; entries a partnership added, and shared entries without a key, are left alone.

The catalogue's English is stored; ``instruments-translations.csv`` beside it holds, per entry
and language, the notes and the area served (region) in that language, and the programme's
official name (and the programme's) where the EU publishes one (empty: the name is a proper noun and stays as it is). ``localise`` shows a shipped
entry in the reader's language wherever it is read (pages, API, DOCX, PDF, XLSX), as long as its
English is still the shipped English: an entry an administrator edited, and every entry a
partnership added, read as typed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "funding" / "instruments.csv"
TRANSLATIONS_FILE = CATALOGUE_FILE.with_name("instruments-translations.csv")
#: the languages every shipped entry is translated into (English is the catalogue itself)
LANGUAGES = ("pt", "es", "fr", "it", "de", "sv")
SOURCE = gettext_noop(
    "Written from the programme's public pages (see the address), vintage 2026; "
    "crosscluster/data/funding/SOURCE.md."
)


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    name: str
    programme: str
    level: str
    managing_body: str
    country_code: str
    region: str
    cofinancing_cap_percent: Decimal | None
    url: str
    notes: str

    def fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "programme": self.programme,
            "level": self.level,
            "managing_body": self.managing_body,
            "country_code": self.country_code,
            "region": self.region,
            "cofinancing_cap_percent": self.cofinancing_cap_percent,
            "url": self.url,
            "notes": self.notes,
            "source": SOURCE,
        }


def read_catalogue(path: Path = CATALOGUE_FILE) -> list[CatalogueEntry]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            CatalogueEntry(
                key=row["key"],
                name=row["name"],
                programme=row["programme"],
                level=row["level"],
                managing_body=row["managing_body"],
                country_code=row["country"],
                region=row["region"],
                cofinancing_cap_percent=Decimal(row["cofinancing_cap_percent"])
                if row["cofinancing_cap_percent"]
                else None,
                url=row["url"],
                notes=row["notes"],
            )
            for row in csv.DictReader(handle)
        ]


def load_catalogue(model: Any, *, now: datetime, path: Path = CATALOGUE_FILE) -> tuple[int, int]:
    """Upsert the shipped entries into ``model`` (the FundingInstrument model, or its historical
    version in a migration). Returns (created, updated)."""
    created = updated = 0
    for entry in read_catalogue(path):
        _, was_created = model.objects.update_or_create(
            partnership=None,
            key=entry.key,
            defaults=entry.fields() | {"updated_at": now},
            create_defaults=entry.fields() | {"created_at": now, "updated_at": now},
        )
        if was_created:
            created += 1
        else:
            updated += 1
    return created, updated


# ---------------------------------------------------------------- in the reader's language


@dataclass(frozen=True)
class Translation:
    """A shipped entry in one language: its official ``name`` and ``programme`` ("" keeps the
    catalogue's), its ``region`` (the area it serves, where it has one) and its ``notes``."""

    name: str
    programme: str
    region: str
    notes: str


@dataclass(frozen=True)
class Localised:
    name: str
    programme: str
    region: str
    notes: str
    source: str


def read_translations(path: Path = TRANSLATIONS_FILE) -> dict[tuple[str, str], Translation]:
    """The translations by (key, language)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["key"], row["language"]): Translation(
                name=row["name"],
                programme=row["programme"],
                region=row["region"],
                notes=row["notes"],
            )
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict[str, CatalogueEntry], dict[tuple[str, str], Translation]]:
    return {entry.key: entry for entry in read_catalogue()}, read_translations()


def localise(
    *,
    key: str,
    name: str,
    programme: str,
    region: str,
    notes: str,
    source: str,
    shared: bool,
    language: str | None = None,
) -> Localised:
    """An instrument's name, programme, region, notes and source in ``language`` (the active one by default).
    A shared entry with the key of a shipped one is translated field by field where the field
    is still the shipped English; anything else is returned as stored."""
    language = (language or get_language() or "en").split("-")[0]
    entries, translations = _shipped()
    entry = entries.get(key) if shared and key else None
    translation = translations.get((key, language)) if entry is not None else None
    if entry is None or translation is None:
        return Localised(
            name=name, programme=programme, region=region, notes=notes, source=_source(source)
        )
    return Localised(
        name=translation.name if translation.name and name == entry.name else name,
        programme=translation.programme
        if translation.programme and programme == entry.programme
        else programme,
        region=translation.region if translation.region and region == entry.region else region,
        notes=translation.notes if translation.notes and notes == entry.notes else notes,
        source=_source(source),
    )


def _source(source: str) -> str:
    """The shipped source sentence in the active language; any other source as written."""
    return gettext(SOURCE) if source == SOURCE else source
