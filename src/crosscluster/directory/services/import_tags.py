"""Taxonomy tags in an imported file: the ``technologies``, ``sectors`` and ``services`` columns.

A cell lists labels of the EDIH taxonomy separated by ``;`` (or by ``,`` when it has no ``;``:
a label that itself holds a comma, such as "Retail, wholesale or distribution", is still read
whole). A label is its English label or its label in any of the six languages
(``core.taxonomy``), compared without case or accents; ``Robotics:4`` gives its level (1 to 5),
else ``DEFAULT_LEVEL``. New organisations get the tags; a matched one only when the import
updates matched organisations (``import_updates``: the facets the file gives are replaced).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from django.utils.translation import gettext_noop

from crosscluster.core.taxonomy import label_translations
from crosscluster.core.text import normalise_for_search
from crosscluster.directory.models import Facet, Tag

#: the file's fields that hold tags, each named as its facet
TAG_FIELDS = (Facet.TECHNOLOGY.value, Facet.SECTOR.value, Facet.SERVICE.value)
#: a label without a level: "3: competent", the level the registration form gives the tags it
#: suggests (the profile form itself preselects none)
DEFAULT_LEVEL = 3
UNKNOWN_LABEL = gettext_noop(
    "%(label)r is not a label of the taxonomy: use a label of the taxonomy, e.g. %(closest)r "
    "(closest)."
)
BAD_LEVEL = gettext_noop(
    "Give %(label)r a level from 1 to 5, like %(label)s:4, or none for %(default)s (got %(level)r)."
)
TWICE = gettext_noop("%(label)r is given twice: keep one.")

#: (message, values) -> None: how a problem of the cell is reported
Report = Callable[..., None]


class TagVocabulary:
    """Every way a file may write a technology, sector or service, read once per file."""

    def __init__(self) -> None:
        translations = label_translations()
        self.ids: dict[str, dict[str, int]] = {facet: {} for facet in TAG_FIELDS}
        #: facet -> normalised name -> the name as written (for the closest suggestion)
        self.names: dict[str, dict[str, str]] = {facet: {} for facet in TAG_FIELDS}
        rows = Tag.objects.filter(facet__in=TAG_FIELDS).values_list("pk", "facet", "label")
        tags = list(rows.order_by("pk"))
        # the English labels first: a translation never hides another tag's English label
        for pk, facet, label in tags:
            self._add(facet, label, pk)
        for pk, facet, label in tags:
            for name in translations.get((facet, label), {}).values():
                self._add(facet, name, pk)
        self._closest: dict[tuple[str, str], str] = {}

    def _add(self, facet: str, name: str, pk: int) -> None:
        key = normalise_for_search(name)
        if key:
            self.ids[facet].setdefault(key, pk)
            self.names[facet].setdefault(key, name)

    def closest(self, facet: str, text: str) -> str:
        key = (facet, normalise_for_search(text))
        if key not in self._closest:
            found = difflib.get_close_matches(key[1], list(self.names[facet]), n=1, cutoff=0)
            self._closest[key] = self.names[facet][found[0]] if found else ""
        return self._closest[key]

    def _find(self, facet: str, piece: str) -> tuple[int | None, str, str | None]:
        """(tag id or None, the label as written, the level as written or None)."""
        label, colon, level = piece.rpartition(":")
        if not colon:
            label, level = piece, ""
        label = label.strip()
        return self.ids[facet].get(normalise_for_search(label)), label, level.strip() or None

    def parse(self, facet: str, text: str, report: Report) -> list[tuple[int, int]]:
        """The cell's (tag id, level) pairs; each problem reported (``report(message,
        **values)``), the pairs then incomplete."""
        by_comma = ";" not in text
        pieces = [piece.strip() for piece in text.split("," if by_comma else ";")]
        found: list[tuple[int, int]] = []
        seen: set[int] = set()
        start = 0
        while start < len(pieces):
            if not pieces[start]:
                start += 1
                continue
            # the longest run of comma-separated pieces that is one label ("Retail, wholesale ...")
            end = next(
                (
                    end
                    for end in range(len(pieces), start + 1, -1)
                    if by_comma
                    and not any(":" in piece for piece in pieces[start : end - 1])
                    and self._find(facet, ", ".join(pieces[start:end]))[0] is not None
                ),
                start + 1,
            )
            tag, label, level_text = self._find(facet, ", ".join(pieces[start:end]))
            start = end
            if tag is None:
                report(UNKNOWN_LABEL, label=label, closest=self.closest(facet, label))
                continue
            level = DEFAULT_LEVEL if level_text is None else _level(level_text)
            if level is None:
                report(BAD_LEVEL, label=label, level=level_text, default=DEFAULT_LEVEL)
            elif tag in seen:
                report(TWICE, label=label)
            else:
                seen.add(tag)
                found.append((tag, level))
        return found


def _level(text: str) -> int | None:
    return int(text) if text.isdigit() and 1 <= int(text) <= 5 else None
