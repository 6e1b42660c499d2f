"""The public data sets the product ships, read from their SOURCE notes in crosscluster/data."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class DataSource:
    folder: str
    note: str


def list_data_sources() -> list[DataSource]:
    found: list[DataSource] = []
    data_dir = settings.DATA_DIR
    if not data_dir.exists():
        return found
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        for name in ("SOURCE.md", "SOURCE.txt"):
            note = folder / name
            if note.exists():
                found.append(DataSource(folder=folder.name, note=note.read_text(encoding="utf-8")))
                break
    return found
