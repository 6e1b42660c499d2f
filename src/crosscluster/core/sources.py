"""The public data sets the product ships, read from their SOURCE notes in crosscluster/data."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

#: each shipped data set's name in the reader's language (the page's headings; its folder's
#: name is a code); the SOURCE notes themselves are written in English
TITLES = {
    "cordis": _("EU framework-programme projects and participants (CORDIS)"),
    "countries": _("Countries: codes and names"),
    "edih": _("European Digital Innovation Hubs (EDIH catalogue)"),
    "funding": _("Financing instruments of the business plan"),
    "markets": _("Market indicators (World Bank, CEPII)"),
    "nuts": _("European regions (NUTS)"),
    "places": _("City names"),
    "regions": _("Regional indicators (Eurostat)"),
}


@dataclass(frozen=True)
class DataSource:
    folder: str
    note: str

    @property
    def title(self) -> str:
        return str(TITLES.get(self.folder, self.folder))


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
