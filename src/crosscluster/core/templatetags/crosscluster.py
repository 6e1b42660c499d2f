"""Template helpers: Markdown rendering and query-string editing for pagination/facets."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import translate_url
from django.utils import translation
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


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, object]]:
    """The page being viewed in each of ``settings.LANGUAGES``: code, the language's own name,
    the page's address in it (for the switcher's ``next`` and ``hreflang`` alternates) and
    whether it is the language shown."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return links
