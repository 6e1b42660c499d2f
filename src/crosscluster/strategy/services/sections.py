"""Writes to the JIS's sections: the header, technology domains, joint products and services,
initiatives, roadmap actions (with KPIs), and removing an item (support mechanisms:
``mechanisms``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.core.i18n import content_language
from crosscluster.core.validation import FieldErrors
from crosscluster.directory import queries as directory_queries
from crosscluster.partnerships.queries import AnyUser, require_coordinator
from crosscluster.strategy import queries
from crosscluster.strategy.models import (
    Initiative,
    InitiativeKind,
    JointOffering,
    Kpi,
    OfferingContribution,
    OfferingKind,
    PriorityMarket,
    RoadmapAction,
    Strategy,
    SupportMechanism,
    TargetGroup,
    TechnologyDomain,
)
from crosscluster.strategy.services.common import (
    NOT_A_COORDINATOR,
    TEXT_LIMIT,
    _amount,
    _choice,
    _editable_strategy,
    _next_position,
    _partner_ids,
)

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership

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


# ---------------------------------------------------------------- header


def update_strategy(*, user: AnyUser, partnership: Partnership, header: StrategyHeader) -> Strategy:
    require_coordinator(user=user, partnership_id=partnership.pk, message=NOT_A_COORDINATOR)
    errors = FieldErrors()
    title = errors.text("title", header.title, limit=200, required=_("Give the strategy a title."))
    summary = errors.text("summary", header.summary, limit=TEXT_LIMIT)
    if (
        header.period_start_date
        and header.period_end_date
        and header.period_start_date > header.period_end_date
    ):
        errors.add(
            "period_end_date",
            _("The period must end on or after its start (%(period_start_date)s).")
            % {"period_start_date": header.period_start_date.isoformat()},
        )
    errors.raise_if_any()
    with transaction.atomic():
        strategy = _editable_strategy(partnership=partnership)
        strategy.title = title
        strategy.summary = summary
        strategy.language = content_language(f"{title}. {summary}", author=user)
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
    tag = directory_queries.find_technology_tag(slug=(data.tag or "").strip())
    if tag is None:
        example = queries.list_technology_tags().values_list("slug", flat=True).first()
        errors.add(
            "tag",
            (
                _(
                    "Unknown technology %(tag)r: choose a technology of the EDIH taxonomy "
                    "by its slug, e.g. %(example)r."
                )
                if example
                else _("Unknown technology %(tag)r: choose a technology of the EDIH taxonomy.")
            )
            % {"tag": data.tag, "example": example},
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
                {
                    "tag": [
                        _("%(label)s is already a technology domain of this strategy.")
                        % {"label": tag.label}
                    ]
                }
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
    title = errors.text("title", data.title, limit=200, required=_("Name the product or service."))
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
                _(
                    "Organisation %(organisation_id)s is not a partner of this partnership: only partners contribute to joint products and services."
                )
                % {"organisation_id": organisation_id},
            )
        elif len(cleaned) > TEXT_LIMIT:
            errors.add(
                "contributions",
                _("Use at most %(text_limit)s characters per contribution.")
                % {"text_limit": TEXT_LIMIT},
            )
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


def contributions_by_slug(
    *, partnership: Partnership, contributions: Sequence[tuple[str, str]]
) -> dict[int, str]:
    """(partner slug, what it contributes) pairs -> ``OfferingInput.contributions``; a slug that
    is not a partner organisation of the partnership is an error naming the partners."""
    partners = {
        organisation.slug: organisation.pk
        for organisation in queries.list_partner_organisations(partnership=partnership)
    }
    unknown = [slug for slug, _ in contributions if slug not in partners]
    if unknown:
        raise ValidationError(
            {
                "contributions": [
                    _(
                        "%(unknown)s: not a partner organisation of this partnership (partners: %(partners)s)."
                    )
                    % {"unknown": ", ".join(unknown), "partners": ", ".join(sorted(partners))}
                ]
            }
        )
    return {partners[slug]: text for slug, text in contributions}


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
    title = errors.text("title", data.title, limit=200, required=_("Name the initiative."))
    description = errors.text("description", data.description, limit=TEXT_LIMIT)
    _choice(errors, "kind", data.kind, InitiativeKind.values)
    _choice(errors, "target_group", data.target_group, TargetGroup.values)
    if initiative is not None and data.kind != initiative.kind:
        errors.add(
            "kind",
            _("An initiative stays in its section: add a new one in the other section instead."),
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
        kind, _colon, reference = key.partition(":")
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
                _(
                    "%(key)r is not an item of this strategy: use the keys shown with the items (technology:<slug>, offering:<id>, initiative:<id>, market:<ISO3>, support:<id>)."
                )
                % {"key": key},
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
    title = errors.text("title", data.title, limit=200, required=_("Name the action."))
    code = errors.text("code", data.code, limit=20)
    description = errors.text("description", data.description, limit=TEXT_LIMIT)
    budget_line = errors.text("budget_line", data.budget_line, limit=200)
    budget = _amount(
        errors, "budget_eur", data.budget_eur, example="25000 or 25000.50", allow_negative=False
    )
    if data.owner_id is None or data.owner_id not in _partner_ids(partnership):
        errors.add("owner", _("Choose the partner organisation that owns the action."))
    if data.start_date is None:
        errors.add("start_date", _("Give the start date, e.g. 2020-01-15."))
    if data.end_date is None:
        errors.add("end_date", _("Give the end date, e.g. 2020-12-31."))
    if data.start_date and data.end_date and data.start_date > data.end_date:
        errors.add(
            "end_date",
            _("The action must end on or after its start (%(start_date)s).")
            % {"start_date": data.start_date.isoformat()},
        )
    kpis: list[tuple[str, Decimal, str]] = []
    for number, kpi in enumerate(data.kpis, start=1):
        name = (kpi.name or "").strip()
        unit = (kpi.unit or "").strip()
        problems: list[str] = []
        if not name:
            problems.append(_("give its name"))
        elif len(name) > 200:
            problems.append(_("use at most 200 characters for its name"))
        amount_errors = FieldErrors()
        target = _amount(amount_errors, "target", kpi.target, example="40", allow_negative=True)
        if amount_errors or target is None:
            problems.append(
                _("give its target as a number, e.g. 40 (got %(target)r)") % {"target": kpi.target}
            )
        if len(unit) > 60:
            problems.append(_("use at most 60 characters for its unit"))
        if problems:
            errors.add(
                "kpis",
                _("KPI %(number)s: %(choices)s.")
                % {"number": number, "choices": "; ".join(problems)},
            )
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
            errors.add(
                "code",
                _("Another action already has the code %(code)s: choose another.") % {"code": code},
            )
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
