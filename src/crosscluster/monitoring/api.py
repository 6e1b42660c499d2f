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


# ----------------------------------------------------------------------------- network


class NetworkNodeOut(Schema):
    id: str
    label: str
    slug: str
    country: str
    kind: str
    sector: str
    #: partner clusters it belongs to (a partner lists itself); empty: beyond the partnership
    clusters: list[str]
    partner: bool
    x: float
    y: float
    degree: int
    betweenness: float
    community: int


class NetworkTieOut(Schema):
    source: str
    target: str
    kind: str
    tie_class: str
    year: int | None
    reason: str


class TieShareOut(Schema):
    part: int
    total: int
    share: float | None


class YearSharesOut(Schema):
    year: int
    ties: int
    cross_border: TieShareOut
    cross_sector: TieShareOut
    by_class: dict[str, int]


class SuggestedPartnerOut(Schema):
    organisation_id: str
    label: str
    score: float
    reasons: list[str]


class PartnerSuggestionsOut(Schema):
    organisation_id: str
    label: str
    suggestions: list[SuggestedPartnerOut]


class NetworkSummaryOut(Schema):
    organisations: int
    ties: int
    by_class: dict[str, int]
    by_kind: dict[str, int]
    cross_border: TieShareOut
    cross_sector: TieShareOut
    by_year: list[YearSharesOut]
    brokers: list[str]
    isolated_members: list[str]
    communities: int
    #: betweenness estimated from this many sources (None: exact)
    betweenness_samples: int | None


class NetworkOut(Schema):
    partnership: str
    summary: NetworkSummaryOut
    nodes: list[NetworkNodeOut]
    ties: list[NetworkTieOut]
    suggestions: list[PartnerSuggestionsOut]


class TiePageOut(Schema):
    count: int
    page: int
    pages: int
    ties: list[NetworkTieOut]


def _share(share: queries.Share) -> TieShareOut:
    return TieShareOut(part=share.part, total=share.total, share=share.share)


def network_out(view: queries.NetworkView) -> NetworkOut:
    """The whole network as the page's renderer and API clients read it."""
    analysis = view.analysis
    metrics = {node.id: node for node in analysis.nodes}
    return NetworkOut(
        partnership=view.partnership.slug,
        summary=NetworkSummaryOut(
            organisations=len(view.network.organisations),
            ties=len(view.network.ties),
            by_class=analysis.by_class,
            by_kind=analysis.by_kind,
            cross_border=_share(analysis.cross_border),
            cross_sector=_share(analysis.cross_sector),
            by_year=[
                YearSharesOut(
                    year=year.year,
                    ties=year.ties,
                    cross_border=_share(year.cross_border),
                    cross_sector=_share(year.cross_sector),
                    by_class=year.by_class,
                )
                for year in analysis.by_year
            ],
            brokers=list(analysis.brokers[:10]),
            isolated_members=list(analysis.isolated_members),
            communities=len(analysis.communities),
            betweenness_samples=analysis.betweenness_samples,
        ),
        nodes=[
            NetworkNodeOut(
                id=organisation.id,
                label=organisation.label,
                slug=str(view.rows[organisation.id]["slug"]),
                country=organisation.country,
                kind=organisation.kind,
                sector=organisation.sector,
                clusters=list(organisation.clusters),
                partner=organisation.id in view.partner_ids,
                x=metrics[organisation.id].x,
                y=metrics[organisation.id].y,
                degree=metrics[organisation.id].degree,
                betweenness=metrics[organisation.id].betweenness,
                community=metrics[organisation.id].community,
            )
            for organisation in view.network.organisations
        ],
        ties=[
            NetworkTieOut(
                source=tie.source,
                target=tie.target,
                kind=tie.kind.value,
                tie_class=tie_class.value,
                year=tie.year,
                reason=tie.reason,
            )
            for tie, tie_class in zip(view.network.ties, analysis.tie_classes, strict=True)
        ],
        suggestions=[
            PartnerSuggestionsOut(
                organisation_id=found.organisation_id,
                label=view.label(found.organisation_id),
                suggestions=[
                    SuggestedPartnerOut(
                        organisation_id=suggestion.organisation_id,
                        label=view.label(suggestion.organisation_id),
                        score=suggestion.score,
                        reasons=list(suggestion.reasons),
                    )
                    for suggestion in found.suggestions
                ],
            )
            for found in view.suggestions
        ],
    )


@router.get("/{slug}/network", response={200: NetworkOut, 404: ErrorOut})
def get_network(request: HttpRequest, slug: str) -> NetworkOut:
    """The collaboration network: organisations with layout positions, ties with their kind,
    class and reason, the classification shares, and suggested partners with reasons."""
    partnership = permissions.access_scoreboard(user=api_viewer(request), slug=slug)
    return network_out(queries.get_network(partnership=partnership, now=timezone.now()))


@router.get("/{slug}/network/ties", response={200: TiePageOut, 400: ErrorOut, 404: ErrorOut})
def list_network_ties(
    request: HttpRequest,
    slug: str,
    search: str = "",
    kind: str = "",
    country: str = "",
    page: int = 1,
) -> TiePageOut:
    """The ties of the network's table view, 50 a page; ``search`` an organisation's name (either
    end), ``kind`` a tie kind, ``country`` an ISO code (either end)."""
    partnership = permissions.access_scoreboard(user=api_viewer(request), slug=slug)
    try:
        _, found = queries.get_network_page(
            partnership=partnership,
            now=timezone.now(),
            search=search,
            kind=kind,
            country=country.upper(),
            page=page,
        )
    except ValueError as error:
        raise HttpError(400, f"kind: {error}") from error
    return TiePageOut(
        count=found.count,
        page=found.page,
        pages=found.pages,
        ties=[
            NetworkTieOut(
                source=row.source,
                target=row.target,
                kind=row.kind,
                tie_class=row.tie_class,
                year=row.year,
                reason=row.reason,
            )
            for row in found.rows
        ],
    )
