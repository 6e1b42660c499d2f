from __future__ import annotations

import gzip
from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core import stored_text
from crosscluster.core.api import ErrorOut
from crosscluster.monitoring import permissions, queries, services, wording
from crosscluster.monitoring.models import NetworkSnapshot

router = Router(tags=["monitoring"])


class IndicatorBreakdownOut(Schema):
    dimension: str
    description: str


class IndicatorDefinitionOut(Schema):
    key: str
    label: str
    formula: str
    unit: str
    sources: list[str]
    nature: str
    #: the page the same number is on
    page: str
    breakdowns: list[IndicatorBreakdownOut]
    #: public, or members (computed only for the partnership's members and coordinators)
    audience: str


class FigureOut(Schema):
    indicator: IndicatorDefinitionOut
    value: float
    #: quarter -> value (flow indicators)
    series: dict[str, float]
    #: month -> value (flow indicators)
    monthly: dict[str, float]
    breakdown: dict[str, float]
    #: dimension (country, type, size, partner cluster, year, status) -> category -> value
    breakdowns: dict[str, dict[str, float]]
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
        label=str(indicator.label),  # in the request's language
        formula=str(indicator.formula),
        unit=str(indicator.unit),
        sources=list(indicator.sources),
        nature=indicator.nature,
        page=str(indicator.page),
        breakdowns=[
            IndicatorBreakdownOut(dimension=dimension, description=str(description))
            for dimension, description in indicator.breakdowns
        ],
        audience=indicator.audience,
    )


@router.get("/indicators", response=list[IndicatorDefinitionOut])
def list_indicators(request: HttpRequest) -> list[IndicatorDefinitionOut]:
    """Every indicator of the scoreboard with its definition."""
    return [_indicator(indicator) for indicator in queries.INDICATORS]


@router.get("/{slug}/scoreboard", response={200: ScoreboardOut, 400: ErrorOut, 404: ErrorOut})
def get_scoreboard(request: HttpRequest, slug: str, period: str = "") -> ScoreboardOut:
    """The partnership's indicators; ``period`` is a year (2026) or a quarter (2026-Q2). The
    business plan's (audience "members") only for the partnership's members and coordinators."""
    user = api_viewer(request)
    partnership = permissions.access_scoreboard(user=user, slug=slug)
    try:
        board = queries.compute_scoreboard(
            partnership=partnership,
            today=timezone.localdate(),
            period=period,
            members=queries.can_see_internal(user=user, partnership=partnership),
        )
    except ValueError as error:
        raise HttpError(400, _("period: %(problem)s") % {"problem": error}) from error
    return ScoreboardOut(
        partnership=partnership.slug,
        period=board.period,
        figures=[
            FigureOut(
                indicator=_indicator(figure.indicator),
                value=figure.value,
                series=figure.series,
                monthly=figure.monthly,
                breakdown=figure.breakdown,
                breakdowns=figure.breakdowns,
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
    slug: str
    score: float
    #: in the request's language, from ``reason_parts``
    reasons: list[str]
    #: one per reason: ``common_partners`` (count, shown, more), ``two_steps`` or
    #: ``structural_hole`` (count); {} for a reason that migration 0004 could not read back
    reason_parts: list[dict[str, object]] = []


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
    #: ids, highest betweenness first (the first 10)
    brokers: list[str]
    isolated_members: list[str]
    communities: int
    #: betweenness estimated from this many sources (None: exact)
    betweenness_samples: int | None


class NetworkNodesOut(Schema):
    """One array per field, the i-th entry of each describing the i-th organisation."""

    id: list[str]
    label: list[str]
    slug: list[str]
    country: list[str]
    kind: list[str]
    sector: list[str]
    #: the partner clusters each belongs to (a partner lists itself); empty: beyond the partnership
    clusters: list[list[str]]
    partner: list[bool]
    x: list[float]
    y: list[float]
    degree: list[int]
    betweenness: list[float]
    community: list[int]


class NetworkTiesOut(Schema):
    """One array per field: ``source`` and ``target`` are positions in ``nodes``, ``kind`` a
    position in ``kinds``, ``tie_class`` a position in ``classes``."""

    source: list[int]
    target: list[int]
    kind: list[int]
    tie_class: list[int]
    year: list[int | None]


class NetworkOut(Schema):
    format: int
    partnership: str
    #: changes whenever the network does (also the ETag)
    version: str
    computed_at: str
    summary: NetworkSummaryOut
    kinds: list[str]
    classes: list[str]
    nodes: NetworkNodesOut
    ties: NetworkTiesOut
    suggestions: list[PartnerSuggestionsOut]


class NetworkStatusOut(Schema):
    #: queued or running: being computed; done; failed (the previous network, if any, is served)
    status: str
    requested_at: datetime
    computed_at: datetime | None
    checked_at: datetime | None
    compute_seconds: float | None
    version: str
    #: size of the gzipped payload of GET .../network
    payload_bytes: int
    error: str


class NetworkTieOut(Schema):
    source: str
    source_label: str
    target: str
    target_label: str
    kind: str
    tie_class: str
    year: int | None
    #: why the tie exists, in the request's language (worded from ``reason_parts``; as
    #: stored where it has none)
    reason: str
    #: the reason as a code and its values (names, numbers); empty for a reason stored before
    #: the parts were kept that migration 0004 could not read back
    reason_parts: dict[str, object] = {}


class TiePageOut(Schema):
    #: of the stored network (see .../network/status)
    status: str
    count: int
    page: int
    pages: int
    ties: list[NetworkTieOut]


def _status(snapshot: NetworkSnapshot) -> NetworkStatusOut:
    return NetworkStatusOut(
        status=snapshot.status,
        requested_at=snapshot.requested_at,
        computed_at=snapshot.computed_at,
        checked_at=snapshot.checked_at,
        compute_seconds=snapshot.compute_seconds,
        version=snapshot.version,
        payload_bytes=snapshot.payload_bytes,
        error=stored_text.word(snapshot.error),
    )


@router.get(
    "/{slug}/network",
    response={200: NetworkOut, 202: NetworkStatusOut, 304: None, 404: ErrorOut},
)
def get_network(request: HttpRequest, slug: str) -> HttpResponse | Status[NetworkStatusOut]:
    """The collaboration network for the map, in a compact form (one array per field; ties
    refer to organisations by position), gzipped when the client accepts it, with an ETag (its
    ``version``). It is computed in the background: 202 with the status while the first
    computation runs (poll ``.../network/status``); a stored network older than
    CROSSCLUSTER_NETWORK_MAX_AGE is served while a new one is computed. The reasons of the
    ties are in ``.../network/ties?organisation=ID``; the partner suggestions' ``reasons`` are
    in the request's language (the same as codes and values in ``reason_parts``; a reason
    without them is as stored)."""
    partnership = permissions.access_scoreboard(user=api_viewer(request), slug=slug)
    snapshot = services.request_network(partnership=partnership, now=timezone.now())
    stored = queries.get_network_payload(partnership=partnership)
    if stored is None:
        return Status(202, _status(snapshot))
    payload, version = wording.payload_for_reader(*stored)
    etag = f'"{version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(payload, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(payload), content_type="application/json")
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "no-cache"
    return response


@router.get("/{slug}/network/status", response={200: NetworkStatusOut, 404: ErrorOut})
def get_network_status(request: HttpRequest, slug: str) -> NetworkStatusOut:
    """Where the network's computation stands (queues one when none is stored or it is stale)."""
    partnership = permissions.access_scoreboard(user=api_viewer(request), slug=slug)
    return _status(services.request_network(partnership=partnership, now=timezone.now()))


@router.post(
    "/{slug}/network/refresh",
    response={202: NetworkStatusOut, 403: ErrorOut, 404: ErrorOut},
    auth=token_auth,
)
def refresh_network(request: HttpRequest, slug: str) -> Status[NetworkStatusOut]:
    """Compute the network again now (coordinators), e.g. after an import."""
    user = token_user(request)
    partnership = permissions.access_scoreboard(user=user, slug=slug)
    snapshot = services.refresh_network(user=user, partnership=partnership, now=timezone.now())
    return Status(202, _status(snapshot))


@router.get("/{slug}/network/ties", response={200: TiePageOut, 400: ErrorOut, 404: ErrorOut})
def list_network_ties(
    request: HttpRequest,
    slug: str,
    search: str = "",
    kind: str = "",
    country: str = "",
    organisation: str = "",
    page: int = 1,
) -> TiePageOut:
    """The ties of the stored network with their reasons, 50 a page (the table view); ``search``
    an organisation's name (either end), ``kind`` a tie kind, ``country`` an ISO code (either
    end), ``organisation`` an organisation id (either end: what the map lists on a click)."""
    partnership = permissions.access_scoreboard(user=api_viewer(request), slug=slug)
    snapshot = services.request_network(partnership=partnership, now=timezone.now())
    try:
        found = queries.page_ties(
            snapshot=queries.get_network_snapshot(partnership=partnership),
            search=search[:200],
            kind=kind,
            country=country.upper()[:2],
            organisation=organisation[:20],
            page=page,
        )
    except ValueError as error:
        raise HttpError(400, _("kind: %(problem)s") % {"problem": error}) from error
    return TiePageOut(
        status=snapshot.status,
        count=found.count,
        page=found.page,
        pages=found.pages,
        ties=[
            NetworkTieOut(
                source=row.source,
                source_label=row.source_label,
                target=row.target,
                target_label=row.target_label,
                kind=row.kind,
                tie_class=row.tie_class,
                year=row.year,
                reason=wording.tie_reason(row.reason, dict(row.reason_parts)),
                reason_parts=dict(row.reason_parts),
            )
            for row in found.rows
        ],
    )
