"""Template helpers: Markdown rendering and query-string editing for pagination/facets."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import translate_url
from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe

from crosscluster.core.i18n import language_label
from crosscluster.core.taxonomy import translate_label
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


#: where the sign of the euro goes, by language: before in English (€1,234.50), after the
#: amount with a no-break space in the partnership's other languages (1.234,50 €, 1 234,50 €)
_SIGN_BEFORE = {"en"}
_SIGNS = {"EUR": "€"}


@register.filter
def money(value: object, currency: str = "EUR") -> str:
    """An amount of money written the active language's way: the language's decimal and
    thousands separators, two decimals, the currency's sign where that language puts it
    (en "€1,234.50", de "1.234,50 €", fr "1 234,50 €"). Empty for an empty value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    sign = _SIGNS.get(currency, currency)
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language in _SIGN_BEFORE:
        return f"-{sign}{number[1:]}" if number.startswith("-") else f"{sign}{number}"
    return f"{number}\u00a0{sign}"


@register.filter
def language_name(code: str) -> str:
    """A language code's name in the reader's language ("de" -> "German")."""
    return language_label(code) if code else ""


@register.filter
def taxonomy(value: object) -> str:
    """A label of the EDIH taxonomy in the reader's language: a tag (``facet`` and ``label``)
    or a label's English text. Anything else is shown as it is."""
    label = getattr(value, "label", value)
    facet = getattr(value, "facet", None)
    return translate_label(str(label), facet=str(facet) if facet else None)
