"""``{% export_buttons "strategy.jis" partnership.slug %}``: one button per format of a kind."""

from __future__ import annotations

from typing import Any

from django import template

from crosscluster.exports import registry

register = template.Library()


@register.inclusion_tag("exports/_request.html", takes_context=True)
def export_buttons(
    context: template.Context, kind: str, subject: str, label: str = ""
) -> dict[str, Any]:
    export_kind = registry.get_kind(kind)
    return {
        "kind": export_kind,
        "subject": subject,
        "label": label or export_kind.label,
        "csrf_token": context.get("csrf_token"),
    }
