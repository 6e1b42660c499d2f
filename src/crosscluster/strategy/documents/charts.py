"""The chart of score contributions, drawn once on the server (``core.documents.charts``): inline
SVG for the ranking page and the PDF, PNG for the DOCX. No JavaScript, no CDN.

A bar per market, one segment per indicator: the segments are the indicator's exact part of the
score (they add up to the score), so the bar's length is the score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crosscluster.core.countries import localise_country
from crosscluster.core.documents.charts import (
    PALETTE,
    TEXT_COLOUR,
    ChartFigure,
    finish,
    local_number,
    new_figure,
    shorten,
    style_axes,
)


@dataclass(frozen=True)
class Bar:
    label: str
    score: float
    parts: tuple[tuple[str, float], ...]  # (indicator code, contribution), in legend order
    highlighted: bool = False


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    labels: Mapping[str, str]  # indicator code -> label, in legend order
    title: str

    @property
    def colours(self) -> dict[str, str]:
        return {code: PALETTE[index % len(PALETTE)] for index, code in enumerate(self.labels)}


def chart_from_ranking(
    ranking: Mapping[str, Any], *, limit: int = 12, highlight: Sequence[str] = ()
) -> Chart:
    """The best ``limit`` markets of a ranking (``ranking_to_dict`` JSON), named in the reader's
    language."""
    labels: Mapping[str, str] = ranking["labels"]
    markets: Sequence[Mapping[str, Any]] = ranking["ranking"]
    bars = tuple(
        Bar(
            label=localise_country(market["iso3"], str(market["name"])),
            score=float(market["score"]),
            parts=tuple((code, float(market["contributions"][code])) for code in labels),
            highlighted=market["iso3"] in highlight,
        )
        for market in markets[:limit]
    )
    return Chart(bars=bars, labels=dict(labels), title=_("Score contributions by indicator"))


def chart_from_markets(markets: Sequence[Mapping[str, Any]]) -> Chart | None:
    """The priority markets of a snapshot, from the ranking each was chosen from."""
    bars = []
    labels: dict[str, str] = {}
    for market in markets:
        ranking: Mapping[str, Any] = market.get("ranking") or {}
        contributions: Mapping[str, float] = ranking.get("contributions") or {}
        if not contributions:
            continue
        labels.update(ranking.get("labels") or {})
        bars.append((market, ranking, contributions))
    if not bars:
        return None
    return Chart(
        bars=tuple(
            Bar(
                label=f"{market['rank']}. {market['title']}",
                score=float(ranking["score"]),
                parts=tuple((code, float(contributions.get(code, 0.0))) for code in labels),
            )
            for market, ranking, contributions in bars
        ),
        labels=labels,
        title=_("Priority markets: score contributions by indicator"),
    )


def draw_contributions(chart: Chart) -> ChartFigure:
    """The chart, drawn once: ``.svg()`` for the ranking page and the PDF, ``.png()`` for the
    DOCX. Stacked horizontal bars, one per market, with the score at the end of each bar."""
    figure = new_figure(width=7.5, height=0.45 * len(chart.bars) + 1.8)
    colours = chart.colours
    axes = figure.add_subplot()
    names = [shorten(bar.label, 24) for bar in chart.bars][::-1]
    lefts = [0.0] * len(chart.bars)
    for code, label in chart.labels.items():
        values = [dict(bar.parts).get(code, 0.0) for bar in chart.bars][::-1]
        axes.barh(names, values, left=lefts, color=colours[code], label=label, height=0.7)
        lefts = [left + value for left, value in zip(lefts, values, strict=True)]
    for position, bar in enumerate(reversed(chart.bars)):
        weight = "bold" if bar.highlighted else "normal"
        axes.text(bar.score + 0.005, position, local_number(bar.score, 3), va="center", fontsize=8,
                  color=TEXT_COLOUR, fontweight=weight)  # fmt: skip
    for tick, bar in zip(axes.get_yticklabels(), reversed(chart.bars), strict=True):
        if bar.highlighted:
            tick.set_fontweight("bold")
    axes.set_xlabel(_("score (sum of the indicators' contributions)"), fontsize=8)
    axes.set_title(chart.title, fontsize=10)
    style_axes(axes)
    axes.set_xlim(0, max((bar.score for bar in chart.bars), default=1.0) * 1.15)
    if chart.labels:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=3, fontsize=7,
                    frameon=False)  # fmt: skip
    best = max(chart.bars, key=lambda bar: bar.score, default=None)
    description = (
        ngettext(
            "%(count)s bar; the longest is %(market)s with a score of %(score)s. "
            "The same figures are in the table.",
            "%(count)s bars; the longest is %(market)s with a score of %(score)s. "
            "The same figures are in the table.",
            len(chart.bars),
        )
        % {
            "count": local_number(len(chart.bars)),
            "market": best.label,
            "score": local_number(best.score, 3),
        }
        if best
        else _("No markets.")
    )
    return ChartFigure(
        figure=finish(figure),
        chart_id="chart",
        title=chart.title,
        description=description,
        css_class="contribution-chart",
    )
