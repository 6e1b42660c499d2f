"""Snapshots made ready for the version comparison (``engines.versions.compare``).

A version adopted before support mechanisms stored their country (strategy migration 0005)
has support items without ``country`` and ``country_name``. Compared as they are, every
mechanism with a region would show "Country: — → Spain" in the next version although nothing
changed. Such an item gets the country its region gives, as migration 0005 gave it to the rows
(the NUTS country code, GR for EL, when the directory has that country); an item that has the
field, even empty, is left as it was adopted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crosscluster.core.regions import ISO_COUNTRY
from crosscluster.directory import queries as directory_queries


def with_countries_from_regions(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """``snapshot`` with each support mechanism that predates its ``country`` given the
    country of its region; a snapshot that needs nothing is returned as an equal copy."""
    support = (snapshot.get("sections") or {}).get("support") or []
    if all("country" in item for item in support):
        return dict(snapshot)
    names: dict[str, str | None] = {}
    items = []
    for item in support:
        if "country" not in item:
            iso = _country_of_region(str(item.get("region_code") or ""))
            if iso and iso not in names:
                names[iso] = directory_queries.get_country_name(iso2=iso)
            name = names.get(iso) if iso else None
            item = {**item, "country": iso if name else "", "country_name": name or ""}
        items.append(item)
    return {**snapshot, "sections": {**snapshot["sections"], "support": items}}


def _country_of_region(code: str) -> str:
    """The ISO code of the country of a NUTS region (its ``country_code``, GR for EL)."""
    if not code:
        return ""
    region = directory_queries.find_nuts_region(code=code)
    nuts = region.country_code if region is not None else code[:2]
    return ISO_COUNTRY.get(nuts, nuts)
