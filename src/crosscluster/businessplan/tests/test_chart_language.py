"""The charts' texts (title, legend, the description a screen reader announces) are in the
reader's language, the amounts in its format (issue 14; found by the German page sweep)."""

from __future__ import annotations

from decimal import Decimal

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
