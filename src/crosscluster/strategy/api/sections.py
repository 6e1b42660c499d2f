"""Adding, changing and removing the items of the JIS's sections (priority markets included).

No ``from __future__ import annotations`` here: ninja reads the operations' types at run time.
"""

import dataclasses
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Status

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.directory import queries as directory_queries
from crosscluster.strategy import adapters, permissions, queries, services
from crosscluster.strategy.api.common import WRITE_ERRORS, _item, markets_out, router
from crosscluster.strategy.api.schemas import (
    ActionIn,
    ActionOut,
    ActionPatch,
    InitiativeIn,
    InitiativeOut,
    InitiativePatch,
    MarketOut,
    MarketPatch,
    MarketsIn,
    OfferingIn,
    OfferingOut,
    OfferingPatch,
    SupportMechanismIn,
    SupportMechanismOut,
    SupportMechanismPatch,
    TechnologyDomainIn,
    TechnologyDomainOut,
    TechnologyDomainPatch,
)
from crosscluster.strategy.models import (
    Initiative,
    JointOffering,
    PriorityMarket,
    RoadmapAction,
    SupportMechanism,
    TechnologyDomain,
)

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
            contributions=services.contributions_by_slug(
                partnership=partnership,
                contributions=[
                    (part.organisation, part.contribution) for part in payload.contributions
                ],
            ),
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
        changes["contributions"] = services.contributions_by_slug(
            partnership=partnership,
            contributions=[
                (part.organisation, part.contribution) for part in payload.contributions or []
            ],
        )
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
    return markets_out(
        queries.build_snapshot(
            partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
        )["sections"]["markets"]
    )


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
            country_code=payload.country,
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
        country_code=mechanism.country_id or "",
        region_code=mechanism.region_id or "",
        organisation_slug=mechanism.organisation.slug if mechanism.organisation else "",
        authority=mechanism.authority,
    )
    if changes.get("region") and "country" not in changes:  # the new region's country
        changes["country"] = ""
    renamed = {
        "country": "country_code",
        "region": "region_code",
        "organisation": "organisation_slug",
    }
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
        data["owner_id"] = directory_queries.find_organisation_id(slug=data.pop("owner"))
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
