"""Section-by-section comparison of two strategy snapshots (pure Python, no database).

Items are matched by their ``key`` (``offering:12``, ``market:USA``, ``technology:<slug>``):
an item only in the newer snapshot is *added*, only in the older one *removed*, in both with a
different value in a compared field *changed*. Texts are compared word by word with ``difflib``
and shown with ``<del>``/``<ins>``.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SECTION_TITLES: tuple[tuple[str, str], ...] = (
    ("technologies", "Technology domains"),
    ("offerings", "Joint products and services"),
    ("commercialisation", "Joint commercialisation initiatives"),
    ("internationalisation", "Internationalisation initiatives for clusters and their SMEs"),
    ("markets", "Priority markets"),
    ("support", "Support mechanisms by regional governments"),
    ("roadmap", "Roadmap of actions"),
)

# (field of the snapshot item, label); every field is compared as text.
COMPARED_FIELDS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "header": (
        ("title", "Title"),
        ("summary", "Vision and objectives"),
        ("period", "Period"),
    ),
    "technologies": (("rationale", "Rationale"),),
    "offerings": (
        ("title", "Title"),
        ("kind_label", "Kind"),
        ("description", "Description"),
        ("contributions_text", "Who contributes what"),
    ),
    "commercialisation": (
        ("title", "Title"),
        ("target_group_label", "For"),
        ("description", "Description"),
    ),
    "internationalisation": (
        ("title", "Title"),
        ("target_group_label", "For"),
        ("description", "Description"),
    ),
    "markets": (
        ("rank", "Rank"),
        ("rationale", "Rationale"),
        ("score_text", "Score in the ranking"),
    ),
    "support": (
        ("mechanism", "Mechanism"),
        ("kind_label", "Kind"),
        ("where", "Region or authority"),
        ("country_name", "Country"),
        ("description", "Description"),
    ),
    "roadmap": (
        ("code", "Code"),
        ("title", "Title"),
        ("description", "Description"),
        ("owner", "Owner"),
        ("dates", "Dates"),
        ("budget_text", "Budget"),
        ("kpis_text", "KPIs"),
        ("implements_text", "Implements"),
    ),
}

# Words with the spaces after them, so a changed run reads as one deletion and one insertion.
_TOKENS = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    diff_html: str  # escaped text with <del> and <ins>


@dataclass(frozen=True)
class ItemChange:
    key: str
    title: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class SectionChanges:
    key: str
    title: str
    added: tuple[Mapping[str, Any], ...]
    removed: tuple[Mapping[str, Any], ...]
    changed: tuple[ItemChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Comparison:
    header: tuple[FieldChange, ...]
    sections: tuple[SectionChanges, ...]

    @property
    def is_empty(self) -> bool:
        return not self.header and all(section.is_empty for section in self.sections)

    @property
    def counts(self) -> dict[str, int]:
        """Items added, removed and changed; each changed field of the header (title, vision,
        period) counts as one change, so the counts agree with what the comparison shows."""
        return {
            "added": sum(len(section.added) for section in self.sections),
            "removed": sum(len(section.removed) for section in self.sections),
            "changed": len(self.header) + sum(len(section.changed) for section in self.sections),
        }


def text_diff(old: str, new: str) -> str:
    """Word-level diff of two texts as HTML: unchanged text escaped, removals in ``<del>``,
    additions in ``<ins>``."""
    before = _TOKENS.findall(old)
    after = _TOKENS.findall(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        removed = html.escape("".join(before[a_start:a_end]))
        added = html.escape("".join(after[b_start:b_end]))
        if operation == "equal":
            parts.append(removed)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return "".join(parts)


def _as_text(value: object) -> str:
    """The value as text; line endings made one (a browser sends a textarea's lines as CRLF,
    a stored text may have LF: the same words are not a change)."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _field_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], fields: Sequence[tuple[str, str]]
) -> tuple[FieldChange, ...]:
    changes = []
    for field, label in fields:
        before, after = _as_text(old.get(field)), _as_text(new.get(field))
        if before != after:
            changes.append(FieldChange(label, before, after, text_diff(before, after)))
    return tuple(changes)


def compare_snapshots(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> Comparison:
    """What changed from ``old`` (``None``: nothing before, everything is added) to ``new``."""
    previous: Mapping[str, Any] = old or {"sections": {}}
    header = _field_changes(previous, new, COMPARED_FIELDS["header"]) if old is not None else ()
    sections = []
    for key, title in SECTION_TITLES:
        before = {item["key"]: item for item in previous["sections"].get(key, [])}
        after = {item["key"]: item for item in new["sections"].get(key, [])}
        changed = []
        for item_key, item in after.items():
            if item_key in before:
                fields = _field_changes(before[item_key], item, COMPARED_FIELDS[key])
                if fields:
                    changed.append(ItemChange(item_key, str(item["title"]), fields))
        sections.append(
            SectionChanges(
                key=key,
                title=title,
                added=tuple(item for item_key, item in after.items() if item_key not in before),
                removed=tuple(item for item_key, item in before.items() if item_key not in after),
                changed=tuple(changed),
            )
        )
    return Comparison(header=header, sections=tuple(sections))
