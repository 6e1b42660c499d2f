"""The charts' texts (title, legend, the description a screen reader announces) are in the
reader's language, the amounts in its format (issue 14; found by the German page sweep)."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

from django.utils import translation

from crosscluster.businessplan.documents import charts
from crosscluster.engines.financing.checks import LevelShare, YearFlow

FLOWS = [
    YearFlow(
        year=2026, cost=Decimal(12000), financing=Decimal("10000.5"), cumulative=Decimal("-1999.5")
    )
]
SHARES = [LevelShare(level="eu", label="EU", amount=Decimal(9000), percent=Decimal("90.0"))]


def test_the_charts_in_german_name_their_parts_and_amounts_the_german_way() -> None:
    with translation.override("de"):
        flow = charts.draw_cash_flow(FLOWS)
        shares = charts.draw_shares(SHARES)
        svg = flow.svg()
    assert flow.title == "Cashflow pro Jahr"
    assert shares.title == "Finanzierung nach Ebene"
    assert "Kosten" in svg  # the legend, drawn in German
    assert "Kumulierter Saldo" in svg
    assert "Cumulative balance" not in svg
    assert "12.000,00\u00a0€" in flow.description  # not "EUR 12,000.00"
    assert "9.000,00\u00a0€" in shares.description
    assert "EUR 12,000.00" not in flow.description


def test_in_english_the_description_reads_as_before_with_the_currency_sign() -> None:
    with translation.override("en"):
        flow = charts.draw_cash_flow(FLOWS)
    assert flow.description == (
        "Costs, financing and cumulative balance per year: "
        "2026: costs €12,000.00, financing €10,000.50, cumulative -€1,999.50."
    )


def test_the_bar_labels_drawn_in_german_are_in_the_german_number_format() -> None:
    shares = [LevelShare(level="eu", label="EU", amount=Decimal(12345), percent=Decimal("90.5"))]
    with translation.override("de"):
        svg = charts.draw_shares(shares).svg()
        flow = charts.draw_cash_flow(
            [YearFlow(year=2026, cost=Decimal(1500), financing=Decimal(0), cumulative=Decimal(0))]
        ).svg()
    texts = [
        " ".join(unescape(text).split()) for text in re.findall(r"<text\b[^>]*>(.*?)</text>", svg)
    ]
    assert "12,3 Tsd. · 90,5 %" in texts, texts  # not "12.3k · 90.5%": as the table writes it
    assert "1.000" in re.findall(r"<text\b[^>]*>(.*?)</text>", flow)  # the axis, grouped


def test_the_levels_are_named_in_the_readers_language_and_their_shares_in_its_format() -> None:
    """The engine's shares carry English labels ("National", "Own contributions"): the chart's
    bars and its description name the levels from the catalogue, the share with a decimal
    comma (qa6: "National 0,00 € (0.0%)" on the Portuguese and Swedish plan)."""
    shares = [
        LevelShare(level="national", label="National", amount=Decimal(0), percent=Decimal("0.0")),
        LevelShare(
            level="own", label="Own contributions", amount=Decimal(10), percent=Decimal("20.5")
        ),
    ]
    with translation.override("pt"):
        chart = charts.draw_shares(shares)
        svg = chart.svg()
    assert "Nacional" in chart.description
    assert "(20,5%)" in chart.description
    assert "National" not in chart.description
    assert "20.5%" not in chart.description
    assert "Own contributions" not in svg
