"""The cells of an imported file in the directory's vocabulary: type, size and website
(``imports`` checks every row with these), and the new organisations' addresses (slugs)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from crosscluster.core.text import normalise_for_search, unique_slug
from crosscluster.directory.models import Organisation, OrganisationKind, OrganisationSize

#: words a file may use for a kind, besides the kinds' own values and English labels
KIND_WORDS = {
    "university": OrganisationKind.RESEARCH,
    "research": OrganisationKind.RESEARCH,
    "rto": OrganisationKind.RESEARCH,
    "large": OrganisationKind.LARGE_COMPANY,
    "large company": OrganisationKind.LARGE_COMPANY,
    "public": OrganisationKind.PUBLIC_AUTHORITY,
    "public authority": OrganisationKind.PUBLIC_AUTHORITY,
    "dih": OrganisationKind.INNOVATION_HUB,
    "edih": OrganisationKind.INNOVATION_HUB,
    "innovation hub": OrganisationKind.INNOVATION_HUB,
}
SIZE_WORDS = {"micro": "micro", "small": "small", "medium": "medium", "large": "large"}
_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)+(/\S*)?$")
_URL = URLValidator(schemes=["http", "https"])


def kind_value(value: str) -> str | None:
    text = normalise_for_search(value).replace("_", " ")
    if not text:
        return OrganisationKind.OTHER
    for kind in OrganisationKind:
        if text in (kind.value.replace("_", " "), normalise_for_search(str(kind.label))):
            return kind.value
    return KIND_WORDS.get(text)


def size_value(value: str) -> str | None:
    text = normalise_for_search(value)
    if not text:
        return ""
    if text in SIZE_WORDS:
        return SIZE_WORDS[text]
    for size in OrganisationSize:
        if size.value and text == normalise_for_search(str(size.label)):
            return size.value
    return None


def website_value(value: str) -> str | None:
    """A usable address, "" for none, None when it is not an address (``www.x.eu`` gets
    ``https://``)."""
    text = value.strip()
    if not text:
        return ""
    if not re.match(r"^https?://", text, flags=re.IGNORECASE):
        if not _DOMAIN.match(text):
            return None
        text = "https://" + text
    try:
        _URL(text)
    except ValidationError:
        return None
    return text


def new_slugs(names: list[str]) -> list[str]:
    """A free slug for each name, none taken in the directory nor by another name."""
    bases = [unique_slug(name, set(), max_length=100) for name in names]
    distinct = sorted(set(bases))
    taken: set[str] = set()
    for start in range(0, len(distinct), 500):
        taken.update(
            Organisation.objects.filter(slug__in=distinct[start : start + 500]).values_list(
                "slug", flat=True
            )
        )
    for base in sorted(taken.copy()):
        taken.update(
            Organisation.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
        )
    slugs = []
    for name in names:
        slug = unique_slug(name, taken, max_length=100)
        taken.add(slug)
        slugs.append(slug)
    return slugs
