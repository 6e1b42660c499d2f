"""Template helpers: Markdown rendering, query-string editing for pagination/facets, and times
formatted through ``core.times`` (the zone is explicit, never whatever zone happens to be active)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from crosscluster.core import times
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
    """``{{ value|moment }}``: ``2026-03-03 13:55 Europe/Berlin`` in the viewer's zone (or the
    zone named), always labelled."""
    if not isinstance(value, dt.datetime):
        return ""
    target = times.venue_zone(zone) if zone else timezone.get_current_timezone()
    return times.format_moment(value, target)


@register.filter
def day_time_at(value: object, zone: str) -> str:
    """``{{ event.start_at|day_time_at:event.timezone }}``: ``Tuesday 3 March 2026, 09:00
    (Europe/Rome)``."""
    if not isinstance(value, dt.datetime):
        return ""
    return times.format_day_time(value, times.venue_zone(zone))
