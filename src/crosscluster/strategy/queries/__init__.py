"""Reads about a partnership's JIS: the working copy and versions as snapshots, comments, the
market ranking. Other apps (the business plan) read roadmap actions through ``list_roadmap_actions``.

A *snapshot* is the JSON form of the whole strategy: what an adopted version stores, what pages,
the API and the exports render, and what ``compare.compare_snapshots`` compares. The working copy
is turned into one on the fly by ``build_snapshot``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from crosscluster.directory import queries as directory_queries
from crosscluster.engines.ranking import InputError
from crosscluster.engines.versions.compare import Comparison, compare_snapshots
from crosscluster.partnerships import queries as partnerships_queries
from crosscluster.partnerships.queries import Standing
from crosscluster.strategy import adapters
from crosscluster.strategy.models import (
    Initiative,
    InitiativeKind,
    JointOffering,
    MarketJudgement,
    OfferingContribution,
    PriorityMarket,
    RoadmapAction,
    SectionKey,
    Strategy,
    StrategyState,
    StrategyVersion,
    SupportMechanism,
    TechnologyDomain,
)
from crosscluster.strategy.queries.comments import (
    count_comments_by_section as count_comments_by_section,
)
from crosscluster.strategy.queries.comments import list_comments as list_comments
from crosscluster.strategy.queries.comparison import (
    with_countries_from_regions as with_countries_from_regions,
)
from crosscluster.strategy.queries.progress import (
    ActionProgress as ActionProgress,
)
from crosscluster.strategy.queries.progress import (
    RoadmapProgress as RoadmapProgress,
)
from crosscluster.strategy.queries.progress import (
    get_roadmap_progress as get_roadmap_progress,
)
from crosscluster.strategy.queries.reader import for_reader as for_reader
from crosscluster.strategy.queries.reader import reader_identity as reader_identity

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation, Tag
    from crosscluster.partnerships.models import Partnership

SNAPSHOT_SCHEMA = 1
RANKING_CACHE_SECONDS = 3600
#: part of a cached ranking's key: bump when the result's shape changes, so a result cached by
#: the code before is not served ("2": the screens', warnings', notes', source's and vintage's
#: parts kept beside their English, worded for the reader)
RANKING_RESULT_VERSION = "2"


# ---------------------------------------------------------------- the strategy and its sections


def get_strategy(*, partnership: Partnership) -> Strategy | None:
    return Strategy.objects.filter(partnership=partnership).first()


def list_partner_organisations(*, partnership: Partnership) -> list[Organisation]:
    """The partnership's partner organisations (who may contribute, own actions, judge markets)."""
    return partnerships_queries.list_partner_organisations_by_name(partnership=partnership)


def list_technology_tags() -> QuerySet[Tag]:
    """The EDIH taxonomy's technologies (the only labels a technology domain may use)."""
    return directory_queries.list_technology_tags()


def list_roadmap_actions(*, strategy: Strategy) -> QuerySet[RoadmapAction]:
    """Roadmap actions in order, with owners and KPIs (the business plan attaches to these)."""
    return (
        RoadmapAction.objects.filter(strategy=strategy)
        .select_related("owner")
        .prefetch_related("kpis")
        .order_by("position", "start_date", "code", "pk")
    )


def _decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.normalize(), "f")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def format_eur(value: str | Decimal | None) -> str:
    """``"12000.5"`` -> ``"EUR 12,000.50"`` (the exports and pages show budgets this way)."""
    if value is None or value == "":
        return ""
    return f"EUR {Decimal(value):,.2f}"


def _period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return ""
    return f"{start.isoformat() if start else '…'} to {end.isoformat() if end else '…'}"


def partnership_identity(partnership: Partnership) -> dict[str, Any]:
    """The partnership as the JIS's and the S3 guidelines' snapshots name it."""
    coordinator = partnership.coordinator
    return {
        "slug": partnership.slug,
        "name": partnership.name,
        "acronym": partnership.acronym,
        "kind": partnership.get_kind_display(),
        "coordinator": coordinator.name,
        "coordinator_country": coordinator.country.name,
        "coordinator_country_code": coordinator.country.iso2,
        "coordinator_contact_name": partnership.coordinator_contact_name,
        "funding_acknowledgement": partnership.funding_acknowledgement,
        "disclaimer": partnership.disclaimer,
    }


def _empty_sections() -> dict[str, list[dict[str, Any]]]:
    return {key: [] for key in SectionKey.values if key != SectionKey.GENERAL}


def build_snapshot(*, partnership: Partnership, strategy: Strategy | None) -> dict[str, Any]:
    """The working copy as a snapshot (also what adoption freezes). A fixed number of queries."""
    if strategy is None:
        return {
            "schema": SNAPSHOT_SCHEMA,
            "partnership": partnership_identity(partnership),
            "title": "Joint Internationalisation Strategy",
            "summary": "",
            "period_start_date": None,
            "period_end_date": None,
            "period": "",
            "state": StrategyState.DRAFT.value,
            "version": None,
            "sections": _empty_sections(),
        }
    sections = _empty_sections()
    titles: dict[str, str] = {}

    for domain in (
        TechnologyDomain.objects.filter(strategy=strategy)
        .select_related("tag")
        .order_by("position", "tag__label")
    ):
        item: dict[str, Any] = {
            "key": f"technology:{domain.tag.slug}",
            "id": domain.pk,
            "title": domain.tag.label,
            "tag": domain.tag.slug,
            "rationale": domain.rationale,
        }
        sections[SectionKey.TECHNOLOGIES].append(item)

    contributions = Prefetch(
        "contributions",
        queryset=OfferingContribution.objects.select_related("organisation").order_by(
            "organisation__name"
        ),
    )
    for offering in (
        JointOffering.objects.filter(strategy=strategy)
        .prefetch_related(contributions)
        .order_by("position", "pk")
    ):
        parts = [
            {
                "organisation": part.organisation.name,
                "organisation_slug": part.organisation.slug,
                "organisation_id": part.organisation_id,
                "contribution": part.contribution,
            }
            for part in offering.contributions.all()
        ]
        sections[SectionKey.OFFERINGS].append(
            {
                "key": f"offering:{offering.pk}",
                "id": offering.pk,
                "title": offering.title,
                "kind": offering.kind,
                "kind_label": offering.get_kind_display(),
                "description": offering.description,
                "contributions": parts,
                "contributions_text": "\n".join(
                    f"{part['organisation']}: {part['contribution']}" for part in parts
                ),
            }
        )

    for initiative in Initiative.objects.filter(strategy=strategy).order_by("position", "pk"):
        section = (
            SectionKey.COMMERCIALISATION
            if initiative.kind == InitiativeKind.COMMERCIALISATION
            else SectionKey.INTERNATIONALISATION
        )
        sections[section].append(
            {
                "key": f"initiative:{initiative.pk}",
                "id": initiative.pk,
                "title": initiative.title,
                "kind": initiative.kind,
                "target_group": initiative.target_group,
                "target_group_label": initiative.get_target_group_display(),
                "description": initiative.description,
            }
        )

    for market in (
        PriorityMarket.objects.filter(strategy=strategy)
        .select_related("country")
        .order_by("rank", "slot")
    ):
        ranking = market.ranking or {}
        score_text = (
            f"{ranking['score']:.3f} (rank {ranking['rank']} of {ranking['ranked']}, "
            f"in the top {ranking['top']} in {ranking['p_top']:.0%} of draws)"
            if ranking.get("score") is not None
            else ""
        )
        sections[SectionKey.MARKETS].append(
            {
                "key": f"market:{market.country.iso3}",
                "id": market.pk,
                "title": market.country.name,
                "rank": market.rank,
                "iso2": market.country.iso2,
                "iso3": market.country.iso3,
                "rationale": market.rationale,
                "ranking": ranking,
                "score_text": score_text,
            }
        )

    for mechanism in (
        SupportMechanism.objects.filter(strategy=strategy)
        .select_related("country", "region", "organisation")
        .order_by("position", "pk")
    ):
        where = [
            part
            for part in (
                mechanism.organisation.name if mechanism.organisation else "",
                mechanism.authority,
                str(mechanism.region) if mechanism.region else "",
            )
            if part
        ]
        sections[SectionKey.SUPPORT].append(
            {
                "key": f"support:{mechanism.pk}",
                "id": mechanism.pk,
                "title": mechanism.mechanism,
                "mechanism": mechanism.mechanism,
                "kind": mechanism.kind,
                "kind_label": mechanism.get_kind_display(),
                "country": mechanism.country_id or "",  # ISO code; its English name below
                "country_name": mechanism.country.name if mechanism.country else "",
                "region_code": mechanism.region_id or "",
                "region": mechanism.region.label if mechanism.region else "",
                "organisation": mechanism.organisation.name if mechanism.organisation else "",
                "organisation_slug": mechanism.organisation.slug if mechanism.organisation else "",
                "authority": mechanism.authority,
                "where": ", ".join(where),
                "description": mechanism.description,
            }
        )

    for section_items in sections.values():
        for item in section_items:
            titles[item["key"]] = item["title"]
    order = {key: position for position, key in enumerate(titles)}

    actions = list_roadmap_actions(strategy=strategy).prefetch_related(
        Prefetch("technology_domains", queryset=TechnologyDomain.objects.select_related("tag")),
        "offerings",
        "initiatives",
        Prefetch("markets", queryset=PriorityMarket.objects.select_related("country")),
        "support_mechanisms",
    )
    for action in actions:
        implements = sorted(
            [f"technology:{domain.tag.slug}" for domain in action.technology_domains.all()]
            + [f"offering:{offering.pk}" for offering in action.offerings.all()]
            + [f"initiative:{initiative.pk}" for initiative in action.initiatives.all()]
            + [f"market:{market.country.iso3}" for market in action.markets.all()]
            + [f"support:{mechanism.pk}" for mechanism in action.support_mechanisms.all()],
            key=lambda key: (order.get(key, len(order)), key),
        )
        kpis = [
            {"name": kpi.name, "target": _decimal(kpi.target), "unit": kpi.unit}
            for kpi in sorted(action.kpis.all(), key=lambda kpi: (kpi.position, kpi.pk))
        ]
        budget = _money(action.budget_eur)
        sections[SectionKey.ROADMAP].append(
            {
                "key": f"action:{action.pk}",
                "id": action.pk,
                "code": action.code,
                "title": action.title,
                "description": action.description,
                "owner": action.owner.name,
                "owner_slug": action.owner.slug,
                "owner_id": action.owner_id,
                "start_date": action.start_date.isoformat(),
                "end_date": action.end_date.isoformat(),
                "dates": _period(action.start_date, action.end_date),
                "budget_line": action.budget_line,
                "budget_eur": budget,
                "budget_text": " · ".join(
                    part for part in (action.budget_line, format_eur(budget)) if part
                ),
                "kpis": kpis,
                "kpis_text": "\n".join(
                    f"{kpi['name']}: {kpi['target']} {kpi['unit']}".strip() for kpi in kpis
                ),
                "implements": implements,
                "implements_text": "\n".join(titles.get(key, key) for key in implements),
            }
        )

    return {
        "schema": SNAPSHOT_SCHEMA,
        "partnership": partnership_identity(partnership),
        "title": strategy.title,
        "summary": strategy.summary,
        "period_start_date": strategy.period_start_date.isoformat()
        if strategy.period_start_date
        else None,
        "period_end_date": strategy.period_end_date.isoformat()
        if strategy.period_end_date
        else None,
        "period": _period(strategy.period_start_date, strategy.period_end_date),
        "state": strategy.state,
        "version": None,
        "sections": sections,
    }


def item_titles(snapshot: dict[str, Any]) -> dict[str, str]:
    """Item key -> title, for every item of every section."""
    return {item["key"]: item["title"] for items in snapshot["sections"].values() for item in items}


def total_budget(snapshot: dict[str, Any]) -> str | None:
    amounts = [
        Decimal(action["budget_eur"])
        for action in snapshot["sections"]["roadmap"]
        if action["budget_eur"] is not None
    ]
    return f"{sum(amounts, Decimal(0)):.2f}" if amounts else None


# ---------------------------------------------------------------- versions


def list_versions(*, strategy: Strategy | None) -> list[StrategyVersion]:
    if strategy is None:
        return []
    return list(
        StrategyVersion.objects.filter(strategy=strategy).defer("snapshot").order_by("-number")
    )


def get_latest_version(*, strategy: Strategy | None) -> StrategyVersion | None:
    if strategy is None:
        return None
    return StrategyVersion.objects.filter(strategy=strategy).order_by("-number").first()


def get_version(*, strategy: Strategy | None, number: int) -> StrategyVersion:
    version = (
        None
        if strategy is None
        else StrategyVersion.objects.filter(strategy=strategy, number=number).first()
    )
    if version is None:
        raise StrategyVersion.DoesNotExist(gettext("No such version of the strategy."))
    return version


def version_snapshot(version: StrategyVersion) -> dict[str, Any]:
    snapshot = dict(version.snapshot)
    snapshot["version"] = {
        "number": version.number,
        "adopted_at": version.adopted_at.isoformat(),
        "adopted_by": version.adopted_by_name,
        "note": version.note,
    }
    snapshot["state"] = StrategyState.ADOPTED.value
    return snapshot


def compare_version_with_previous(*, version: StrategyVersion) -> Comparison:
    previous = (
        StrategyVersion.objects.filter(strategy_id=version.strategy_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    return compare_snapshots(
        None if previous is None else with_countries_from_regions(previous.snapshot),
        version_snapshot(version),
    )


# ---------------------------------------------------------------- what a viewer sees


@dataclass(frozen=True)
class StrategyView:
    """What a viewer sees of a partnership's JIS: the working copy (members) or the latest
    adopted version (everyone else), as a snapshot."""

    partnership: Partnership
    standing: Standing
    strategy: Strategy | None
    snapshot: dict[str, Any]
    is_working_copy: bool

    @property
    def can_edit(self) -> bool:
        return (
            self.standing.is_coordinator
            and self.is_working_copy
            and (self.strategy is None or self.strategy.is_editable)
        )

    @property
    def can_read_drafts(self) -> bool:
        return self.standing.is_member or self.standing.is_coordinator


def has_visible_strategy(*, partnership: Partnership, standing: Standing) -> bool:
    """Whether the viewer has a strategy page to go to (for a link on the partnership page):
    members and coordinators always (the working copy), others once a version is adopted."""
    if standing.is_member or standing.is_coordinator:
        return True
    return StrategyVersion.objects.filter(strategy__partnership=partnership).exists()


def view_strategy(*, partnership: Partnership, standing: Standing) -> StrategyView:
    """The working copy for members and coordinators; the latest adopted version for others
    (``StrategyVersion.DoesNotExist`` when there is none: drafts are not public)."""
    strategy = get_strategy(partnership=partnership)
    if standing.is_member or standing.is_coordinator:
        return StrategyView(
            partnership=partnership,
            standing=standing,
            strategy=strategy,
            snapshot=build_snapshot(partnership=partnership, strategy=strategy),
            is_working_copy=True,
        )
    version = get_latest_version(strategy=strategy)
    if version is None:
        raise StrategyVersion.DoesNotExist(
            gettext("The partnership has not adopted its strategy yet.")
        )
    return StrategyView(
        partnership=partnership,
        standing=standing,
        strategy=strategy,
        snapshot=version_snapshot(version),
        is_working_copy=False,
    )


# ---------------------------------------------------------------- market ranking


def list_partner_countries(*, partnership: Partnership) -> list[adapters.PartnerCountry]:
    members = partnerships_queries.list_partners_with_countries(partnership=partnership)
    return [
        adapters.partner_country(
            member.organisation.name,
            member.organisation.country.iso2,
            member.organisation.country.iso3,
            member.organisation.country.name,
        )
        for member in members
    ]


def list_judgements(*, strategy: Strategy | None) -> list[MarketJudgement]:
    if strategy is None:
        return []
    return list(
        MarketJudgement.objects.filter(strategy=strategy)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def default_ranking_options(*, partnership: Partnership) -> adapters.RankingOptions:
    """ESCP-4i partnerships go international: markets outside Europe by default."""
    return adapters.RankingOptions(
        outside_europe=partnerships_queries.goes_international(partnership=partnership)
    )


def get_market_ranking(
    *, partnership: Partnership, options: adapters.RankingOptions
) -> dict[str, Any]:
    """The engine's ranking for the partnership's partner countries (JSON, see
    ``report.ranking_to_dict``), cached per (partners, options, judgements).

    Raises ``ValidationError`` naming the field when it cannot be computed.
    """
    strategy = get_strategy(partnership=partnership)
    partners = list_partner_countries(partnership=partnership)
    judgements = adapters.judgements_from_rows(
        [
            (judgement.organisation.name, judgement.criteria, judgement.matrix)
            for judgement in list_judgements(strategy=strategy)
        ],
        adapters.available_criteria(
            with_partner_distances=any(partner.has_distances for partner in partners)
        ),
    )
    fingerprint = json.dumps(
        {
            "partners": [(p.organisation, p.iso3, p.has_distances) for p in partners],
            "options": options.as_dict(),
            "judgements": [(j.partner, j.criteria, j.matrix) for j in judgements]
            if options.weights == "ahp"
            else [],
        },
        sort_keys=True,
    )
    key = (
        f"strategy:ranking:v{RANKING_RESULT_VERSION}:"
        + hashlib.sha256(fingerprint.encode()).hexdigest()
    )
    cached: dict[str, Any] | None = cache.get(key)
    if cached is not None:
        return cached
    try:
        result = adapters.rank_for_partnership(
            partners=partners, options=options, judgements=judgements
        )
    except InputError as error:
        field, _, message = str(error).partition(": ")
        if not message:
            field, message = "ranking", str(error)
        raise ValidationError({field.split(".")[0].split(" ")[0]: [message]}) from error
    cache.set(key, result, RANKING_CACHE_SECONDS)
    return result


# ---------------------------------------------------------------- reads for the business plan


def list_action_periods(*, strategy: Strategy) -> list[tuple[date, date]]:
    """(start date, end date) of each of the strategy's roadmap actions."""
    return list(
        RoadmapAction.objects.filter(strategy=strategy).values_list("start_date", "end_date")
    )


def find_action(*, strategy_id: int, action_id: int) -> RoadmapAction | None:
    """The strategy's roadmap action with this id, or None."""
    return RoadmapAction.objects.filter(pk=action_id, strategy_id=strategy_id).first()


def list_actions_by_id(*, strategy_id: int, action_ids: Collection[int]) -> list[RoadmapAction]:
    """The strategy's roadmap actions among ``action_ids`` (others are left out)."""
    return list(RoadmapAction.objects.filter(pk__in=action_ids, strategy_id=strategy_id))
