"""Template helpers: Markdown rendering, query-string editing for pagination/facets, and times
formatted through ``core.times`` (the zone is explicit, never whatever zone happens to be active)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import translate_url
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe

from crosscluster.core import stored_text as stored_texts
from crosscluster.core import times, workers
from crosscluster.core.countries import localise_country
from crosscluster.core.i18n import active_language, format_percent, language_in_sentence
from crosscluster.core.regions import readable_region_name
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


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, parameter: str, number: int) -> str:
    """The current query string with the page parameter ``parameter`` set to ``number``; the
    other parameters (another list's page on the same page) kept (``core/_pager.html``)."""
    query: QueryDict = context["request"].GET.copy()
    query[parameter or "page"] = str(number)
    return f"?{query.urlencode()}"


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


@register.filter
def slot_at(span: object, zone: str) -> str:
    """``{{ slot|slot_at:event.timezone }}``: ``Tue 3 Mar 13:55-14:15`` at the venue."""
    start, end = getattr(span, "start_at", None), getattr(span, "end_at", None)
    if not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
        return ""
    return times.format_slot(start, end, times.venue_zone(zone))


@register.filter
def time_at(value: object, zone: str) -> str:
    """``{{ value|time_at:event.timezone }}``: ``13:55`` at the venue."""
    if not isinstance(value, dt.datetime):
        return ""
    return times.format_time(value, times.venue_zone(zone))


@register.filter
def moment(value: object, zone: str = "") -> str:
    """``{{ value|moment }}``: ``3. März 2026, 13:55 Deutschland (Ortszeit)``, in the viewer's
    language and zone (or the zone named), always labelled (``core.times.format_moment``)."""
    if not isinstance(value, dt.datetime):
        return ""
    target = times.venue_zone(zone) if zone else timezone.get_current_timezone()
    return times.format_moment(value, target)


@register.filter
def at_utc(value: object) -> str:
    """``{{ generated_at|at_utc }}``: ``Mar 3, 2026, 12:55`` in UTC, in the reader's language,
    for a sentence that names the zone itself ("exported on … UTC"), whatever zone the reader
    has."""
    if not isinstance(value, dt.datetime):
        return ""
    return times.format_moment(value, dt.UTC, labelled=False)


@register.filter
def day_time_at(value: object, zone: str) -> str:
    """``{{ event.start_at|day_time_at:event.timezone }}``: ``Tuesday 3 March 2026, 09:00
    (Europe/Rome)``."""
    if not isinstance(value, dt.datetime):
        return ""
    return times.format_day_time(value, times.venue_zone(zone))


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


@register.filter(name="amount")
def amount_text(value: object) -> str:
    """An amount without its currency sign, as a table whose heading or note names the currency
    writes it: two decimals, the active language's separators and grouping ("1,234,567.00"
    in English, "1.234.567,00" in German, "1 234 567,00" in French). ``money`` adds the sign.
    Empty for an empty value; a text that is not a number unchanged."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return formats.number_format(number, decimal_pos=2, use_l10n=True, force_grouping=True)


def _decimal(value: object) -> Decimal | None:
    """The value as a Decimal; None for an empty value or a text that is not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def money(value: object, currency: str = "EUR") -> str:
    """An amount of money written the active language's way: the language's decimal and
    thousands separators, two decimals, the currency's sign where that language puts it
    (en "€1,234.50", de "1.234,50 €", fr "1 234,50 €"). Empty for an empty value."""
    number = amount_text(value)
    if _decimal(value) is None:  # empty, or a text that is not a number: as it is
        return number
    sign = _SIGNS.get(currency, currency)
    if active_language() in _SIGN_BEFORE:
        return f"-{sign}{number[1:]}" if number.startswith("-") else f"{sign}{number}"
    return f"{number}\u00a0{sign}"


@register.filter
def percent(value: object) -> str:
    """``{{ 66.67|percent }}``: a percentage (0-100) written the reader's language's way
    ("66.67%" in English, "66,67 %" in German). Empty for an empty value."""
    if value is None or value == "":
        return ""
    try:
        number = float(str(value))
    except ValueError:
        return str(value)
    return format_percent(number / 100)


@register.filter
def language_name(code: str) -> str:
    """A language code's name in the reader's language, as written inside a sentence ("de" ->
    "German"; "allemand" in French): ``|capfirst`` where it stands alone."""
    return language_in_sentence(code) if code else ""


@register.filter
def country(english: object, code: object) -> str:
    """``{{ market.name|country:market.iso3 }}``: a country's English name (the key kept in data
    and snapshots) in the reader's language, by its ISO2 or ISO3 code (docs/languages.md)."""
    return localise_country(str(code or ""), str(english or ""))


@register.filter
def stored_text(value: object) -> str:
    """``{{ export.error|stored_text }}``: a message a job stored (``core.stored_text``) in the
    reader's language; plain text as it is."""
    return stored_texts.word(str(value or ""))


@register.filter
def lowerfirst(value: object) -> str:
    """``{{ label|lowerfirst }}``: a label inside a sentence or brackets, its first letter in
    lower case and the rest as written ("(eine veröffentlichte Seite über die Organisation)";
    ``|lower`` wrote German nouns in lower case too: "seite", "organisation")."""
    text = str(value)
    return text[:1].lower() + text[1:]


@register.filter
def taxonomy(value: object) -> str:
    """A label of the EDIH taxonomy in the reader's language: a tag (``facet`` and ``label``)
    or a label's English text; a tag may also be a snapshot's dict (the S3 guidelines PDF, whose
    tag column showed the dicts themselves). Anything else is shown as it is."""
    if isinstance(value, Mapping):
        label, facet = value.get("label", ""), value.get("facet")
    else:
        label, facet = getattr(value, "label", value), getattr(value, "facet", None)
    return translate_label(str(label), facet=str(facet) if facet else None)


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes, line breaks and ``<`` escaped, so
    nothing can close the string or the ``<style>`` element)."""
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\<>\n\r' else char for char in str(text))
    return f'"{escaped}"'


@register.filter
def css_string(text: object) -> SafeString:
    """``{{ label|css_string }}``: a translated word for a PDF layout's ``@page`` ``content``."""
    return mark_safe(_css_string(str(text)))


@register.simple_tag
def css_page_numbers() -> SafeString:
    """The running footer's "Page 3 of 12" for a PDF layout's ``@page`` ``content``, in the
    active language and its word order: ``"Seite " counter(page) " von " counter(pages)``."""
    text = translation.gettext("Page %(page)s of %(pages)s") % {
        "page": "\x00page\x00",
        "pages": "\x00pages\x00",
    }
    parts = []
    for index, part in enumerate(text.split("\x00")):
        if index % 2:
            parts.append(f"counter({part})")
        elif part:
            parts.append(_css_string(part))
    return mark_safe(" ".join(parts))  # words escaped by _css_string


@register.filter
def region_name(label: object) -> str:
    """A NUTS region's name as the reader can read it: "Severozapaden (Северозападен)"."""
    return readable_region_name(str(label))


@register.inclusion_tag("core/_worker_notice.html", takes_context=True)
def worker_notice(context: template.Context, queue: str) -> dict[str, object]:
    """``{% worker_notice "documents" %}`` on a page that waits on a task of that queue: when
    tasks wait there and no worker is alive to take them, say so (staff: with the command that
    starts one); nothing while a worker lives (docs/administration.md "Background workers")."""
    now = timezone.now()
    if not workers.is_unattended(queue, now=now):
        return {"show": False}
    user = context.get("user")
    heartbeat = workers.last_heartbeat_for(queue)
    return {
        "show": True,
        "queue": queue,
        "is_staff": bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)),
        "command": workers.worker_command(queue),
        "last_heartbeat_at": heartbeat.beat_at if heartbeat else None,
    }
