from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import ErrorOut
from crosscluster.monitoring import permissions, queries, services

router = Router(tags=["monitoring"])


class IndicatorDefinitionOut(Schema):
    key: str
    label: str
    formula: str
    unit: str
    sources: list[str]
    nature: str


class FigureOut(Schema):
    indicator: IndicatorDefinitionOut
    value: float
    series: dict[str, float]
    breakdown: dict[str, float]
    target: Decimal | None
    progress_percent: int | None


class ScoreboardOut(Schema):
    partnership: str
    period: str
    figures: list[FigureOut]


class TargetIn(Schema):
    indicator: str
    period: str
    value: str


class TargetOut(Schema):
    indicator: str
    period: str
    value: Decimal


def _indicator(indicator: queries.Indicator) -> IndicatorDefinitionOut:
    return IndicatorDefinitionOut(
        key=indicator.key,
        label=indicator.label,
        formula=indicator.formula,
        unit=indicator.unit,
        sources=list(indicator.sources),
        nature=indicator.nature,
    )


@router.get("/indicators", response=list[IndicatorDefinitionOut])
def list_indicators(request: HttpRequest) -> list[IndicatorDefinitionOut]:
    """Every indicator of the scoreboard with its definition."""
    return [_indicator(indicator) for indicator in queries.INDICATORS]


@router.get("/{slug}/scoreboard", response={200: ScoreboardOut, 400: ErrorOut, 404: ErrorOut})
def get_scoreboard(request: HttpRequest, slug: str, period: str = "") -> ScoreboardOut:
    """The partnership's indicators; ``period`` is a year (2026) or a quarter (2026-Q2)."""
    partnership = permissions.access_scoreboard(user=api_viewer(request), slug=slug)
    try:
        board = queries.compute_scoreboard(
            partnership=partnership, today=timezone.localdate(), period=period
        )
    except ValueError as error:
        raise HttpError(400, f"period: {error}") from error
    return ScoreboardOut(
        partnership=partnership.slug,
        period=board.period,
        figures=[
            FigureOut(
                indicator=_indicator(figure.indicator),
                value=figure.value,
                series=figure.series,
                breakdown=figure.breakdown,
                target=figure.target,
                progress_percent=figure.progress_percent,
            )
            for figure in board.figures
        ],
    )


@router.get("/{slug}/targets", response={200: list[TargetOut], 404: ErrorOut})
def list_targets(request: HttpRequest, slug: str) -> list[TargetOut]:
    partnership = permissions.access_scoreboard(user=api_viewer(request), slug=slug)
    return [
        TargetOut(indicator=target.indicator, period=target.period, value=target.value)
        for target in queries.list_targets(partnership=partnership)
    ]


@router.put(
    "/{slug}/targets",
    response={200: TargetOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
)
def set_target(request: HttpRequest, slug: str, payload: TargetIn) -> TargetOut:
    """Set or replace a target (coordinators only)."""
    user = token_user(request)
    partnership = permissions.access_scoreboard(user=user, slug=slug)
    target = services.set_target(
        user=user,
        partnership=partnership,
        indicator=payload.indicator,
        period=payload.period,
        value=payload.value,
        now=timezone.now(),
    )
    return TargetOut(indicator=target.indicator, period=target.period, value=target.value)
