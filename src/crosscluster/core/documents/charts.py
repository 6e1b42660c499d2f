"""Charts drawn once and written twice: one matplotlib figure per chart gives the accessible
inline SVG of the pages and PDFs and the PNG of the DOCX files. No JavaScript, no CDN.

An app defines each figure once, as a function that draws a :class:`ChartFigure` (its
matplotlib figure plus the title and the description a screen reader announces); the page calls
``.svg()``, the DOCX ``.png()``. The SVG keeps its text as text (``svg.fonttype: none``), carries
``role="img"``, a ``<title>`` and a ``<desc>`` linked by ``aria-labelledby``, and drops
matplotlib's metadata and global style so it can sit inline in a page; its styles become
presentation attributes (the Content-Security-Policy allows no inline style). Every figure a chart
shows is also in a table next to it.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from django.utils import formats
from django.utils.translation import pgettext

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# 13 distinguishable colours (Okabe-Ito, then Tol's muted scheme); legends and tables carry the
# same information for readers who cannot tell them apart.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#332288", "#88CCEE", "#117733", "#999933", "#882255", "#AA4499",
)  # fmt: skip
TEXT_COLOUR = "#1b1f24"
MUTED_COLOUR = "#55606e"
FONT_FAMILY = "DejaVu Sans"

_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_STYLE = re.compile(r"\s*<style[^>]*>.*?</style>", re.DOTALL)
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_GROUP_ID = re.compile(r'<g id="[^"]*"')  # figure_1, axes_1, ...: the same in every chart
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')


def new_figure(*, width: float, height: float, dpi: int = 150) -> Figure:
    """A matplotlib figure on the Agg canvas (no display), ``width`` x ``height`` inches."""
    # matplotlib is loaded when a chart is first drawn, not when the apps start (1.5-2.5 s of
    # every process's start, the matching worker's too, which draws none).
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def thousands(value: float | Decimal) -> str:
    """A short amount for a chart's label in the reader's format (tables carry the exact
    amounts): 12345.6 -> "12.3k" in English, "12,3 Tsd." in German; 1234567 -> "1.23m",
    "1,23 Mio."."""
    number = float(value)
    if abs(number) >= 1_000_000:
        return pgettext("a chart's short amount, millions", "%(number)sm") % {
            "number": local_number(number / 1_000_000, 2)
        }
    if abs(number) >= 1000:
        return pgettext("a chart's short amount, thousands", "%(number)sk") % {
            "number": local_number(number / 1000, 1)
        }
    return local_number(number)


@dataclass(frozen=True)
class ChartFigure:
    """One drawn chart: the figure and what a screen reader announces for it."""

    figure: Figure
    chart_id: str  # unique on a page: the ids of the SVG's title and description derive from it
    title: str
    description: str
    css_class: str = "chart"

    def png(self, *, dpi: int | None = None) -> bytes:
        """The chart as PNG, laid out tight (for the DOCX)."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", bbox_inches="tight", dpi=dpi or "figure")
        return buffer.getvalue()

    def svg(self) -> str:
        """The chart as an accessible inline SVG element (for pages and the PDF)."""
        buffer = io.StringIO()
        from matplotlib import rc_context

        with rc_context({"svg.fonttype": "none", "svg.hashsalt": self.chart_id}):
            self.figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        text = _PROLOGUE.sub("", buffer.getvalue(), count=1)
        text = _GROUP_ID.sub("<g", _STYLE.sub("", _METADATA.sub("", text)))
        text = _STYLE_ATTRIBUTE.sub(_presentation_attributes, text)
        title_id, description_id = f"{self.chart_id}-title", f"{self.chart_id}-description"
        accessible = (
            f' class={quoteattr(self.css_class)} role="img" '
            f'aria-labelledby="{title_id} {description_id}">'
            f'<title id="{title_id}">{escape(self.title)}</title>'
            f'<desc id="{description_id}">{escape(self.description)}</desc>'
        )
        return _SVG_OPEN.sub(lambda match: f"<svg{match.group(1)}{accessible}", text, count=1)


def _presentation_attributes(match: re.Match[str]) -> str:
    """``style="fill: #fff; stroke-width: 0.8"`` -> ``fill="#fff" stroke-width="0.8"``: the
    pages' Content-Security-Policy allows no inline styles, and every property matplotlib writes
    is also an SVG presentation attribute."""
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            attributes.append(f"{name.strip()}={quoteattr(value.strip())}")
    return "".join(f" {attribute}" for attribute in attributes)


def finish(figure: Figure) -> Figure:
    """Lay the figure out tight before it is written."""
    figure.tight_layout()
    return figure


def style_axes(axes: Any) -> None:
    """The house style for every chart's axes: no top and right frame, readable text, the
    numbers on the axes in the reader's format ("1.200" in German, "1,200" in English)."""
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(colors=TEXT_COLOUR, labelsize=8)
    for axis in (axes.xaxis, axes.yaxis):
        if isinstance(axis.get_major_formatter(), ScalarFormatter):  # not names nor years
            axis.set_major_formatter(FuncFormatter(_tick_label))


def local_number(value: float | Decimal, decimals: int = 0) -> str:
    """``value`` in the active language's format: its decimal mark and thousands grouping
    ("1.234,5" in German), as the tables beside the charts write it."""
    return formats.number_format(
        round(float(value), decimals),
        decimals,
        use_l10n=True,
        force_grouping=True,
    )


def _tick_label(value: float, _position: object) -> str:
    decimals = next((d for d in range(3) if abs(value * 10**d - round(value * 10**d)) < 1e-6), 2)
    return local_number(value, decimals)
