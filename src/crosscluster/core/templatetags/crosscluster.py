"""Template helpers: Markdown rendering and query-string editing for pagination/facets."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString, mark_safe

from crosscluster.core.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source: str) -> SafeString:
    return mark_safe(render_markdown(source or ""))


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (None removes them)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = str(value)
    if "page" not in changes:
        query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    """``mapping[key]`` (also trying ``str(key)``), or None."""
    if key in mapping:
        return mapping[key]
    return mapping.get(str(key))


@register.filter
def humanise(value: object) -> str:
    """``done_late`` -> ``Done late``."""
    return str(value).replace("_", " ").capitalize()
