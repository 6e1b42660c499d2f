"""The JIS API's router, error responses and the helpers its operations share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ninja import Router

from crosscluster.core.api import ErrorOut
from crosscluster.strategy import queries, wording

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

router = Router(tags=["strategy"])

WRITE_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
READ_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 404: ErrorOut}
KEY_HELP = (
    "Stable key of the item across versions: technology:<tag slug>, offering:<id>, "
    "initiative:<id>, market:<ISO3>, support:<id>, action:<id>."
)


# ---------------------------------------------------------------- helpers


def _strategy_out(view: queries.StrategyView) -> dict[str, Any]:
    snapshot = view.snapshot
    return {
        "partnership": snapshot["partnership"],
        "title": snapshot["title"],
        "summary": snapshot["summary"],
        "period_start_date": snapshot["period_start_date"],
        "period_end_date": snapshot["period_end_date"],
        "state": snapshot["state"],
        "is_working_copy": view.is_working_copy,
        "version": snapshot["version"],
        "sections": _sections_out(snapshot["sections"]),
    }


def _sections_out(sections: dict[str, Any]) -> dict[str, Any]:
    """The snapshot's sections as the API gives them: as stored, each priority market with its
    rationale in the request's language beside (``rationale_text``)."""
    return {**sections, "markets": markets_out(sections.get("markets", []))}


def markets_out(markets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **market,
            "rationale_text": wording.market_rationale(market),
            "data_text": wording.ranking_data_line(market.get("ranking") or {}),
        }
        for market in markets
    ]


def _item(partnership: Partnership, section: str, key: str) -> dict[str, Any]:
    snapshot = queries.build_snapshot(
        partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
    )
    sections = _sections_out(snapshot["sections"])
    return next(item for item in sections[section] if item["key"] == key)
