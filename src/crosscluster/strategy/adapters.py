"""The one place where ORM rows become ranking-engine inputs and engine results become JSON.

Market criteria for the partners' AHP judgements are a handful of *pillars* (comparing 13
indicators pairwise would take 78 judgements per partner); each pillar's weight is split equally
among its indicators. Partners are combined by the engine's rule (element-wise geometric mean of
their judgement matrices, then the principal eigenvector).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

from crosscluster.engines.ranking import (
    DEFAULT_INDICATORS,
    InputError,
    MarketData,
    PartnerJudgement,
    Screens,
    Weights,
    build_market_matrix,
    combine_judgements,
    equal_weights,
    load_market_data,
    rank_markets,
)
from crosscluster.engines.ranking.data import EU27_ISO2
from crosscluster.engines.ranking.indicators import PARTNER_INDICATORS, get_indicator
from crosscluster.engines.ranking.report import describe_method, ranking_to_dict


@dataclass(frozen=True)
class MarketCriterion:
    """A pillar partners compare pairwise; its weight is split equally over ``indicators``."""

    code: str
    label: _StrOrPromise  # gettext_lazy: worded where it is read
    indicators: tuple[str, ...]

    @property
    def indicator_labels(self) -> tuple[str, ...]:
        """``GDP growth`` for ``gdp_growth``: the indicators as pages name them."""
        return tuple(get_indicator(code).label for code in self.indicators)


MARKET_CRITERIA: tuple[MarketCriterion, ...] = (
    MarketCriterion(
        "market",
        gettext_lazy("Market size and demand"),
        ("gdp", "gdp_growth", "merchandise_imports"),
    ),
    MarketCriterion("income", gettext_lazy("Income"), ("income",)),
    MarketCriterion(
        "technology",
        gettext_lazy("Industry and technology"),
        (
            "industry_share",
            "medium_high_tech_manufacturing",
            "high_tech_exports",
            "rd_expenditure",
            "researchers",
        ),
    ),
    MarketCriterion(
        "infrastructure",
        gettext_lazy("ICT infrastructure and logistics"),
        ("broadband", "logistics"),
    ),
    MarketCriterion(
        "proximity", gettext_lazy("Proximity to the partners"), ("distance", "common_language")
    ),
)
CRITERION_CODES: tuple[str, ...] = tuple(criterion.code for criterion in MARKET_CRITERIA)
# Saaty's scale as offered on the form: value -> wording (first criterion vs second).
SAATY_CHOICES: tuple[tuple[str, _StrOrPromise], ...] = (
    ("9", gettext_lazy("extremely more important")),
    ("7", gettext_lazy("very strongly more important")),
    ("5", gettext_lazy("strongly more important")),
    ("3", gettext_lazy("moderately more important")),
    ("1", gettext_lazy("equally important")),
    ("1/3", gettext_lazy("moderately less important")),
    ("1/5", gettext_lazy("strongly less important")),
    ("1/7", gettext_lazy("very strongly less important")),
    ("1/9", gettext_lazy("extremely less important")),
)
DEFAULT_DRAWS = 2000
DEFAULT_SEED = 0


@dataclass(frozen=True)
class PartnerCountry:
    organisation: str
    iso2: str
    iso3: str
    name: str
    has_distances: bool  # an EU27 origin of the shipped CEPII distances


@dataclass(frozen=True)
class RankingOptions:
    outside_europe: bool = True
    weights: str = "equal"  # equal | ahp
    method: str = "wsm"  # wsm | topsis
    top: int = 4
    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED

    def as_dict(self) -> dict[str, Any]:
        return {
            "outside_europe": self.outside_europe,
            "weights": self.weights,
            "method": self.method,
            "top": self.top,
            "draws": self.draws,
            "seed": self.seed,
        }


@lru_cache(maxsize=1)
def shipped_market_data() -> MarketData:
    """The WDI/CEPII snapshot shipped with the package, read once per process (~0.7 s)."""
    return load_market_data()


def partner_country(organisation: str, iso2: str, iso3: str, name: str) -> PartnerCountry:
    origins = shipped_market_data().origins
    code = EU27_ISO2.get(iso2.upper(), iso3.upper())
    return PartnerCountry(
        organisation=organisation,
        iso2=iso2.upper(),
        iso3=code,
        name=name,
        has_distances=code in origins,
    )


def field_error(field: str, message: str) -> InputError:
    """The engine's ``InputError`` as the app raises it: ``field: message``, the message in the
    requester's language (``queries.get_market_ranking`` turns it into a ``ValidationError`` on
    that field)."""
    return InputError(f"{field}: {message}")


def parse_saaty(text: str) -> float:
    """``"3"`` or ``"1/3"`` -> a positive number; raises ``ValueError`` otherwise."""
    cleaned = str(text).strip()
    numerator, slash, denominator = cleaned.partition("/")
    value = float(numerator) / float(denominator) if slash else float(cleaned)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{text!r} is not a positive number")
    return value


def matrix_from_pairs(pairs: dict[tuple[int, int], float], size: int) -> list[list[float]]:
    """A reciprocal matrix from the upper-triangle judgements ``pairs[(i, j)]``, i < j."""
    matrix = [[1.0] * size for _ in range(size)]
    for (row, column), value in pairs.items():
        matrix[row][column] = value
        matrix[column][row] = 1.0 / value
    return matrix


def available_criteria(*, with_partner_distances: bool) -> tuple[MarketCriterion, ...]:
    return tuple(
        criterion
        for criterion in MARKET_CRITERIA
        if with_partner_distances or criterion.code != "proximity"
    )


def judgements_from_rows(
    rows: Iterable[tuple[str, Sequence[str], Sequence[Sequence[float]]]],
    criteria: Sequence[MarketCriterion],
) -> list[PartnerJudgement]:
    """Stored judgements ``(partner name, criteria, matrix)`` restricted to ``criteria`` (a
    principal submatrix of a reciprocal matrix is reciprocal)."""
    wanted = [criterion.code for criterion in criteria]
    judgements = []
    for partner, stored_criteria, matrix in rows:
        index = {code: position for position, code in enumerate(stored_criteria)}
        if any(code not in index for code in wanted):
            continue
        judgements.append(
            PartnerJudgement(
                partner=partner,
                criteria=tuple(wanted),
                matrix=tuple(
                    tuple(float(matrix[index[row]][index[column]]) for column in wanted)
                    for row in wanted
                ),
            )
        )
    return judgements


def indicator_codes(*, with_partner_distances: bool) -> tuple[str, ...]:
    return tuple(
        code
        for code in DEFAULT_INDICATORS
        if with_partner_distances or code not in PARTNER_INDICATORS
    )


def ahp_indicator_weights(
    judgements: Sequence[PartnerJudgement], criteria: Sequence[MarketCriterion]
) -> Weights:
    """Pillar weights from the combined judgements, each split equally among its indicators."""
    group = combine_judgements(judgements)
    codes: list[str] = []
    values: list[float] = []
    for criterion, weight in zip(criteria, group.combined.weights, strict=True):
        for code in criterion.indicators:
            codes.append(code)
            values.append(weight / len(criterion.indicators))
    largest = max(range(len(values)), key=values.__getitem__)
    values[largest] += 1.0 - math.fsum(values)
    return Weights(criteria=tuple(codes), values=tuple(values), basis="ahp", ahp=group)


def rank_for_partnership(
    *,
    partners: Sequence[PartnerCountry],
    options: RankingOptions,
    judgements: Sequence[PartnerJudgement],
) -> dict[str, Any]:
    """Run the engine on the shipped indicators; the engine's JSON plus what the page needs.

    Raises ``InputError`` (message names the field) when the inputs cannot be ranked.
    """
    with_distances = [partner for partner in partners if partner.has_distances]
    others = [partner for partner in partners if not partner.has_distances]
    origins = tuple(dict.fromkeys(partner.iso3 for partner in with_distances))
    use_distances = bool(origins)
    criteria = available_criteria(with_partner_distances=use_distances)
    if options.weights == "ahp":
        if not judgements:
            raise field_error(
                "weights",
                _(
                    "No partner has entered market judgements yet: use equal weights or enter "
                    "them on the judgements page."
                ),
            )
        weights = ahp_indicator_weights(judgements, criteria)
    elif options.weights == "equal":
        weights = equal_weights(indicator_codes(with_partner_distances=use_distances))
    else:
        raise field_error(
            "weights", _("Use equal or ahp, not %(value)r.") % {"value": options.weights}
        )
    if options.method not in ("wsm", "topsis"):
        raise field_error(
            "method", _("Use wsm or topsis, not %(value)r.") % {"value": options.method}
        )
    if not 1 <= options.top <= 20:
        raise field_error(
            "top", _("Give a number from 1 to 20, not %(value)s.") % {"value": options.top}
        )
    home_markets = frozenset(partner.iso3 for partner in others)
    matrix = build_market_matrix(
        shipped_market_data(),
        weights=weights,
        partners=origins,
        screens=Screens(outside_europe=options.outside_europe, exclude=home_markets),
    )
    ranking = rank_markets(
        matrix,
        weights,
        method=options.method,  # type: ignore[arg-type]
        top=options.top,
        draws=options.draws,
        seed=options.seed,
    )
    result = ranking_to_dict(ranking)
    for item in result["screened_out"]:
        if item["iso3"] in home_markets:
            item["reasons"] = [
                "a partner's own country (a home market, not an export market)"
                if reason == "excluded by the user"
                else reason
                for reason in item["reasons"]
            ]
            item["reason_parts"] = [
                {"code": "home_market"} if part.get("code") == "excluded" else part
                for part in item["reason_parts"]
            ]
    notes = []
    note_parts: list[dict[str, str]] = []
    if not use_distances:
        notes.append(
            "No partner is in an EU country with shipped CEPII distances: distance and common "
            "language are left out."
        )
        note_parts.append({"code": "no_distances"})
    for partner in others:
        notes.append(
            f"{partner.organisation} ({partner.name}): no CEPII distances are shipped from this "
            "country; it counts as a home market but not in distance and common language."
        )
        note_parts.append(
            {
                "code": "partner_without_distances",
                "organisation": partner.organisation,
                "iso3": partner.iso3,
                "name": partner.name,
            }
        )
    result["partners"] = [
        {"organisation": partner.organisation, "iso3": partner.iso3, "name": partner.name}
        for partner in partners
    ]
    result["options"] = options.as_dict()
    result["notes"] = notes
    result["note_parts"] = note_parts
    result["labels"] = {criterion.code: criterion.label for criterion in ranking.criteria}
    result["criteria_groups"] = (
        [
            {
                "code": criterion.code,
                "label": criterion.label,
                "indicators": list(criterion.indicators),
            }
            for criterion in criteria
        ]
        if options.weights == "ahp"
        else []
    )
    return result


def market_rationale(result: dict[str, Any], iso3: str, *, computed_at: str) -> dict[str, Any]:
    """What a chosen priority market keeps of the ranking it came from (stored as JSON)."""
    for market in result["ranking"]:
        if market["iso3"] == iso3:
            break
    else:
        raise field_error(
            "market",
            _("%(country)s is not in the ranking: choose markets from the ranking.")
            % {"country": iso3},
        )
    ahp = result.get("ahp")
    return {
        "rank": market["rank"],
        "ranked": len(result["ranking"]),
        "score": market["score"],
        "p_top": market["p_top"],
        "top": result["top"],
        "rank_interval": market["rank_interval"],
        "contributions": market["contributions"],
        "labels": result["labels"],
        "strengths": market["strengths"],
        "weaknesses": market["weaknesses"],
        "explanation": market["explanation"],
        # the explanation as codes and values: a rationale still the copied explanation is
        # worded in the reader's language (strategy/wording/, markets_for_reader)
        "explanation_parts": market.get("explanation_parts") or {},
        "imputed": [code for code, cell in market["indicators"].items() if cell["imputed"]],
        "method": result["method"],
        "weights": result["weights"],
        "weights_basis": result["weights_basis"],
        "how": describe_method(result["method"], result["weights_basis"]),
        "consistency_ratio": None if ahp is None else ahp["combined"]["consistency_ratio"],
        "options": result["options"],
        "partners": [partner["iso3"] for partner in result["partners"]],
        "data": {
            key: result["data"][key]
            for key in ("source", "vintage", "source_parts", "vintage_parts")
            if key in result["data"]
        },
        "what_would_change": result["what_would_change"]["summary"],
        "computed_at": computed_at,
    }
