"""The indicators chart, drawn once (``core.documents.charts``): ``.svg()`` for the pages and the
PDF, ``.png()`` for the DOCX. One group of bars per region: the region's business R&D per
inhabitant next to its country's, with the year of each value; a missing value is a note, not a
bar. The same figures are in the table beside the chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.core.documents.charts import (
    MUTED_COLOUR,
    TEXT_COLOUR,
    ChartFigure,
    finish,
    local_number,
    new_figure,
    style_axes,
)

REGION_COLOUR = "#123a6b"
COUNTRY_COLOUR = "#9bb3d1"
TITLE = gettext_lazy("Business R&D, EUR per inhabitant")  # as the table beside it


def draw_indicators(rows: Sequence[Mapping[str, Any]]) -> ChartFigure:
    """``rows``: indicator dicts (``adapters.indicator_to_dict``) with ``region_label``."""
    figure = new_figure(width=7, height=0.7 * len(rows) + 1.4)
    axes = figure.add_subplot()
    names = [f"{row['region_label']} ({row['code']})"[:40] for row in rows][::-1]
    positions = list(range(len(rows)))
    said: list[str] = []
    for offset, key, year_key, colour, label in (
        (0.2, "value", "year", REGION_COLOUR, _("Region")),
        (-0.2, "country_value", "country_year", COUNTRY_COLOUR, _("Country")),
    ):
        for position, row in zip(positions, reversed(rows), strict=True):
            value = row.get(key)
            if value is None:
                axes.text(0, position + offset, f"  {label}: {_('missing')}", va="center",
                          fontsize=7, color=MUTED_COLOUR)  # fmt: skip
                continue
            axes.barh(position + offset, float(value), height=0.38, color=colour,
                      label=None if label in said else label)  # fmt: skip
            said.append(label)
            axes.text(float(value), position + offset, f" {_value(value, row.get(year_key))}",
                      va="center", fontsize=7, color=TEXT_COLOUR)  # fmt: skip
    axes.set_yticks(positions, names, fontsize=8)
    axes.set_xlabel(str(TITLE), fontsize=8)
    style_axes(axes)
    if said:
        axes.legend(fontsize=7, frameon=False, loc="lower right")
    parts = []
    for row in rows:
        region = _value(row.get("value"), row.get("year"))
        country = _value(row.get("country_value"), row.get("country_year"))
        parts.append(
            _("%(region)s (%(code)s): %(value)s; its country %(country)s")
            % {
                "region": row["region_label"],
                "code": row["code"],
                "value": region,
                "country": country,
            }
        )
    return ChartFigure(
        figure=finish(figure),
        chart_id="indicator-chart",
        title=str(TITLE),
        description=_("Each region next to its country. %(regions)s.")
        % {"regions": ". ".join(parts)},
        css_class="indicator-chart",
    )


def _value(value: object, year: object) -> str:
    """A value and its year in the reader's number format: a bar's label, the description."""
    if value is None:
        return _("missing")
    return f"{local_number(float(value), 1)} ({year})"  # type: ignore[arg-type]


def indicator_svg(rows: Sequence[Mapping[str, Any]]) -> str:
    """The chart for a page or the PDF; empty when there are no rows."""
    return draw_indicators(rows).svg() if rows else ""


def indicator_png(rows: Sequence[Mapping[str, Any]]) -> bytes | None:
    """The chart for the DOCX; None without any value."""
    if not any(row.get(key) is not None for row in rows for key in ("value", "country_value")):
        return None
    return draw_indicators(rows).png()
