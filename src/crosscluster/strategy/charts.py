"""Charts of score contributions, drawn on the server: inline SVG for pages and the PDF, PNG
(matplotlib, when installed) for the DOCX. No JavaScript, no CDN.

A bar per market, one segment per indicator: the segments are the indicator's exact part of the
score (they add up to the score), so the bar's length is the score.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

# 13 distinguishable colours (Okabe-Ito, then Tol's muted scheme); legend and table carry the
# same information for readers who cannot tell them apart.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#332288", "#88CCEE", "#117733", "#999933", "#882255", "#AA4499",
)  # fmt: skip


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
    """The best ``limit`` markets of a ranking (``ranking_to_dict`` JSON)."""
    labels: Mapping[str, str] = ranking["labels"]
    markets: Sequence[Mapping[str, Any]] = ranking["ranking"]
    bars = tuple(
        Bar(
            label=str(market["name"]),
            score=float(market["score"]),
            parts=tuple((code, float(market["contributions"][code])) for code in labels),
            highlighted=market["iso3"] in highlight,
        )
        for market in markets[:limit]
    )
    return Chart(bars=bars, labels=dict(labels), title="Score contributions by indicator")


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
        title="Priority markets: score contributions by indicator",
    )


def render_svg(chart: Chart, *, width: int = 720) -> str:
    """The chart as an accessible inline SVG (``role="img"``, a title and a description)."""
    name_width, score_width, row, gap = 170, 56, 22, 6
    plot_width = width - name_width - score_width
    top = max((bar.score for bar in chart.bars), default=1.0) or 1.0
    colours = chart.colours
    legend_columns = 2
    legend_rows = -(-len(chart.labels) // legend_columns)
    bars_height = len(chart.bars) * (row + gap)
    height = bars_height + 16 + legend_rows * 18 + 8
    best = max(chart.bars, key=lambda bar: bar.score, default=None)
    description = (
        f"{len(chart.bars)} bars; the longest is {best.label} with a score of {best.score:.3f}. "
        "The same figures are in the table."
        if best
        else "No markets."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="contribution-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="chart-title chart-description" font-family="DejaVu Sans, sans-serif" '
        f'font-size="12">',
        f'<title id="chart-title">{escape(chart.title)}</title>',
        f'<desc id="chart-description">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(chart.bars):
        y = index * (row + gap)
        weight = ' font-weight="bold"' if bar.highlighted else ""
        parts.append(
            f'<text x="{name_width - 8}" y="{y + row * 0.7:.1f}" text-anchor="end" '
            f'fill="#1b1f24"{weight}>{escape(_shorten(bar.label, 24))}</text>'
        )
        x = float(name_width)
        for code, value in bar.parts:
            if value <= 0:
                continue
            length = value / top * plot_width
            parts.append(
                f'<rect x="{x:.2f}" y="{y}" width="{length:.2f}" height="{row}" '
                f'fill="{colours[code]}"><title>{escape(chart.labels[code])}: '
                f"{value:.3f}</title></rect>"
            )
            x += length
        parts.append(
            f'<text x="{x + 6:.2f}" y="{y + row * 0.7:.1f}" fill="#1b1f24"{weight}>'
            f"{bar.score:.3f}</text>"
        )
    legend_top = bars_height + 16
    column_width = width // legend_columns
    for index, (code, label) in enumerate(chart.labels.items()):
        column, line = index % legend_columns, index // legend_columns
        x, y = column * column_width, legend_top + line * 18
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colours[code]}"/>'
            f'<text x="{x + 18}" y="{y + 10}" fill="#1b1f24" data-indicator={quoteattr(code)}>'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def matplotlib_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def new_figure(*, width: float, height: float, dpi: int) -> Any:
    """A matplotlib figure on the Agg canvas (no display), for the charts the DOCX files carry."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def figure_png(figure: Any) -> bytes:
    """The figure, laid out tight, as PNG bytes."""
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def render_png(chart: Chart, *, dpi: int = 150) -> bytes | None:
    """The chart as PNG through matplotlib's Agg canvas, or None when matplotlib is missing
    (the DOCX then carries the table only)."""
    try:
        figure = new_figure(width=7.5, height=0.45 * len(chart.bars) + 1.8, dpi=dpi)
    except ImportError:
        return None
    colours = chart.colours
    axes = figure.add_subplot()
    names = [bar.label for bar in chart.bars][::-1]
    lefts = [0.0] * len(chart.bars)
    for code, label in chart.labels.items():
        values = [dict(bar.parts).get(code, 0.0) for bar in chart.bars][::-1]
        axes.barh(names, values, left=lefts, color=colours[code], label=label, height=0.7)
        lefts = [left + value for left, value in zip(lefts, values, strict=True)]
    for position, bar in enumerate(reversed(chart.bars)):
        axes.text(bar.score + 0.005, position, f"{bar.score:.3f}", va="center", fontsize=8)
    axes.set_xlabel("score (sum of the indicators' contributions)")
    axes.set_title(chart.title, fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max((bar.score for bar in chart.bars), default=1.0) * 1.15)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=3, fontsize=7, frameon=False)
    return figure_png(figure)
