"""Writes for the JIS. Atomic, keyword-only; errors name the field and the fix, and are all
checked before anything is written (bad input never leaves half-written data).

Coordinators (and platform administrators) edit the working copy while it is a draft or in
review, and move it through the workflow; adopting it freezes a version. Partnership members
comment and propose changes; the coordinator accepts or rejects proposals. A partner's own staff
(or a coordinator) enter that partner's market judgements.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.core.validation import FieldErrors
from crosscluster.directory.models import Country, Facet, NutsRegion, Organisation, Tag
from crosscluster.engines.ranking import InputError
from crosscluster.engines.ranking.ahp import check_pairwise
from crosscluster.partnerships.models import Partnership, PartnershipMember
from crosscluster.partnerships.queries import AnyUser, get_standing, require_coordinator
from crosscluster.strategy import adapters, queries
from crosscluster.strategy.models import (
    MAX_PRIORITY_MARKETS,
    Comment,
    CommentKind,
    Initiative,
    InitiativeKind,
    JointOffering,
    Kpi,
    MarketJudgement,
    MechanismKind,
    OfferingContribution,
    OfferingKind,
    PriorityMarket,
    ProposalStatus,
    RoadmapAction,
    SectionKey,
    Strategy,
    StrategyState,
    StrategyVersion,
    SupportMechanism,
    TargetGroup,
    TechnologyDomain,
)

NOT_A_COORDINATOR = "Only the partnership's coordinators may change its strategy."
NOT_A_MEMBER = "Only the partnership's members may comment on its strategy or propose changes."
TRANSITIONS: dict[str, tuple[str, ...]] = {
    StrategyState.DRAFT: (StrategyState.IN_REVIEW,),
    StrategyState.IN_REVIEW: (StrategyState.DRAFT, StrategyState.ADOPTED),
    StrategyState.ADOPTED: (StrategyState.DRAFT,),
}
TEXT_LIMIT = 10_000
BODY_LIMIT = 5_000


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class StrategyHeader:
    title: str
    summary: str = ""
    period_start_date: date | None = None
    period_end_date: date | None = None


@dataclass(frozen=True)
class TechnologyDomainInput:
    tag: str  # slug of an EDIH technology
    rationale: str = ""


@dataclass(frozen=True)
class OfferingInput:
    kind: str
    title: str
    description: str = ""
    # partner organisation id -> what it contributes (empty: it does not contribute)
    contributions: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InitiativeInput:
    kind: str
    title: str
    description: str = ""
    target_group: str = TargetGroup.BOTH


@dataclass(frozen=True)
class SupportMechanismInput:
    kind: str
    mechanism: str
    description: str = ""
    region_code: str = ""
    organisation_slug: str = ""
    authority: str = ""


@dataclass(frozen=True)
class KpiInput:
    name: str
    target: Decimal | str | float | int
    unit: str = ""


@dataclass(frozen=True)
class ActionInput:
    title: str
    owner_id: int | None
    start_date: date | None
    end_date: date | None
    code: str = ""
    description: str = ""
    budget_line: str = ""
    budget_eur: Decimal | str | float | int | None = None
    kpis: Sequence[KpiInput] = ()
    implements: Sequence[str] = ()  # item keys: offering:12, market:USA, technology:<slug>, ...


@dataclass(frozen=True)
class MarketChoice:
    country: str  # ISO3 (as in the ranking) or ISO2
    rationale: str | None = None  # None: keep the current one, or the ranking's explanation


# ---------------------------------------------------------------- helpers


def _locked_strategy(*, partnership: Partnership) -> Strategy:
    """The partnership's strategy (created as an empty draft if missing), locked for update."""
    Strategy.objects.get_or_create(partnership=partnership)
    return Strategy.objects.select_for_update().get(partnership=partnership)


def _editable_strategy(*, partnership: Partnership) -> Strategy:
    strategy = _locked_strategy(partnership=partnership)
    if not strategy.is_editable:
        raise ValidationError(
            {
                "state": [
                    f"The strategy is adopted (version {strategy.current_version}): start a new "
                    "revision (move it back to draft) to change it."
                ]
            }
        )
    return strategy


def _choice(errors: FieldErrors, name: str, value: str, choices: Sequence[str]) -> str:
    if value not in choices:
        errors.add(name, f"Choose one of: {', '.join(choices)}.")
    return value


def _amount(
    errors: FieldErrors, name: str, value: object, *, example: str, allow_negative: bool
) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        errors.add(name, f"Give a number, e.g. {example} (got {value!r}).")
        return None
    if not amount.is_finite():
        errors.add(name, f"Give a finite number, e.g. {example}.")
        return None
    if not allow_negative and amount < 0:
        errors.add(name, f"Give an amount of 0 or more, e.g. {example}.")
        return None
    if abs(amount) >= Decimal("1e12"):
        errors.add(name, "Give an amount below 1,000,000,000,000.")
        return None
    return amount.quantize(Decimal("0.01"))


def _next_position(model: type[Any], strategy: Strategy) -> int:
    highest = model.objects.filter(strategy=strategy).aggregate(top=Max("position"))["top"]
    return 0 if highest is None else highest + 1


def _partner_ids(partnership: Partnership) -> set[int]:
    return set(
        PartnershipMember.objects.filter(partnership=partnership).values_list(
            "organisation_id", flat=True
        )
    )


# ---------------------------------------------------------------- header


def update_strategy(*, user: AnyUser, partnership: Partnership, header: StrategyHeader) -> Strategy:
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    title = errors.text("title", header.title, limit=200, required="Give the strategy a title.")
    summary = errors.text("summary", header.summary, limit=TEXT_LIMIT)
    if (
        header.period_start_date
        and header.period_end_date
        and header.period_start_date > header.period_end_date
    ):
        errors.add(
            "period_end_date",
            f"The period must end on or after its start ({header.period_start_date.isoformat()}).",
        )
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        strategy.title = title
        strategy.summary = summary
        strategy.period_start_date = header.period_start_date
        strategy.period_end_date = header.period_end_date
        strategy.save()
    return strategy


# ---------------------------------------------------------------- technology domains


def save_technology_domain(
    *,
    user: AnyUser,
    partnership: Partnership,
    data: TechnologyDomainInput,
    domain: TechnologyDomain | None = None,
) -> TechnologyDomain:
    """Add a technology domain (``domain`` None) or change one; the tag must be an EDIH
    technology, once per strategy."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    rationale = errors.text("rationale", data.rationale, limit=TEXT_LIMIT)
    tag = Tag.objects.filter(facet=Facet.TECHNOLOGY, slug=(data.tag or "").strip()).first()
    if tag is None:
        example = queries.list_technology_tags().values_list("slug", flat=True).first()
        errors.add(
            "tag",
            f"Unknown technology {data.tag!r}: choose a technology of the EDIH taxonomy"
            + (f" by its slug, e.g. {example!r}." if example else "."),
        )
    errors.raise_if_any()
    assert tag is not None
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        duplicate = TechnologyDomain.objects.filter(strategy=strategy, tag=tag)
        if domain is not None:
            duplicate = duplicate.exclude(pk=domain.pk)
        if duplicate.exists():
            raise ValidationError(
                {"tag": [f"{tag.label} is already a technology domain of this strategy."]}
            )
        if domain is None:
            domain = TechnologyDomain(
                strategy=strategy, position=_next_position(TechnologyDomain, strategy)
            )
        domain.tag = tag
        domain.rationale = rationale
        domain.save()
    return domain


# ---------------------------------------------------------------- joint products and services


def save_offering(
    *,
    user: AnyUser,
    partnership: Partnership,
    data: OfferingInput,
    offering: JointOffering | None = None,
) -> JointOffering:
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    title = errors.text("title", data.title, limit=200, required="Name the product or service.")
    description = errors.text("description", data.description, limit=TEXT_LIMIT)
    _choice(errors, "kind", data.kind, OfferingKind.values)
    partners = _partner_ids(partnership)
    contributions: dict[int, str] = {}
    for organisation_id, text in data.contributions.items():
        cleaned = (text or "").strip()
        if not cleaned:
            continue
        if organisation_id not in partners:
            errors.add(
                "contributions",
                f"Organisation {organisation_id} is not a partner of this partnership: only "
                "partners contribute to joint products and services.",
            )
        elif len(cleaned) > TEXT_LIMIT:
            errors.add("contributions", f"Use at most {TEXT_LIMIT} characters per contribution.")
        contributions[organisation_id] = cleaned
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        if offering is None:
            offering = JointOffering(
                strategy=strategy, position=_next_position(JointOffering, strategy)
            )
        offering.kind = data.kind
        offering.title = title
        offering.description = description
        offering.save()
        offering.contributions.exclude(organisation_id__in=contributions).delete()
        for organisation_id, text in contributions.items():
            OfferingContribution.objects.update_or_create(
                offering=offering,
                organisation_id=organisation_id,
                defaults={"contribution": text},
            )
    return offering


# ---------------------------------------------------------------- initiatives


def save_initiative(
    *,
    user: AnyUser,
    partnership: Partnership,
    data: InitiativeInput,
    initiative: Initiative | None = None,
) -> Initiative:
    """A joint commercialisation initiative or an internationalisation initiative (``kind``)."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    title = errors.text("title", data.title, limit=200, required="Name the initiative.")
    description = errors.text("description", data.description, limit=TEXT_LIMIT)
    _choice(errors, "kind", data.kind, InitiativeKind.values)
    _choice(errors, "target_group", data.target_group, TargetGroup.values)
    if initiative is not None and data.kind != initiative.kind:
        errors.add(
            "kind",
            "An initiative stays in its section: add a new one in the other section instead.",
        )
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        if initiative is None:
            initiative = Initiative(
                strategy=strategy, position=_next_position(Initiative, strategy)
            )
        initiative.kind = data.kind
        initiative.title = title
        initiative.description = description
        initiative.target_group = data.target_group
        initiative.save()
    return initiative


# ---------------------------------------------------------------- support mechanisms


def save_support_mechanism(
    *,
    user: AnyUser,
    partnership: Partnership,
    data: SupportMechanismInput,
    mechanism: SupportMechanism | None = None,
) -> SupportMechanism:
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    name = errors.text(
        "mechanism", data.mechanism, limit=200, required="Name the support mechanism."
    )
    description = errors.text("description", data.description, limit=TEXT_LIMIT)
    authority = errors.text("authority", data.authority, limit=200)
    _choice(errors, "kind", data.kind, MechanismKind.values)
    region: NutsRegion | None = None
    code = (data.region_code or "").strip().upper()
    if code:
        region = NutsRegion.objects.filter(code=code).first()
        if region is None:
            errors.add(
                "region",
                f"Unknown NUTS region {code!r}: give a NUTS 2024 code such as ES51 or FR10.",
            )
    organisation: Organisation | None = None
    slug = (data.organisation_slug or "").strip()
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            errors.add(
                "organisation",
                f"No organisation {slug!r} in the directory: give its slug (from its address "
                "in the directory) or write the authority's name instead.",
            )
    if not code and not slug and not authority:
        errors.add(
            "region",
            "Say where: give the NUTS region, the authority's name, or its directory slug.",
        )
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        if mechanism is None:
            mechanism = SupportMechanism(
                strategy=strategy, position=_next_position(SupportMechanism, strategy)
            )
        mechanism.kind = data.kind
        mechanism.mechanism = name
        mechanism.description = description
        mechanism.region = region
        mechanism.organisation = organisation
        mechanism.authority = authority
        mechanism.save()
    return mechanism


# ---------------------------------------------------------------- roadmap actions


def _implemented_items(
    strategy: Strategy, keys: Sequence[str], errors: FieldErrors
) -> dict[str, list[Any]]:
    """Item keys -> the rows they name, all of this strategy; unknown keys are errors."""
    found: dict[str, list[Any]] = {
        "technology_domains": [],
        "offerings": [],
        "initiatives": [],
        "markets": [],
        "support_mechanisms": [],
    }
    for key in dict.fromkeys(key.strip() for key in keys if key.strip()):
        kind, _, reference = key.partition(":")
        row: Any = None
        if kind == "technology":
            row = TechnologyDomain.objects.filter(strategy=strategy, tag__slug=reference).first()
            target = "technology_domains"
        elif kind == "market":
            row = PriorityMarket.objects.filter(
                strategy=strategy, country__iso3=reference.upper()
            ).first()
            target = "markets"
        elif kind in {"offering", "initiative", "support"} and reference.isdigit():
            model: type[Any] = {
                "offering": JointOffering,
                "initiative": Initiative,
                "support": SupportMechanism,
            }[kind]
            row = model.objects.filter(strategy=strategy, pk=int(reference)).first()
            target = {
                "offering": "offerings",
                "initiative": "initiatives",
                "support": "support_mechanisms",
            }[kind]
        if row is None:
            errors.add(
                "implements",
                f"{key!r} is not an item of this strategy: use the keys shown with the items "
                "(technology:<slug>, offering:<id>, initiative:<id>, market:<ISO3>, support:<id>).",
            )
            continue
        found[target].append(row)
    return found


def save_action(
    *,
    user: AnyUser,
    partnership: Partnership,
    data: ActionInput,
    action: RoadmapAction | None = None,
) -> RoadmapAction:
    """Add or change a roadmap action with its KPIs and the items it implements."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    title = errors.text("title", data.title, limit=200, required="Name the action.")
    code = errors.text("code", data.code, limit=20)
    description = errors.text("description", data.description, limit=TEXT_LIMIT)
    budget_line = errors.text("budget_line", data.budget_line, limit=200)
    budget = _amount(
        errors, "budget_eur", data.budget_eur, example="25000 or 25000.50", allow_negative=False
    )
    if data.owner_id is None or data.owner_id not in _partner_ids(partnership):
        errors.add("owner", "Choose the partner organisation that owns the action.")
    if data.start_date is None:
        errors.add("start_date", "Give the start date, e.g. 2020-01-15.")
    if data.end_date is None:
        errors.add("end_date", "Give the end date, e.g. 2020-12-31.")
    if data.start_date and data.end_date and data.start_date > data.end_date:
        errors.add(
            "end_date",
            f"The action must end on or after its start ({data.start_date.isoformat()}).",
        )
    kpis: list[tuple[str, Decimal, str]] = []
    for number, kpi in enumerate(data.kpis, start=1):
        name = (kpi.name or "").strip()
        unit = (kpi.unit or "").strip()
        problems: list[str] = []
        if not name:
            problems.append("give its name")
        elif len(name) > 200:
            problems.append("use at most 200 characters for its name")
        amount_errors = FieldErrors()
        target = _amount(amount_errors, "target", kpi.target, example="40", allow_negative=True)
        if amount_errors or target is None:
            problems.append(f"give its target as a number, e.g. 40 (got {kpi.target!r})")
        if len(unit) > 60:
            problems.append("use at most 60 characters for its unit")
        if problems:
            errors.add("kpis", f"KPI {number}: {'; '.join(problems)}.")
        elif target is not None:
            kpis.append((name, target, unit))
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        links = _implemented_items(strategy, data.implements, errors)
        if not code:
            taken = set(
                RoadmapAction.objects.filter(strategy=strategy).values_list("code", flat=True)
            )
            number = len(taken) + 1
            while f"A{number}" in taken:
                number += 1
            code = f"A{number}"
        duplicate = RoadmapAction.objects.filter(strategy=strategy, code=code)
        if action is not None:
            duplicate = duplicate.exclude(pk=action.pk)
        if duplicate.exists():
            errors.add("code", f"Another action already has the code {code}: choose another.")
        errors.raise_if_any()
        if action is None:
            action = RoadmapAction(
                strategy=strategy, position=_next_position(RoadmapAction, strategy)
            )
        action.code = code
        action.title = title
        action.description = description
        assert data.owner_id is not None
        action.owner_id = data.owner_id
        assert data.start_date is not None
        assert data.end_date is not None
        action.start_date = data.start_date
        action.end_date = data.end_date
        action.budget_line = budget_line
        action.budget_eur = budget
        action.save()
        action.kpis.all().delete()
        Kpi.objects.bulk_create(
            Kpi(action=action, name=name, target=target, unit=unit, position=position)
            for position, (name, target, unit) in enumerate(kpis)
        )
        for relation, rows in links.items():
            getattr(action, relation).set(rows)
    return action


# ---------------------------------------------------------------- priority markets


def _country_for(code: str) -> Country | None:
    cleaned = code.strip().upper()
    if len(cleaned) == 2:
        return Country.objects.filter(iso2=cleaned).first()
    return Country.objects.filter(iso3=cleaned).first()


def choose_priority_markets(
    *,
    user: AnyUser,
    partnership: Partnership,
    choices: Sequence[MarketChoice],
    ranking: dict[str, Any],
    now: datetime,
) -> list[PriorityMarket]:
    """Set the JIS priority markets (at most 4, in this order) from a ranking computed by
    ``queries.get_market_ranking``; each keeps its part of the ranking as its rationale.
    Markets no longer chosen are removed; markets chosen again keep their edited rationale."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    if len(choices) > MAX_PRIORITY_MARKETS:
        errors.add(
            "markets",
            f"Choose at most {MAX_PRIORITY_MARKETS} priority markets (you chose {len(choices)}): "
            "the JIS allows four.",
        )
        errors.raise_if_any()
    ranked = {market["iso3"]: market for market in ranking["ranking"]}
    screened = {item["iso3"]: item for item in ranking["screened_out"]}
    countries: list[tuple[Country, MarketChoice]] = []
    seen: set[str] = set()
    for choice in choices:
        country = _country_for(choice.country)
        if country is None:
            errors.add(
                "markets",
                f"{choice.country!r} is not a country code of the directory: use ISO3 (KOR) or "
                "ISO2 (KR).",
            )
            continue
        if country.iso3 in seen:
            errors.add("markets", f"{country.name} is chosen twice.")
            continue
        seen.add(country.iso3)
        if country.iso3 not in ranked:
            reasons = screened.get(country.iso3, {}).get("reasons")
            errors.add(
                "markets",
                f"{country.name} is not in the ranking"
                + (f" (screened out: {'; '.join(reasons)})" if reasons else "")
                + ": choose markets from the ranking.",
            )
            continue
        if choice.rationale is not None and len(choice.rationale.strip()) > TEXT_LIMIT:
            errors.add(
                "rationale", f"Use at most {TEXT_LIMIT} characters for {country.name}'s rationale."
            )
        countries.append((country, choice))
    errors.raise_if_any()
    computed_at = now.isoformat()
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        existing = {market.country_id: market for market in strategy.markets.all()}
        chosen_ids = {country.pk for country, _ in countries}
        PriorityMarket.objects.filter(strategy=strategy).exclude(country_id__in=chosen_ids).delete()
        used_slots = {
            market.slot for country_id, market in existing.items() if country_id in chosen_ids
        }
        free_slots = [slot for slot in range(1, MAX_PRIORITY_MARKETS + 1) if slot not in used_slots]
        result = []
        for rank, (country, choice) in enumerate(countries, start=1):
            market = existing.get(country.pk)
            rationale_json = adapters.market_rationale(
                ranking, country.iso3, computed_at=computed_at
            )
            if market is None:
                market = PriorityMarket(
                    strategy=strategy,
                    country=country,
                    slot=free_slots.pop(0),
                    rationale=ranked[country.iso3]["explanation"],
                )
            if choice.rationale is not None:
                market.rationale = choice.rationale.strip()
            market.rank = rank
            market.ranking = rationale_json
            market.chosen_at = now
            market.save()
            result.append(market)
    return result


def update_priority_market(
    *, user: AnyUser, market: PriorityMarket, rank: int, rationale: str
) -> PriorityMarket:
    """Change a market's rationale and rank (the market holding that rank takes the old one)."""
    partnership = market.strategy.partnership
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    cleaned = errors.text("rationale", rationale, limit=TEXT_LIMIT)
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        count = PriorityMarket.objects.filter(strategy=strategy).count()
        if not 1 <= rank <= count:
            errors.add("rank", f"Give a rank from 1 to {count} (there are {count} markets).")
        errors.raise_if_any()
        other = PriorityMarket.objects.filter(strategy=strategy, rank=rank).exclude(pk=market.pk)
        other.update(rank=market.rank)
        market.rank = rank
        market.rationale = cleaned
        market.save(update_fields=["rank", "rationale"])
    return market


# ---------------------------------------------------------------- removing items


SectionItem = (
    TechnologyDomain
    | JointOffering
    | Initiative
    | PriorityMarket
    | SupportMechanism
    | RoadmapAction
)


def remove_item(*, user: AnyUser, item: SectionItem) -> None:
    partnership = item.strategy.partnership
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        item.delete()
        if isinstance(item, PriorityMarket):
            for rank, market in enumerate(
                PriorityMarket.objects.filter(strategy=strategy).order_by("rank", "slot"), start=1
            ):
                if market.rank != rank:
                    PriorityMarket.objects.filter(pk=market.pk).update(rank=rank)


# ---------------------------------------------------------------- workflow and versions


def adoption_problems(*, strategy: Strategy) -> dict[str, list[str]]:
    """What must be filled in before the strategy can be adopted (empty: nothing)."""
    problems: dict[str, list[str]] = {}
    if not strategy.technology_domains.exists():
        problems["technologies"] = [
            "Add at least one technology domain before adopting the strategy."
        ]
    if not strategy.markets.exists():
        problems["markets"] = [
            "Choose at least one priority market (from the market ranking) before adopting."
        ]
    if not strategy.actions.exists():
        problems["roadmap"] = ["Add at least one roadmap action before adopting the strategy."]
    return problems


def move_strategy(
    *, user: AnyUser, partnership: Partnership, to: str, now: datetime, note: str = ""
) -> Strategy:
    """Move the strategy draft -> in review -> adopted (or back to draft). Adopting stores an
    immutable version (snapshot) numbered one more than the last."""
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    cleaned_note = errors.text("note", note, limit=BODY_LIMIT)
    if to not in StrategyState.values:
        errors.add("to", f"Choose one of: {', '.join(StrategyState.values)}.")
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _locked_strategy(partnership=partnership)
        allowed = TRANSITIONS[strategy.state]
        if to not in allowed:
            raise ValidationError(
                {
                    "to": [
                        f"A strategy that is {strategy.get_state_display().lower()} can move to "
                        + " or ".join(StrategyState(state).label.lower() for state in allowed)
                        + f", not to {StrategyState(to).label.lower()}."
                    ]
                }
            )
        if to == StrategyState.ADOPTED:
            problems = adoption_problems(strategy=strategy)
            if problems:
                raise ValidationError(problems)
            number = strategy.current_version + 1
            StrategyVersion.objects.create(
                strategy=strategy,
                number=number,
                snapshot=queries.build_snapshot(partnership=partnership, strategy=strategy)
                | {"state": StrategyState.ADOPTED.value},
                adopted_at=now,
                adopted_by=user if user.is_authenticated else None,
                adopted_by_name=str(user),
                note=cleaned_note,
            )
            strategy.current_version = number
        strategy.state = to
        strategy.state_changed_at = now
        strategy.save()
    return strategy


# ---------------------------------------------------------------- comments and proposals


def post_comment(
    *,
    user: AnyUser,
    partnership: Partnership,
    section: str,
    body: str,
    kind: str = CommentKind.COMMENT,
    item_key: str = "",
    now: datetime,
) -> Comment:
    """A member's comment on a section (or one of its items), or a proposed change."""
    standing = get_standing(user=user, partnership_id=partnership.pk)
    if not (standing.is_member or standing.is_coordinator):
        raise PermissionDenied(NOT_A_MEMBER)
    errors = FieldErrors()
    text = errors.text(
        "body",
        body,
        limit=BODY_LIMIT,
        required="Write the comment (or the change you propose).",
    )
    _choice(errors, "section", section, SectionKey.values)
    _choice(errors, "kind", kind, CommentKind.values)
    key = (item_key or "").strip()
    if key and section in SectionKey.values and section != SectionKey.GENERAL:
        snapshot = queries.build_snapshot(
            partnership=partnership, strategy=queries.get_strategy(partnership=partnership)
        )
        if key not in {item["key"] for item in snapshot["sections"][section]}:
            errors.add(
                "item_key",
                f"{key!r} is not an item of the section {SectionKey(section).label!r}: "
                "leave it empty to comment on the whole section.",
            )
    elif key:
        errors.add("item_key", "Comments on the strategy as a whole do not name an item.")
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _locked_strategy(partnership=partnership)
        return Comment.objects.create(
            strategy=strategy,
            section=section,
            item_key=key,
            kind=kind,
            body=text,
            author=user if user.is_authenticated else None,
            author_name=str(user),
            status=ProposalStatus.OPEN if kind == CommentKind.PROPOSAL else ProposalStatus.NONE,
            version_number=strategy.current_version,
            created_at=now,
        )


def decide_proposal(
    *, user: AnyUser, comment: Comment, accept: bool, note: str = "", now: datetime
) -> Comment:
    """The coordinator accepts or rejects an open proposal (a rejection says why). Accepting
    records the decision; the coordinator then makes the change in the section."""
    partnership = comment.strategy.partnership
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    cleaned = errors.text("decision_note", note, limit=BODY_LIMIT)
    if not accept and not cleaned:
        errors.add("decision_note", "Say why the proposal is rejected.")
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.kind != CommentKind.PROPOSAL:
            errors.add("status", "This is a comment, not a proposal: there is nothing to decide.")
        elif locked.status != ProposalStatus.OPEN:
            errors.add(
                "status", f"This proposal was already {locked.get_status_display().lower()}."
            )
        errors.raise_if_any()
        locked.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
        locked.decided_by = user if user.is_authenticated else None
        locked.decided_at = now
        locked.decision_note = cleaned
        locked.save()
    return locked


# ---------------------------------------------------------------- market judgements (AHP)


def can_judge_for(*, user: AnyUser, partnership: Partnership, organisation_id: int) -> bool:
    """A partner's staff enter its judgements; coordinators may enter them on its behalf."""
    if get_standing(user=user, partnership_id=partnership.pk).is_coordinator:
        return True
    return organisation_id in list_organisation_ids(user=user)


def save_market_judgement(
    *,
    user: AnyUser,
    partnership: Partnership,
    organisation: Organisation,
    pairs: dict[tuple[int, int], float],
    now: datetime,
) -> MarketJudgement:
    """Store a partner's pairwise comparisons of the market criteria (``pairs[(i, j)]``, i < j,
    over ``adapters.CRITERION_CODES``). A consistency ratio above 0.1 is a warning, not an error."""
    if organisation.pk not in _partner_ids(partnership):
        raise ValidationError(
            {"organisation": [f"{organisation.name} is not a partner of this partnership."]}
        )
    if not can_judge_for(user=user, partnership=partnership, organisation_id=organisation.pk):
        raise PermissionDenied(
            "Only the partner's own staff (or a coordinator) may enter its market judgements."
        )
    size = len(adapters.CRITERION_CODES)
    errors = FieldErrors()
    for row in range(size):
        for column in range(row + 1, size):
            value = pairs.get((row, column))
            if value is None or not math.isfinite(value) or not 1 / 9 - 1e-9 <= value <= 9 + 1e-9:
                first, second = adapters.MARKET_CRITERIA[row], adapters.MARKET_CRITERIA[column]
                errors.add(
                    f"pair_{row}_{column}",
                    f"Compare {first.label} with {second.label} on Saaty's scale, from 1/9 to 9.",
                )
    errors.raise_if_any()
    matrix = adapters.matrix_from_pairs(pairs, size)
    try:
        check_pairwise(adapters.CRITERION_CODES, matrix, "judgements")
    except InputError as error:
        raise ValidationError({"judgements": [str(error)]}) from error
    with transaction.atomic():
        strategy = _locked_strategy(partnership=partnership)
        judgement, _ = MarketJudgement.objects.update_or_create(
            strategy=strategy,
            organisation=organisation,
            defaults={
                "criteria": list(adapters.CRITERION_CODES),
                "matrix": matrix,
                "entered_by": user if user.is_authenticated else None,
                "updated_at": now,
            },
        )
    return judgement
