"""Charts as accessible SVG made on the server: ``<svg role="img">`` with a title and a
description, presentation attributes and classes only (the CSP forbids inline styles)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from crosscluster.monitoring import wording

register = template.Library()
register.filter("dimension_label", wording.dimension_label)
register.filter("tie_kind", wording.tie_kind_label)
register.filter("tie_class", wording.tie_class_label)
register.filter("source_labels", wording.source_labels)


@register.filter
def tie_reason(row: object) -> str:
    """``{{ row|tie_reason }}``: why a tie of the table view exists, in the reader's language."""
    return wording.tie_reason(str(getattr(row, "reason", "")), getattr(row, "reason_parts", None))


@register.simple_tag
def category_label(dimension: str, value: str, indicator_key: str = "") -> str:
    """``{% category_label dimension category figure.indicator.key %}``: a breakdown's category
    in the reader's language."""
    return wording.category_label(dimension, value, indicator_key)


WIDTH, HEIGHT, PAD = 320, 120, 20


@register.simple_tag
def bar_chart(series: dict[str, float], title: str, chart_id: str) -> SafeString:
    """A bar per period; empty series give a short note instead of an empty chart."""
    if not series:
        return format_html('<p class="small muted">{}</p>', _("No dated rows yet."))
    top = max(series.values()) or 1
    step = (WIDTH - 2 * PAD) / len(series)
    bars = []
    for index, (label, value) in enumerate(series.items()):
        height = (HEIGHT - 2 * PAD) * value / top
        bars.append(
            (
                round(PAD + index * step + step * 0.1, 1),
                round(HEIGHT - PAD - height, 1),
                round(step * 0.8, 1),
                round(height, 1),
                f"{label}: {value:g}",
            )
        )
    described = "; ".join(f"{label}: {value:g}" for label, value in series.items())
    first, last = next(iter(series)), next(reversed(series))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis" stroke="currentColor"/>'
        "{}"
        '<text x="{}" y="{}" class="chart-label" font-size="10">{}</text>'
        '<text x="{}" y="{}" class="chart-label" font-size="10" text-anchor="end">{}</text>'
        '<text x="{}" y="12" class="chart-label" font-size="10">{}</text>'
        "</svg>",
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        described,
        PAD,
        HEIGHT - PAD,
        WIDTH - PAD,
        HEIGHT - PAD,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar" fill="#1f5fa8"><title>{}</title></rect>',
            bars,
        ),
        PAD,
        HEIGHT - 4,
        first,
        WIDTH - PAD,
        HEIGHT - 4,
        last,
        PAD,
        _("max %(value)s") % {"value": f"{top:g}"},
    )


ROW, LABEL_WIDTH, MAX_ROWS = 16, 110, 30


@register.simple_tag
def breakdown_chart(
    values: dict[str, float],
    title: str,
    chart_id: str,
    dimension: str = "",
    indicator_key: str = "",
) -> SafeString:
    """A horizontal bar per category (the largest first, at most ``MAX_ROWS``; the table view
    and the CSV have every one), labelled with the category (in the reader's language when the
    dimension is given) and its value."""
    if not values:
        return format_html('<p class="small muted">{}</p>', _("Nothing to break down yet."))
    shown = [
        (wording.category_label(dimension, category, indicator_key), value)
        for category, value in sorted(values.items(), key=lambda item: (-item[1], item[0]))[
            :MAX_ROWS
        ]
    ]
    top = max(value for _category, value in shown) or 1
    height = ROW * len(shown) + 8
    span = WIDTH - LABEL_WIDTH - 40
    rows = [
        (
            4,
            index * ROW + 15,
            label[:18],
            LABEL_WIDTH,
            index * ROW + 4,
            round(span * value / top, 1),
            f"{label}: {value:g}",
            round(LABEL_WIDTH + span * value / top + 4, 1),
            index * ROW + 15,
            f"{value:g}",
        )
        for index, (label, value) in enumerate(shown)
    ]
    described = "; ".join(f"{label}: {value:g}" for label, value in shown)
    if len(values) > len(shown):
        described += f"; and {len(values) - len(shown)} more in the table view"
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        described,
        format_html_join(
            "",
            '<text x="{}" y="{}" class="chart-label" font-size="10">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="12" class="chart-bar" fill="#1f5fa8">'
            "<title>{}</title></rect>"
            '<text x="{}" y="{}" class="chart-label" font-size="10">{}</text>',
            rows,
        ),
    )
