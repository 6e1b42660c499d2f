"""Charts of the business plan, drawn on the server as accessible inline SVG (pages and PDF) the
way ``strategy.charts`` draws the market contributions: no JavaScript, no CDN; every figure is
also in a table next to the chart.

- ``shares_svg``: one horizontal bar per level (regional, national, EU, own), length = amount;
- ``cash_flow_svg``: per year, a bar for costs and one for financing, and the cumulative
  balance as a line with dots (a dashed zero line when it goes negative).

``shares_png`` and ``cash_flow_png`` draw the same two charts with matplotlib for the DOCX.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from crosscluster.engines.financing.checks import LevelShare, YearFlow
from crosscluster.strategy.charts import figure_png, new_figure

LEVEL_COLOURS = {"regional": "#009E73", "national": "#E69F00", "eu": "#0072B2", "own": "#CC79A7"}
COST_COLOUR, FINANCING_COLOUR, BALANCE_COLOUR = "#D55E00", "#0072B2", "#1b1f24"
TEXT = "#1b1f24"


def _k(value: Decimal | float) -> str:
    """12345.6 -> '12.3k'; 1234567 -> '1.23m' (chart labels; tables carry the exact amounts)."""
    number = float(value)
    if abs(number) >= 1_000_000:
        return f"{number / 1_000_000:.2f}m"
    if abs(number) >= 1000:
        return f"{number / 1000:.1f}k"
    return f"{number:.0f}"


def _open(width: int, height: int, chart_id: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="plan-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-description" '
        f'font-family="DejaVu Sans, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-description">{escape(description)}</desc>',
    ]


def shares_svg(shares: Sequence[LevelShare], *, width: int = 640) -> str:
    name_width, row, gap = 150, 24, 8
    plot = width - name_width - 150
    top = max((float(share.amount) for share in shares), default=0.0) or 1.0
    height = len(shares) * (row + gap) + 4
    total = sum((share.amount for share in shares), Decimal(0))
    description = (
        "Financing by level: "
        + "; ".join(f"{share.label} EUR {share.amount:,.2f} ({share.percent}%)" for share in shares)
        + f". Total EUR {total:,.2f}."
    )
    parts = _open(width, height, "shares-chart", "Financing by level", description)
    for index, share in enumerate(shares):
        y = index * (row + gap)
        length = float(share.amount) / top * plot
        parts.append(
            f'<text x="{name_width - 8}" y="{y + row * 0.7:.1f}" text-anchor="end" '
            f'fill="{TEXT}">{escape(share.label)}</text>'
        )
        if length > 0:
            parts.append(
                f'<rect x="{name_width}" y="{y}" width="{length:.2f}" height="{row}" '
                f'fill="{LEVEL_COLOURS.get(share.level, "#999999")}"><title>'
                f"{escape(share.label)}: EUR {share.amount:,.2f}</title></rect>"
            )
        parts.append(
            f'<text x="{name_width + length + 6:.2f}" y="{y + row * 0.7:.1f}" fill="{TEXT}">'
            f"{_k(share.amount)} · {share.percent}%</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def cash_flow_svg(flows: Sequence[YearFlow], *, width: int = 640, height: int = 260) -> str:
    left, right, top_margin, bottom = 64, 16, 12, 46
    plot_width = width - left - right
    plot_height = height - top_margin - bottom
    values = [0.0]
    for flow in flows:
        values += [float(flow.cost), float(flow.financing), float(flow.cumulative)]
    high, low = max(values), min(values)
    span = (high - low) or 1.0

    def y_of(value: float) -> float:
        return top_margin + (high - value) / span * plot_height

    description = (
        "Costs, financing and cumulative balance per year: "
        + "; ".join(
            f"{flow.year}: costs EUR {flow.cost:,.2f}, financing EUR {flow.financing:,.2f}, "
            f"cumulative EUR {flow.cumulative:,.2f}"
            for flow in flows
        )
        + "."
    )
    parts = _open(width, height, "cash-flow-chart", "Cash-flow per year", description)
    zero = y_of(0.0)
    dashes = ' stroke-dasharray="4 3"' if low < 0 else ""
    parts.append(
        f'<line x1="{left}" y1="{zero:.2f}" x2="{width - right}" y2="{zero:.2f}" '
        f'stroke="#55606e" stroke-width="1"{dashes}/>'
    )
    for value in (high, low):
        if value:
            parts.append(
                f'<text x="{left - 6}" y="{y_of(value) + 4:.2f}" text-anchor="end" '
                f'fill="{TEXT}" font-size="10">{_k(value)}</text>'
            )
    parts.append(
        f'<text x="{left - 6}" y="{zero + 4:.2f}" text-anchor="end" fill="{TEXT}" '
        'font-size="10">0</text>'
    )
    slot = plot_width / max(len(flows), 1)
    bar = min(28.0, slot / 3)
    points = []
    for index, flow in enumerate(flows):
        centre = left + slot * (index + 0.5)
        for offset, value, colour, label in (
            (-bar, float(flow.cost), COST_COLOUR, "costs"),
            (0.0, float(flow.financing), FINANCING_COLOUR, "financing"),
        ):
            y = y_of(max(value, 0.0))
            parts.append(
                f'<rect x="{centre + offset:.2f}" y="{y:.2f}" width="{bar:.2f}" '
                f'height="{max(zero - y, 0.0):.2f}" fill="{colour}"><title>{flow.year} '
                f"{label}: EUR {value:,.2f}</title></rect>"
            )
        points.append((centre, y_of(float(flow.cumulative)), flow))
        parts.append(
            f'<text x="{centre:.2f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="{TEXT}">{flow.year}</text>'
        )
    if points:
        path = " ".join(f"{x:.2f},{y:.2f}" for x, y, _ in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{BALANCE_COLOUR}" stroke-width="2"/>'
        )
        for x, y, flow in points:
            parts.append(
                f'<circle cx="{x:.2f}" cy="{y:.2f}" r="3.5" fill="{BALANCE_COLOUR}"><title>'
                f"{flow.year} cumulative balance: EUR {flow.cumulative:,.2f}</title></circle>"
            )
    legend_y = height - 14
    for index, (colour, label) in enumerate(
        (
            (COST_COLOUR, "Costs"),
            (FINANCING_COLOUR, "Financing"),
            (BALANCE_COLOUR, "Cumulative balance"),
        )
    ):
        x = left + index * 150
        parts.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{legend_y}" fill="{TEXT}">{label}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------- PNG (for the DOCX)


def shares_png(shares: Sequence[LevelShare], *, dpi: int = 150) -> bytes | None:
    """The financing-by-level bars as PNG (matplotlib's Agg canvas); None when nothing is financed."""
    if not shares or not any(share.amount for share in shares):
        return None
    figure = new_figure(width=7, height=0.5 * len(shares) + 1.2, dpi=dpi)
    axes = figure.add_subplot()
    names = [share.label for share in shares][::-1]
    amounts = [float(share.amount) for share in shares][::-1]
    colours = [LEVEL_COLOURS.get(share.level, "#999999") for share in shares][::-1]
    axes.barh(names, amounts, color=colours, height=0.6)
    for position, share in enumerate(reversed(shares)):
        axes.text(
            float(share.amount), position, f"  {_k(share.amount)} · {share.percent}%", va="center",
            fontsize=8,
        )  # fmt: skip
    axes.set_xlim(0, max(amounts) * 1.3)
    axes.set_xlabel("EUR")
    axes.set_title("Financing by level", fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    return figure_png(figure)


def cash_flow_png(flows: Sequence[YearFlow], *, dpi: int = 150) -> bytes | None:
    """Costs and financing per year (bars) and the cumulative balance (line) as PNG."""
    if not flows:
        return None
    figure = new_figure(width=7, height=3.2, dpi=dpi)
    axes = figure.add_subplot()
    positions = list(range(len(flows)))
    axes.bar([p - 0.2 for p in positions], [float(f.cost) for f in flows], width=0.4,
             color=COST_COLOUR, label="Costs")  # fmt: skip
    axes.bar([p + 0.2 for p in positions], [float(f.financing) for f in flows], width=0.4,
             color=FINANCING_COLOUR, label="Financing")  # fmt: skip
    axes.plot(positions, [float(f.cumulative) for f in flows], color=BALANCE_COLOUR, marker="o",
              label="Cumulative balance")  # fmt: skip
    axes.axhline(0, color="#55606e", linewidth=0.8)
    axes.set_xticks(positions, [str(flow.year) for flow in flows])
    axes.set_ylabel("EUR")
    axes.set_title("Cash-flow per year", fontsize=10)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, frameon=False)
    return figure_png(figure)
