"""The business plan's two charts, each drawn once (``core.documents.charts``): ``.svg()`` for
the page and the PDF, ``.png()`` for the DOCX; every figure is also in a table next to it.

- ``draw_shares``: one horizontal bar per level (regional, national, EU, own), length = amount;
- ``draw_cash_flow``: per year, a bar for costs and one for financing, and the cumulative
  balance as a line with dots (the zero line dashed when the balance goes negative).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from crosscluster.businessplan.models import FinancingLevel
from crosscluster.core.documents.charts import (
    MUTED_COLOUR,
    TEXT_COLOUR,
    ChartFigure,
    finish,
    new_figure,
    style_axes,
    thousands,
)
from crosscluster.core.templatetags.crosscluster import money, percent
from crosscluster.engines.financing.checks import LevelShare, YearFlow

LEVEL_COLOURS = {"regional": "#009E73", "national": "#E69F00", "eu": "#0072B2", "own": "#CC79A7"}
COST_COLOUR, FINANCING_COLOUR, BALANCE_COLOUR = "#D55E00", "#0072B2", TEXT_COLOUR


def level_label(code: str) -> str:
    """A financing level as the plan's tables name it, in the reader's language (the engine's
    shares carry English labels)."""
    return str(dict(FinancingLevel.choices).get(code, code))


def draw_shares(shares: Sequence[LevelShare]) -> ChartFigure:
    """Financing by level: a bar per level, labelled with its amount and share."""
    figure = new_figure(width=7, height=0.5 * len(shares) + 1.2)
    axes = figure.add_subplot()
    names = [level_label(share.level) for share in shares][::-1]
    amounts = [float(share.amount) for share in shares][::-1]
    colours = [LEVEL_COLOURS.get(share.level, "#999999") for share in shares][::-1]
    axes.barh(names, amounts, color=colours, height=0.6)
    for position, share in enumerate(reversed(shares)):
        axes.text(float(share.amount), position, f"  {thousands(share.amount)} · {percent(share.percent)}",
                  va="center", fontsize=8, color=TEXT_COLOUR)  # fmt: skip
    axes.set_xlim(0, (max(amounts, default=0.0) or 1.0) * 1.3)
    axes.set_xlabel("EUR", fontsize=8)
    axes.set_title(_("Financing by level"), fontsize=10)
    style_axes(axes)
    total = sum((share.amount for share in shares), Decimal(0))
    levels = "; ".join(
        f"{level_label(share.level)} {money(share.amount)} ({percent(share.percent)})"
        for share in shares
    )
    description = _("Financing by level: %(levels)s. Total: %(total)s.") % {
        "levels": levels,
        "total": money(total),
    }
    return ChartFigure(
        figure=finish(figure),
        chart_id="shares-chart",
        title=_("Financing by level"),
        description=description,
        css_class="plan-chart",
    )


def shares_png(shares: Sequence[LevelShare]) -> bytes | None:
    """The DOCX's financing-by-level chart; None when nothing is financed."""
    if not shares or not any(share.amount for share in shares):
        return None
    return draw_shares(shares).png()


def draw_cash_flow(flows: Sequence[YearFlow]) -> ChartFigure:
    """Costs and financing per year (bars) and the cumulative balance (line)."""
    figure = new_figure(width=7, height=3.2)
    axes = figure.add_subplot()
    positions = list(range(len(flows)))
    axes.bar([p - 0.2 for p in positions], [float(f.cost) for f in flows], width=0.4,
             color=COST_COLOUR, label=_("Costs"))  # fmt: skip
    axes.bar([p + 0.2 for p in positions], [float(f.financing) for f in flows], width=0.4,
             color=FINANCING_COLOUR, label=_("Financing"))  # fmt: skip
    axes.plot(positions, [float(f.cumulative) for f in flows], color=BALANCE_COLOUR, marker="o",
              label=_("Cumulative balance"))  # fmt: skip
    negative = any(flow.cumulative < 0 for flow in flows)
    axes.axhline(0, color=MUTED_COLOUR, linewidth=0.8, linestyle="--" if negative else "-")
    axes.set_xticks(positions, [str(flow.year) for flow in flows])
    axes.set_ylabel("EUR", fontsize=8)
    axes.set_title(_("Cash-flow per year"), fontsize=10)
    style_axes(axes)
    axes.legend(fontsize=7, frameon=False)
    years = "; ".join(
        _("%(year)s: costs %(costs)s, financing %(financing)s, cumulative %(cumulative)s")
        % {
            "year": flow.year,
            "costs": money(flow.cost),
            "financing": money(flow.financing),
            "cumulative": money(flow.cumulative),
        }
        for flow in flows
    )
    description = _("Costs, financing and cumulative balance per year: %(years)s.") % {
        "years": years
    }
    return ChartFigure(
        figure=finish(figure),
        chart_id="cash-flow-chart",
        title=_("Cash-flow per year"),
        description=description,
        css_class="plan-chart",
    )


def cash_flow_png(flows: Sequence[YearFlow]) -> bytes | None:
    """The DOCX's cash-flow chart; None when the plan has no year."""
    return draw_cash_flow(flows).png() if flows else None
