"""The indicators chart as inline SVG (pages and the PDF): one group of bars per region, the
region's business R&D per inhabitant next to its country's, with the year of each value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from crosscluster.strategy.charts import figure_png, new_figure

REGION_COLOUR = "#123a6b"
COUNTRY_COLOUR = "#9bb3d1"


def render_indicator_svg(rows: Sequence[Mapping[str, Any]], *, width: int = 680) -> str:
    """``rows``: indicator dicts (``adapters.indicator_to_dict``) with ``region_label``.
    Missing values are drawn as a note, not as a bar. Empty string when there are no rows."""
    if not rows:
        return ""
    label_width, bar_height, gap = 210, 14, 10
    values = [
        float(value)
        for row in rows
        for value in (row.get("value"), row.get("country_value"))
        if value is not None
    ]
    top = max(values) if values else 1.0
    scale = (width - label_width - 90) / (top or 1.0)
    height = 40 + len(rows) * (2 * bar_height + gap + 8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Business R&amp;D expenditure '
        'per inhabitant: each region and its country">',
        "<title>Business enterprise R&amp;D expenditure, EUR per inhabitant</title>",
        f'<rect x="{label_width}" y="6" width="12" height="10" fill="{REGION_COLOUR}"/>',
        f'<text x="{label_width + 16}" y="15" font-size="11">Region</text>',
        f'<rect x="{label_width + 80}" y="6" width="12" height="10" fill="{COUNTRY_COLOUR}"/>',
        f'<text x="{label_width + 96}" y="15" font-size="11">Country</text>',
    ]
    y = 30
    for row in rows:
        name = escape(f"{row['region_label']} ({row['code']})")
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height}" font-size="11" '
            f'text-anchor="end">{name[:60]}</text>'
        )
        for offset, (value, year, colour, what) in enumerate(
            (
                (row.get("value"), row.get("year"), REGION_COLOUR, "region"),
                (row.get("country_value"), row.get("country_year"), COUNTRY_COLOUR, "country"),
            )
        ):
            bar_y = y + offset * bar_height
            if value is None:
                parts.append(
                    f'<text x="{label_width + 4}" y="{bar_y + bar_height - 3}" font-size="10" '
                    f'fill="#55606e">{what}: missing</text>'
                )
                continue
            length = max(1.0, float(value) * scale)
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{length:.1f}" '
                f'height="{bar_height - 2}" fill="{colour}"><title>{what}: {float(value):,.1f} '
                f"({year})</title></rect>"
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{bar_y + bar_height - 3}" '
                f'font-size="10">{float(value):,.1f} ({year})</text>'
            )
        y += 2 * bar_height + gap + 8
    parts.append("</svg>")
    return "".join(parts)


def render_indicator_png(rows: Sequence[Mapping[str, Any]], *, dpi: int = 150) -> bytes | None:
    """The same chart as PNG (matplotlib's Agg canvas) for the DOCX; None without any value."""
    values = [(row.get("value"), row.get("country_value")) for row in rows]
    if not any(value is not None for pair in values for value in pair):
        return None
    figure = new_figure(width=7, height=0.7 * len(rows) + 1.4, dpi=dpi)
    axes = figure.add_subplot()
    names = [f"{row['region_label']} ({row['code']})"[:40] for row in rows][::-1]
    positions = list(range(len(rows)))
    for offset, key, year_key, colour, label in (
        (0.2, "value", "year", REGION_COLOUR, "Region"),
        (-0.2, "country_value", "country_year", COUNTRY_COLOUR, "Country"),
    ):
        for position, row in zip(positions, reversed(rows), strict=True):
            value = row.get(key)
            if value is None:
                axes.text(0, position + offset, f"  {label.lower()}: missing", va="center",
                          fontsize=7, color="#55606e")  # fmt: skip
                continue
            axes.barh(position + offset, float(value), height=0.38, color=colour,
                      label=label if position == positions[-1] else None)  # fmt: skip
            axes.text(float(value), position + offset, f" {float(value):,.1f} ({row.get(year_key)})",
                      va="center", fontsize=7)  # fmt: skip
    axes.set_yticks(positions, names, fontsize=8)
    axes.set_xlabel("Business enterprise R&D expenditure, EUR per inhabitant")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, frameon=False, loc="lower right")
    return figure_png(figure)
