"""What a recommendation's rule and facts mean to a reader, in the reader's language.

The S3 rules engine (``engines.s3.rules``, no Django) keys each recommendation by a rule
(``aligned:priority:1``) and keeps the facts it used under field names (``priority_is_derived``);
pages show these labels instead of the keys (issue 13: no raw identifiers on screen).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crosscluster.engines.s3 import rules

RULE_NAMES = {
    "aligned": _("JIS domains aligned with an S3 priority"),
    "related": _("JIS domains related to an S3 priority"),
    "gap": _("an S3 priority the JIS does not cover"),
    "rd-below-country": _("business R&D below the country's level"),
    "support-existing": _("support mechanisms planned for the region"),
    "record-priorities": _("no S3 priorities recorded yet"),
    "define-domains": _("no JIS technology domains defined yet"),
}

FACT_LABELS = {
    "priority": _("S3 priority"),
    "priority_is_derived": _("Derived from the EDIH catalogue"),
    "domains": _("JIS technology domains"),
    "shared_tags": _("Shared tags"),
    "linked_items": _("Linked JIS items"),
    "scores": _("Alignment scores"),
    "reasons": _("Reasons"),
    "tags": _("Tags of the priority"),
    "indicator": _("Indicator"),
    "value": _("Value in the region"),
    "year": _("Year"),
    "country_value": _("Value in the country"),
    "country_year": _("Year of the country's value"),
    "share_of_country": _("Share of the country's value"),
    "source": _("Source"),
    "vintage": _("Vintage"),
    "mechanisms": _("Support mechanisms"),
    "candidates": _("Candidate priorities"),
    "priorities": _("S3 priorities"),
}


def rule_name(rule: str) -> str:
    """The rule of ``aligned:priority:1`` as a reader says it, without its internal ids."""
    kind = rule.split(":", 1)[0]
    name = RULE_NAMES.get(kind)
    return str(name) if name is not None else rules.describe_rule(rule)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(
            pgettext_lazy("a fact is true", "yes")
            if value
            else pgettext_lazy("a fact is false", "no")
        )
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(_shown(item) for item in value) or "—"
    return str(value)


def fact_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of each fact, lists joined and yes/no for true/false."""
    return [
        (str(FACT_LABELS.get(key, key.replace("_", " "))), _shown(value))
        for key, value in facts.items()
    ]
