"""Reading the JIS over the API: the strategy, its versions, the market ranking, comments.

No ``from __future__ import annotations`` here: ninja reads the operations' types at run time.
"""

from typing import Any

from django.http import HttpRequest

from crosscluster.accounts.auth import api_viewer
from crosscluster.strategy import adapters, permissions, queries, wording
from crosscluster.strategy.api.common import READ_ERRORS, _strategy_out, router
from crosscluster.strategy.api.schemas import (
    CommentOut,
    MarketRankingOut,
    StrategyOut,
    VersionComparisonOut,
    VersionOut,
)
from crosscluster.strategy.models import (
    Comment,
)

# ---------------------------------------------------------------- reads


@router.get(
    "/{slug}",
    response={200: StrategyOut, **READ_ERRORS},
    summary="The JIS of a partnership (working copy for members, else the adopted version)",
)
def get_strategy(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _strategy_out(permissions.access_strategy(user=api_viewer(request), slug=slug))


@router.get(
    "/{slug}/versions",
    response={200: list[VersionOut], **READ_ERRORS},
    summary="Adopted versions, newest first",
)
def list_versions(request: HttpRequest, slug: str) -> list[VersionOut]:
    access = permissions.access_partnership(user=api_viewer(request), slug=slug)
    return [
        VersionOut(
            number=version.number,
            adopted_at=version.adopted_at,
            adopted_by=version.adopted_by_name,
            note=version.note,
        )
        for version in queries.list_versions(
            strategy=queries.get_strategy(partnership=access.partnership)
        )
    ]


@router.get(
    "/{slug}/versions/{number}",
    response={200: StrategyOut, **READ_ERRORS},
    summary="One adopted version (an immutable snapshot)",
)
def get_version(request: HttpRequest, slug: str, number: int) -> dict[str, Any]:
    viewer = api_viewer(request)
    version = permissions.access_version(user=viewer, slug=slug, number=number)
    access = permissions.access_partnership(user=viewer, slug=slug)
    return _strategy_out(
        queries.StrategyView(
            partnership=access.partnership,
            standing=access.standing,
            strategy=version.strategy,
            snapshot=queries.version_snapshot(version),
            is_working_copy=False,
        )
    )


@router.get(
    "/{slug}/versions/{number}/comparison",
    response={200: VersionComparisonOut, **READ_ERRORS},
    throttle=[permissions.COMPARISON_THROTTLE],
    summary="What an adopted version changed from the one before (rate-limited: 429)",
)
def compare_version(request: HttpRequest, slug: str, number: int) -> dict[str, Any]:
    version = permissions.access_version(user=api_viewer(request), slug=slug, number=number)
    comparison = queries.compare_version_with_previous(version=version)
    return {
        "number": version.number,
        "previous": version.number - 1 if version.number > 1 else None,
        "counts": comparison.counts,
        "header": comparison.header,
        "sections": [section for section in comparison.sections if not section.is_empty],
    }


@router.get(
    "/{slug}/markets/ranking",
    response={200: MarketRankingOut, **READ_ERRORS},
    summary="The priority-market ranking for the partners' countries (members)",
)
def get_market_ranking(
    request: HttpRequest,
    slug: str,
    outside_europe: bool | None = None,
    top: int = 4,
    weights: str = "equal",
    method: str = "wsm",
) -> dict[str, Any]:
    """Ranks the countries on the shipped WDI/CEPII indicators. ``outside_europe`` screens out
    European countries (default: true for ESCP-4i partnerships); ``top`` is the N of p_top and of
    what would change the top N; ``weights`` equal or ahp (the partners' judgements). The
    explanations, the indicators' names, units and transforms, why countries were screened out,
    the warnings and notes, the missing-data rule, the method, the AHP consistency warnings and
    the data's source and vintage are in the request's language (``Accept-Language``), as on
    the ranking page; the ``*_parts`` (and ``missing_limit``) hold the same as codes and
    values."""
    access = permissions.access_for_members(user=api_viewer(request), slug=slug)
    default = queries.default_ranking_options(partnership=access.partnership)
    options = adapters.RankingOptions(
        outside_europe=default.outside_europe if outside_europe is None else outside_europe,
        top=top,
        weights=weights,
        method=method,
    )
    return wording.ranking_for_reader(
        queries.get_market_ranking(partnership=access.partnership, options=options)
    )


@router.get(
    "/{slug}/comments",
    response={200: list[CommentOut], **READ_ERRORS},
    summary="Comments and proposals on the working copy (members)",
)
def list_comments(request: HttpRequest, slug: str) -> list[Comment]:
    access = permissions.access_for_members(user=api_viewer(request), slug=slug)
    return queries.list_comments(strategy=queries.get_strategy(partnership=access.partnership))
