"""The shared catalogue of financing instruments shipped in ``crosscluster/data/funding``.

``read_catalogue`` parses the CSV (see its SOURCE.md); ``load_catalogue`` upserts the rows by
``key`` into the shared catalogue. The data migration and ``crosscluster load_funding_catalogue``
call it; entries a partnership added, and shared entries without a key, are left alone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "funding" / "instruments.csv"
SOURCE = (
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
