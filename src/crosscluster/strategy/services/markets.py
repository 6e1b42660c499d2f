"""Priority markets (chosen from the ranking, at most four) and the partners' pairwise market
judgements (AHP)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import list_organisation_ids
from crosscluster.core.validation import FieldErrors
from crosscluster.directory import queries as directory_queries
from crosscluster.engines.ranking import InputError
from crosscluster.engines.ranking.ahp import check_pairwise
from crosscluster.partnerships.queries import AnyUser, get_standing, require_coordinator
from crosscluster.strategy import adapters
from crosscluster.strategy.models import (
    MAX_PRIORITY_MARKETS,
    MarketJudgement,
    PriorityMarket,
)
from crosscluster.strategy.services.common import (
    NOT_A_COORDINATOR,
    TEXT_LIMIT,
    _editable_strategy,
    _locked_strategy,
    _partner_ids,
)

if TYPE_CHECKING:
    from crosscluster.directory.models import Country, Organisation
    from crosscluster.partnerships.models import Partnership

# ---------------------------------------------------------------- priority markets


@dataclass(frozen=True)
class MarketChoice:
    country: str  # ISO3 (as in the ranking) or ISO2
    rationale: str | None = None  # None: keep the current one, or the ranking's explanation


def _country_for(code: str) -> Country | None:
    return directory_queries.find_country(code=code)


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
            _(
                "Choose at most %(max_priority_markets)s priority markets (you chose %(count)s): the JIS allows four."
            )
            % {"max_priority_markets": MAX_PRIORITY_MARKETS, "count": len(choices)},
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
                _(
                    "%(country)r is not a country code of the directory: use ISO3 (KOR) or ISO2 (KR)."
                )
                % {"country": choice.country},
            )
            continue
        if country.iso3 in seen:
            errors.add("markets", _("%(name)s is chosen twice.") % {"name": country.name})
            continue
        seen.add(country.iso3)
        if country.iso3 not in ranked:
            reasons = screened.get(country.iso3, {}).get("reasons")
            errors.add(
                "markets",
                (
                    _(
                        "%(country)s is not in the ranking (screened out: %(reasons)s): "
                        "choose markets from the ranking."
                    )
                    if reasons
                    else _("%(country)s is not in the ranking: choose markets from the ranking.")
                )
                % {"country": country.name, "reasons": "; ".join(reasons or [])},
            )
            continue
        if choice.rationale is not None and len(choice.rationale.strip()) > TEXT_LIMIT:
            errors.add(
                "rationale",
                _("Use at most %(text_limit)s characters for %(name)s's rationale.")
                % {"text_limit": TEXT_LIMIT, "name": country.name},
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
            errors.add(
                "rank",
                _("Give a rank from 1 to %(count)s (there are %(count)s markets).")
                % {"count": count},
            )
        errors.raise_if_any()
        other = PriorityMarket.objects.filter(strategy=strategy, rank=rank).exclude(pk=market.pk)
        other.update(rank=market.rank)
        market.rank = rank
        market.rationale = cleaned
        market.save(update_fields=["rank", "rationale"])
    return market


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
            {
                "organisation": [
                    _("%(name)s is not a partner of this partnership.")
                    % {"name": organisation.name}
                ]
            }
        )
    if not can_judge_for(user=user, partnership=partnership, organisation_id=organisation.pk):
        raise PermissionDenied(
            _("Only the partner's own staff (or a coordinator) may enter its market judgements.")
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
                    _("Compare %(first)s with %(second)s on Saaty's scale, from 1/9 to 9.")
                    % {"first": first.label, "second": second.label},
                )
    errors.raise_if_any()
    matrix = adapters.matrix_from_pairs(pairs, size)
    try:
        check_pairwise(adapters.CRITERION_CODES, matrix, "judgements")
    except InputError as error:
        raise ValidationError({"judgements": [str(error)]}) from error
    with transaction.atomic():
        strategy = _locked_strategy(partnership=partnership)
        judgement, _created = MarketJudgement.objects.update_or_create(
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
