"""The JIS over the API: reads respect visibility (members see the working copy, everyone else
the latest adopted version of a public partnership); writes need a coordinator's token (members'
tokens may comment and propose).

No ``from __future__ import annotations`` here: ninja reads the schemas' types at run time.
"""

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from crosscluster.accounts.auth import api_viewer, token_auth, token_user
from crosscluster.core.api import ErrorOut
from crosscluster.directory.models import Organisation
from crosscluster.partnerships.models import Partnership
from crosscluster.strategy import adapters, permissions, queries, services
from crosscluster.strategy.models import (
    Comment,
    Initiative,
    JointOffering,
    PriorityMarket,
    RoadmapAction,
    SectionKey,
    SupportMechanism,
    TechnologyDomain,
)

router = Router(tags=["strategy"])

WRITE_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
READ_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 404: ErrorOut}
KEY_HELP = (
    "Stable key of the item across versions: technology:<tag slug>, offering:<id>, "
    "initiative:<id>, market:<ISO3>, support:<id>, action:<id>."
)


# ---------------------------------------------------------------- schemas (out)


class TechnologyDomainOut(Schema):
    id: int
    key: str = Field(description=KEY_HELP)
    tag: str = Field(description="Slug of the EDIH technology.")
    title: str
    rationale: str


class ContributionOut(Schema):
    organisation: str
    organisation_slug: str
    organisation_id: int
    contribution: str


class OfferingOut(Schema):
    id: int
    key: str
    title: str
    kind: str
    kind_label: str
    description: str
    contributions: list[ContributionOut]


class InitiativeOut(Schema):
    id: int
    key: str
    title: str
    kind: str = Field(description="commercialisation or internationalisation")
    target_group: str = Field(description="clusters, smes or both")
    target_group_label: str
    description: str


class MarketOut(Schema):
    id: int
    key: str
    rank: int
    title: str
    iso2: str
    iso3: str
    rationale: str
    ranking: dict[str, Any] = Field(
        description="The ranking the market was chosen from: score, rank, p_top, contributions, "
        "strengths, weaknesses, method, weights, data source and vintage, computed_at."
    )


class SupportMechanismOut(Schema):
    id: int
    key: str
    title: str
    mechanism: str
    kind: str
    kind_label: str
    region_code: str
    region: str
    organisation: str
    organisation_slug: str
    authority: str
    where: str
    description: str


class KpiOut(Schema):
    name: str
    target: str = Field(description="Decimal number as a string.")
    unit: str


class ActionOut(Schema):
    id: int
    key: str
    code: str
    title: str
    description: str
    owner: str
    owner_slug: str
    owner_id: int
    start_date: str
    end_date: str
    budget_line: str
    budget_eur: str | None = Field(description="Decimal amount in EUR as a string.")
    kpis: list[KpiOut]
    implements: list[str] = Field(description="Keys of the items the action implements.")


class SectionsOut(Schema):
    technologies: list[TechnologyDomainOut]
    offerings: list[OfferingOut]
    commercialisation: list[InitiativeOut]
    internationalisation: list[InitiativeOut]
    markets: list[MarketOut]
    support: list[SupportMechanismOut]
    roadmap: list[ActionOut]


class IdentityOut(Schema):
    slug: str
    name: str
    acronym: str
    coordinator: str
    funding_acknowledgement: str
    disclaimer: str


class VersionRef(Schema):
    number: int
    adopted_at: str
    adopted_by: str
    note: str


class StrategyOut(Schema):
    partnership: IdentityOut
    title: str
    summary: str
    period_start_date: str | None
    period_end_date: str | None
    state: str = Field(description="draft, in_review or adopted")
    is_working_copy: bool = Field(
        description="True: the current working copy (members); false: an adopted version."
    )
    version: VersionRef | None = Field(description="The adopted version shown, if it is one.")
    sections: SectionsOut


class VersionOut(Schema):
    number: int
    adopted_at: datetime
    adopted_by: str
    note: str


class RankedMarketOut(Schema):
    iso3: str
    name: str
    score: float
    rank: int
    p_top: float = Field(
        description="Share of Monte Carlo weight draws with the market in the top."
    )
    contributions: dict[str, float] = Field(description="Indicator -> part of the score.")
    rank_interval: list[int]
    explanation: str
    indicators: dict[str, dict[str, Any]] = Field(
        description="Indicator -> {value, year, imputed}: missing values are null and imputed."
    )


class ScreenedOutOut(Schema):
    iso3: str
    name: str
    reasons: list[str]


class MarketRankingOut(Schema):
    ranking: list[RankedMarketOut]
    weights: dict[str, float]
    weights_basis: str
    method: str
    top: int
    data: dict[str, Any] = Field(description="source, vintage, indicators, missing-data rule")
    what_would_change: dict[str, Any]
    screened_out: list[ScreenedOutOut]
    warnings: list[str]
    notes: list[str]
    options: dict[str, Any]
    ahp: dict[str, Any] | None


class CommentOut(Schema):
    id: int
    section: str
    item_key: str
    kind: str = Field(description="comment or proposal")
    body: str
    author: str
    status: str = Field(description="'' for comments; open, accepted or rejected for proposals")
    decision_note: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_author(comment: Comment) -> str:
        return comment.author_name


# ---------------------------------------------------------------- schemas (in)


class StrategyPatch(Schema):
    title: str | None = None
    summary: str | None = None
    period_start_date: date | None = None
    period_end_date: date | None = None


class TechnologyDomainIn(Schema):
    tag: str = Field(description="Slug of an EDIH technology (directory tags, facet technologies).")
    rationale: str = ""


class TechnologyDomainPatch(Schema):
    tag: str | None = None
    rationale: str | None = None


class ContributionIn(Schema):
    organisation: str = Field(description="Slug of a partner organisation.")
    contribution: str


class OfferingIn(Schema):
    kind: str = Field(description="product, service or both")
    title: str
    description: str = ""
    contributions: list[ContributionIn] = []


class OfferingPatch(Schema):
    kind: str | None = None
    title: str | None = None
    description: str | None = None
    contributions: list[ContributionIn] | None = None


class InitiativeIn(Schema):
    kind: str = Field(description="commercialisation or internationalisation")
    title: str
    description: str = ""
    target_group: str = Field("both", description="clusters, smes or both")


class InitiativePatch(Schema):
    title: str | None = None
    description: str | None = None
    target_group: str | None = None


class MarketChoiceIn(Schema):
    country: str = Field(description="ISO3 (KOR) or ISO2 (KR) of a ranked country.")
    rationale: str | None = Field(
        None, description="Omitted: keep the current rationale, or the ranking's explanation."
    )


class MarketsIn(Schema):
    markets: list[MarketChoiceIn] = Field(description="At most 4, in the order of priority.")
    outside_europe: bool | None = Field(
        None, description="Ranking option; default: true for ESCP-4i partnerships."
    )
    weights: str = Field("equal", description="equal or ahp (the partners' judgements)")
    method: str = Field("wsm", description="wsm or topsis")


class MarketPatch(Schema):
    rank: int | None = None
    rationale: str | None = None


class SupportMechanismIn(Schema):
    kind: str = Field(description="funding, advisory, network, policy or other")
    mechanism: str
    description: str = ""
    region: str = Field("", description="NUTS 2024 code, e.g. ES51.")
    organisation: str = Field("", description="Directory slug of the authority, if it has one.")
    authority: str = Field("", description="The authority's name, as written.")


class SupportMechanismPatch(Schema):
    kind: str | None = None
    mechanism: str | None = None
    description: str | None = None
    region: str | None = None
    organisation: str | None = None
    authority: str | None = None


class KpiIn(Schema):
    name: str
    target: Decimal
    unit: str = ""


class ActionIn(Schema):
    code: str = Field("", description="Empty: A1, A2, ...")
    title: str
    owner: str = Field(description="Slug of the partner organisation that owns the action.")
    start_date: date
    end_date: date
    description: str = ""
    budget_line: str = ""
    budget_eur: Decimal | None = None
    kpis: list[KpiIn] = []
    implements: list[str] = Field([], description=KEY_HELP)


class ActionPatch(Schema):
    code: str | None = None
    title: str | None = None
    owner: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    description: str | None = None
    budget_line: str | None = None
    budget_eur: Decimal | None = None
    kpis: list[KpiIn] | None = None
    implements: list[str] | None = None


class TransitionIn(Schema):
    to: str = Field(description="draft, in_review or adopted")
    note: str = ""


class CommentIn(Schema):
    section: str = Field(description="general, " + ", ".join(SectionKey.values[1:]))
    body: str
    kind: str = Field("comment", description="comment or proposal")
    item_key: str = Field("", description=KEY_HELP)


class DecisionIn(Schema):
    accept: bool
    note: str = Field("", description="Required when rejecting.")


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
        "sections": snapshot["sections"],
    }


def _item(partnership: Partnership, section: str, key: str) -> dict[str, Any]:
    snapshot = queries.build_snapshot(
        partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
    )
    return next(item for item in snapshot["sections"][section] if item["key"] == key)


def _organisation_id(slug: str | None) -> int | None:
    if not slug:
        return None
    return Organisation.objects.filter(slug=slug).values_list("pk", flat=True).first()


def _contributions(partnership: Partnership, contributions: list[ContributionIn]) -> dict[int, str]:
    partners = {
        organisation.slug: organisation.pk
        for organisation in queries.list_partner_organisations(partnership=partnership)
    }
    result: dict[int, str] = {}
    unknown = [part.organisation for part in contributions if part.organisation not in partners]
    if unknown:
        raise ValidationError(
            {
                "contributions": [
                    f"{', '.join(unknown)}: not a partner organisation of this partnership "
                    f"(partners: {', '.join(sorted(partners))})."
                ]
            }
        )
    for part in contributions:
        result[partners[part.organisation]] = part.contribution
    return result


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
    what would change the top N; ``weights`` equal or ahp (the partners' judgements)."""
    access = permissions.access_for_members(user=api_viewer(request), slug=slug)
    default = queries.default_ranking_options(partnership=access.partnership)
    options = adapters.RankingOptions(
        outside_europe=default.outside_europe if outside_europe is None else outside_europe,
        top=top,
        weights=weights,
        method=method,
    )
    return queries.get_market_ranking(partnership=access.partnership, options=options)


@router.get(
    "/{slug}/comments",
    response={200: list[CommentOut], **READ_ERRORS},
    summary="Comments and proposals on the working copy (members)",
)
def list_comments(request: HttpRequest, slug: str) -> list[Comment]:
    access = permissions.access_for_members(user=api_viewer(request), slug=slug)
    return queries.list_comments(strategy=queries.get_strategy(partnership=access.partnership))


# ---------------------------------------------------------------- writes: strategy and workflow


@router.patch(
    "/{slug}",
    response={200: StrategyOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change the title, vision or period (coordinators)",
)
def patch_strategy(request: HttpRequest, slug: str, payload: StrategyPatch) -> dict[str, Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    current = queries.build_snapshot(
        partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
    )
    header = services.StrategyHeader(
        title=current["title"],
        summary=current["summary"],
        period_start_date=date.fromisoformat(current["period_start_date"])
        if current["period_start_date"]
        else None,
        period_end_date=date.fromisoformat(current["period_end_date"])
        if current["period_end_date"]
        else None,
    )
    services.update_strategy(
        user=user,
        partnership=partnership,
        header=dataclasses.replace(header, **payload.model_dump(exclude_unset=True)),
    )
    return _strategy_out(permissions.access_strategy(user=user, slug=slug))


@router.post(
    "/{slug}/transitions",
    response={200: StrategyOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Move the strategy: draft -> in_review -> adopted, or back to draft (coordinators)",
)
def move_strategy(request: HttpRequest, slug: str, payload: TransitionIn) -> dict[str, Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    services.move_strategy(
        user=user, partnership=partnership, to=payload.to, note=payload.note, now=timezone.now()
    )
    return _strategy_out(permissions.access_strategy(user=user, slug=slug))


# ---------------------------------------------------------------- writes: items


@router.post(
    "/{slug}/technologies",
    response={201: TechnologyDomainOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a technology domain (coordinators)",
)
def add_technology(request: HttpRequest, slug: str, payload: TechnologyDomainIn) -> Status[Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    domain = services.save_technology_domain(
        user=user,
        partnership=partnership,
        data=services.TechnologyDomainInput(tag=payload.tag, rationale=payload.rationale),
    )
    return Status(201, _item(partnership, "technologies", f"technology:{domain.tag.slug}"))


@router.patch(
    "/{slug}/technologies/{item_id}",
    response={200: TechnologyDomainOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a technology domain (coordinators)",
)
def patch_technology(
    request: HttpRequest, slug: str, item_id: int, payload: TechnologyDomainPatch
) -> dict[str, Any]:
    user = token_user(request)
    domain = permissions.access_item_for_edit(
        user=user, slug=slug, model=TechnologyDomain, item_id=item_id
    )
    current = services.TechnologyDomainInput(tag=domain.tag.slug, rationale=domain.rationale)
    domain = services.save_technology_domain(
        user=user,
        partnership=domain.strategy.partnership,
        data=dataclasses.replace(current, **payload.model_dump(exclude_unset=True)),
        domain=domain,
    )
    return _item(domain.strategy.partnership, "technologies", f"technology:{domain.tag.slug}")


@router.post(
    "/{slug}/offerings",
    response={201: OfferingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a joint product or service (coordinators)",
)
def add_offering(request: HttpRequest, slug: str, payload: OfferingIn) -> Status[Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    offering = services.save_offering(
        user=user,
        partnership=partnership,
        data=services.OfferingInput(
            kind=payload.kind,
            title=payload.title,
            description=payload.description,
            contributions=_contributions(partnership, payload.contributions),
        ),
    )
    return Status(201, _item(partnership, "offerings", f"offering:{offering.pk}"))


@router.patch(
    "/{slug}/offerings/{item_id}",
    response={200: OfferingOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a joint product or service (coordinators)",
)
def patch_offering(
    request: HttpRequest, slug: str, item_id: int, payload: OfferingPatch
) -> dict[str, Any]:
    user = token_user(request)
    offering = permissions.access_item_for_edit(
        user=user, slug=slug, model=JointOffering, item_id=item_id
    )
    partnership = offering.strategy.partnership
    changes = payload.model_dump(exclude_unset=True)
    current = services.OfferingInput(
        kind=offering.kind,
        title=offering.title,
        description=offering.description,
        contributions={
            part.organisation_id: part.contribution for part in offering.contributions.all()
        },
    )
    if "contributions" in changes:
        changes["contributions"] = _contributions(partnership, payload.contributions or [])
    services.save_offering(
        user=user,
        partnership=partnership,
        data=dataclasses.replace(current, **changes),
        offering=offering,
    )
    return _item(partnership, "offerings", f"offering:{offering.pk}")


@router.post(
    "/{slug}/initiatives",
    response={201: InitiativeOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a commercialisation or internationalisation initiative (coordinators)",
)
def add_initiative(request: HttpRequest, slug: str, payload: InitiativeIn) -> Status[Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    initiative = services.save_initiative(
        user=user,
        partnership=partnership,
        data=services.InitiativeInput(**payload.model_dump()),
    )
    return Status(201, _item(partnership, initiative.kind, f"initiative:{initiative.pk}"))


@router.patch(
    "/{slug}/initiatives/{item_id}",
    response={200: InitiativeOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change an initiative (coordinators)",
)
def patch_initiative(
    request: HttpRequest, slug: str, item_id: int, payload: InitiativePatch
) -> dict[str, Any]:
    user = token_user(request)
    initiative = permissions.access_item_for_edit(
        user=user, slug=slug, model=Initiative, item_id=item_id
    )
    current = services.InitiativeInput(
        kind=initiative.kind,
        title=initiative.title,
        description=initiative.description,
        target_group=initiative.target_group,
    )
    services.save_initiative(
        user=user,
        partnership=initiative.strategy.partnership,
        data=dataclasses.replace(current, **payload.model_dump(exclude_unset=True)),
        initiative=initiative,
    )
    return _item(initiative.strategy.partnership, initiative.kind, f"initiative:{initiative.pk}")


@router.put(
    "/{slug}/markets",
    response={200: list[MarketOut], **WRITE_ERRORS},
    auth=token_auth,
    summary="Set the priority markets (at most 4) from the ranking (coordinators)",
)
def set_markets(request: HttpRequest, slug: str, payload: MarketsIn) -> list[dict[str, Any]]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    default = queries.default_ranking_options(partnership=partnership)
    options = adapters.RankingOptions(
        outside_europe=default.outside_europe
        if payload.outside_europe is None
        else payload.outside_europe,
        weights=payload.weights,
        method=payload.method,
    )
    services.choose_priority_markets(
        user=user,
        partnership=partnership,
        choices=[
            services.MarketChoice(country=choice.country, rationale=choice.rationale)
            for choice in payload.markets
        ],
        ranking=queries.get_market_ranking(partnership=partnership, options=options)
        if payload.markets
        else {"ranking": [], "screened_out": []},
        now=timezone.now(),
    )
    return queries.build_snapshot(
        partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
    )["sections"]["markets"]


@router.patch(
    "/{slug}/markets/{item_id}",
    response={200: MarketOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a priority market's rank or rationale (coordinators)",
)
def patch_market(
    request: HttpRequest, slug: str, item_id: int, payload: MarketPatch
) -> dict[str, Any]:
    user = token_user(request)
    market = permissions.access_item_for_edit(
        user=user, slug=slug, model=PriorityMarket, item_id=item_id
    )
    services.update_priority_market(
        user=user,
        market=market,
        rank=market.rank if payload.rank is None else payload.rank,
        rationale=market.rationale if payload.rationale is None else payload.rationale,
    )
    return _item(market.strategy.partnership, "markets", f"market:{market.country.iso3}")


@router.post(
    "/{slug}/support-mechanisms",
    response={201: SupportMechanismOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a support mechanism of a regional government (coordinators)",
)
def add_support_mechanism(
    request: HttpRequest, slug: str, payload: SupportMechanismIn
) -> Status[Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    mechanism = services.save_support_mechanism(
        user=user,
        partnership=partnership,
        data=services.SupportMechanismInput(
            kind=payload.kind,
            mechanism=payload.mechanism,
            description=payload.description,
            region_code=payload.region,
            organisation_slug=payload.organisation,
            authority=payload.authority,
        ),
    )
    return Status(201, _item(partnership, "support", f"support:{mechanism.pk}"))


@router.patch(
    "/{slug}/support-mechanisms/{item_id}",
    response={200: SupportMechanismOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a support mechanism (coordinators)",
)
def patch_support_mechanism(
    request: HttpRequest, slug: str, item_id: int, payload: SupportMechanismPatch
) -> dict[str, Any]:
    user = token_user(request)
    mechanism = permissions.access_item_for_edit(
        user=user, slug=slug, model=SupportMechanism, item_id=item_id
    )
    changes = payload.model_dump(exclude_unset=True)
    current = services.SupportMechanismInput(
        kind=mechanism.kind,
        mechanism=mechanism.mechanism,
        description=mechanism.description,
        region_code=mechanism.region_id or "",
        organisation_slug=mechanism.organisation.slug if mechanism.organisation else "",
        authority=mechanism.authority,
    )
    renamed = {"region": "region_code", "organisation": "organisation_slug"}
    data = dataclasses.replace(
        current, **{renamed.get(key, key): value or "" for key, value in changes.items()}
    )
    services.save_support_mechanism(
        user=user, partnership=mechanism.strategy.partnership, data=data, mechanism=mechanism
    )
    return _item(mechanism.strategy.partnership, "support", f"support:{mechanism.pk}")


def _action_input(payload: dict[str, Any]) -> dict[str, Any]:
    """API fields -> ``services.ActionInput`` fields (owner slug -> id, KPI rows)."""
    data = dict(payload)
    if "owner" in data:
        data["owner_id"] = _organisation_id(data.pop("owner"))
    if "kpis" in data:
        data["kpis"] = [services.KpiInput(**kpi) for kpi in data["kpis"] or []]
    if "implements" in data:
        data["implements"] = data["implements"] or []
    return data


@router.post(
    "/{slug}/actions",
    response={201: ActionOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Add a roadmap action with its KPIs (coordinators)",
)
def add_action(request: HttpRequest, slug: str, payload: ActionIn) -> Status[Any]:
    user = token_user(request)
    partnership = permissions.access_partnership_for_edit(user=user, slug=slug)
    action = services.save_action(
        user=user,
        partnership=partnership,
        data=services.ActionInput(**_action_input(payload.model_dump())),
    )
    return Status(201, _item(partnership, "roadmap", f"action:{action.pk}"))


@router.patch(
    "/{slug}/actions/{item_id}",
    response={200: ActionOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Change a roadmap action (coordinators)",
)
def patch_action(
    request: HttpRequest, slug: str, item_id: int, payload: ActionPatch
) -> dict[str, Any]:
    user = token_user(request)
    action = permissions.access_item_for_edit(
        user=user, slug=slug, model=RoadmapAction, item_id=item_id
    )
    partnership = action.strategy.partnership
    current_item = _item(partnership, "roadmap", f"action:{action.pk}")
    current = services.ActionInput(
        code=action.code,
        title=action.title,
        description=action.description,
        owner_id=action.owner_id,
        start_date=action.start_date,
        end_date=action.end_date,
        budget_line=action.budget_line,
        budget_eur=action.budget_eur,
        kpis=[services.KpiInput(**kpi) for kpi in current_item["kpis"]],
        implements=current_item["implements"],
    )
    data = dataclasses.replace(current, **_action_input(payload.model_dump(exclude_unset=True)))
    services.save_action(user=user, partnership=partnership, data=data, action=action)
    return _item(partnership, "roadmap", f"action:{action.pk}")


ITEM_PATHS: dict[str, tuple[type[Any], str]] = {
    "technologies": (TechnologyDomain, "a technology domain"),
    "offerings": (JointOffering, "a joint product or service"),
    "initiatives": (Initiative, "an initiative"),
    "markets": (PriorityMarket, "a priority market"),
    "support-mechanisms": (SupportMechanism, "a support mechanism"),
    "actions": (RoadmapAction, "a roadmap action (and its KPIs)"),
}


def _register_delete(path: str, model: type[Any], what: str) -> None:
    def delete_item(request: HttpRequest, slug: str, item_id: int) -> Status[None]:
        user = token_user(request)
        item = permissions.access_item_for_edit(user=user, slug=slug, model=model, item_id=item_id)
        services.remove_item(user=user, item=item)
        return Status(204, None)

    router.delete(
        f"/{{slug}}/{path}/{{item_id}}",
        response={204: None, **WRITE_ERRORS},
        auth=token_auth,
        operation_id=f"strategy_delete_{path.replace('-', '_')}",
        summary=f"Remove {what} (coordinators)",
    )(delete_item)


for _path, (_model, _what) in ITEM_PATHS.items():
    _register_delete(_path, _model, _what)


# ---------------------------------------------------------------- comments and proposals


@router.post(
    "/{slug}/comments",
    response={201: CommentOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Comment on a section or propose a change (members)",
)
def post_comment(request: HttpRequest, slug: str, payload: CommentIn) -> Status[Comment]:
    user = token_user(request)
    access = permissions.access_for_members(user=user, slug=slug)
    comment = services.post_comment(
        user=user,
        partnership=access.partnership,
        section=payload.section,
        body=payload.body,
        kind=payload.kind,
        item_key=payload.item_key,
        now=timezone.now(),
    )
    return Status(201, comment)


@router.post(
    "/{slug}/comments/{comment_id}/decision",
    response={200: CommentOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Accept or reject a proposal (coordinators)",
)
def decide_proposal(
    request: HttpRequest, slug: str, comment_id: int, payload: DecisionIn
) -> Comment:
    user = token_user(request)
    comment = permissions.access_proposal_for_decision(user=user, slug=slug, comment_id=comment_id)
    return services.decide_proposal(
        user=user, comment=comment, accept=payload.accept, note=payload.note, now=timezone.now()
    )
