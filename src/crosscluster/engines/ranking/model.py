"""The ranking engine's inputs and results: frozen dataclasses, no behaviour beyond validation.

A *decision matrix* is a set of alternatives (countries, or whatever the rows of a ``--matrix`` file
are) described on criteria (indicators), each criterion a benefit (more is better) or a cost (less is
better). Every cell keeps the value as published, its year (vintage) and whether it was imputed, so a
page can show missing data as missing. Results carry their reasons: per-criterion contributions,
strengths and weaknesses, the probability of staying in the top N, and what would change the top N.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["benefit", "cost"]
Method = Literal["wsm", "topsis"]
METHODS: tuple[Method, ...] = ("wsm", "topsis")


class InputError(ValueError):
    """Malformed input; the message names the place and the field (one line, shown as is)."""


@dataclass(frozen=True)
class Criterion:
    """One column of the decision matrix."""

    code: str
    label: str
    direction: Direction
    unit: str = ""
    source: str = ""
    transform: str = "none"

    def __post_init__(self) -> None:
        if not self.code:
            raise InputError("criterion: code must not be empty")
        if self.direction not in ("benefit", "cost"):
            raise InputError(
                f"criterion {self.code}: direction must be benefit or cost, got {self.direction!r}"
            )


@dataclass(frozen=True)
class Cell:
    """One value of the matrix.

    ``raw`` is the value as published (``None`` when missing), ``year`` its vintage (``None`` for
    static data such as distances), ``value`` the number the methods use (after the criterion's
    transform, clipping, or imputation when ``imputed``).
    """

    raw: float | None
    year: int | None
    value: float
    imputed: bool = False

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise InputError(f"cell value must be a finite number, got {self.value!r}")


@dataclass(frozen=True)
class Alternative:
    """One row of the matrix: a country (``iso3``) or any alternative of a ``--matrix`` file."""

    iso3: str
    name: str
    cells: tuple[Cell, ...]

    @property
    def imputed(self) -> tuple[int, ...]:
        return tuple(index for index, cell in enumerate(self.cells) if cell.imputed)


@dataclass(frozen=True)
class ScreenedOut:
    """A country removed before ranking, with every reason that applied."""

    iso3: str
    name: str
    reasons: tuple[str, ...]
    #: each reason as a code and its values (``screens``), for an app to word in its language
    parts: tuple[Mapping[str, object], ...] = ()


@dataclass(frozen=True)
class DecisionMatrix:
    criteria: tuple[Criterion, ...]
    alternatives: tuple[Alternative, ...]
    screened_out: tuple[ScreenedOut, ...] = ()
    missing_rule: str = "no missing values"
    source: str = ""
    vintage: str = ""
    warnings: tuple[str, ...] = ()
    #: one per warning: its code and values (``{}`` for one worded only in English)
    warning_parts: tuple[Mapping[str, object], ...] = ()
    #: the missing-data rule's limit (share of the weight), None where nothing is imputed
    missing_limit: float | None = None
    #: ``source`` and ``vintage`` as codes and values, one per "; "-separated part (empty:
    #: worded only in English)
    source_parts: tuple[Mapping[str, object], ...] = ()
    vintage_parts: tuple[Mapping[str, object], ...] = ()

    def __post_init__(self) -> None:
        codes = [criterion.code for criterion in self.criteria]
        if len(set(codes)) != len(codes):
            raise InputError(f"criteria: duplicate codes in {codes}")
        if not self.criteria:
            raise InputError("criteria: at least one criterion is needed")
        seen: set[str] = set()
        for alternative in self.alternatives:
            if alternative.iso3 in seen:
                raise InputError(f"alternatives: duplicate {alternative.iso3}")
            seen.add(alternative.iso3)
            if len(alternative.cells) != len(self.criteria):
                raise InputError(
                    f"alternative {alternative.iso3}: {len(alternative.cells)} cells, "
                    f"expected {len(self.criteria)}"
                )

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(criterion.code for criterion in self.criteria)


@dataclass(frozen=True)
class AhpResult:
    """Saaty's analysis of one pairwise comparison matrix (rows and columns in ``criteria`` order).

    ``weights`` is the principal right eigenvector normalised to sum 1; ``consistency_index`` is
    (lambda_max - n) / (n - 1); ``consistency_ratio`` is CI / RI(n) with Saaty's random index, or
    ``None`` when RI is not tabulated (n > 15). ``warning`` is set when CR > 0.1.
    """

    criteria: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    weights: tuple[float, ...]
    lambda_max: float
    consistency_index: float
    random_index: float | None
    consistency_ratio: float | None
    warning: str | None = None


@dataclass(frozen=True)
class PartnerJudgement:
    """One partner's pairwise comparisons: ``matrix[i][j]`` = importance of criterion i over j."""

    partner: str
    criteria: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class GroupAhp:
    """Each partner's analysis and the partnership's, from the geometric mean of the judgements."""

    partners: tuple[tuple[str, AhpResult], ...]
    combined: AhpResult
    rule: str


@dataclass(frozen=True)
class Weights:
    """Criteria weights summing to 1, and where they came from (``equal``, ``direct``, ``ahp``)."""

    criteria: tuple[str, ...]
    values: tuple[float, ...]
    basis: str
    ahp: GroupAhp | None = None

    def __post_init__(self) -> None:
        if len(self.criteria) != len(self.values):
            raise InputError("weights: as many values as criteria are needed")
        if len(set(self.criteria)) != len(self.criteria):
            raise InputError(f"weights: duplicate criteria in {list(self.criteria)}")
        if not self.criteria:
            raise InputError("weights: at least one criterion with a positive weight is needed")
        for code, value in zip(self.criteria, self.values, strict=True):
            if not math.isfinite(value) or value <= 0:
                raise InputError(f"weights.{code}: must be a positive number, got {value!r}")
        if abs(sum(self.values) - 1.0) > 1e-9:
            raise InputError(f"weights: must sum to 1, got {sum(self.values)!r}")

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.criteria, self.values, strict=True))


@dataclass(frozen=True)
class Contribution:
    """A criterion's part of a score.

    ``contribution`` values add up to the score exactly (weighted sum: weight x normalised value;
    TOPSIS: the criterion's share, see ``methods.topsis_contributions``). ``versus_average`` is the
    contribution minus the average contribution of all ranked alternatives: positive means the
    criterion lifts this alternative above the average, negative that it pulls it down.
    """

    criterion: str
    label: str
    contribution: float
    versus_average: float


@dataclass(frozen=True)
class RankedMarket:
    iso3: str
    name: str
    score: float
    rank: int
    p_top: float
    rank_low: int  # 5th percentile of the rank over the Monte Carlo draws (best plausible)
    rank_high: int  # 95th percentile (worst plausible)
    contributions: tuple[Contribution, ...]
    strengths: tuple[Contribution, ...]
    weaknesses: tuple[Contribution, ...]
    imputed: tuple[str, ...]
    explanation: str
    #: the explanation as a code and its values (``report.explanation_parts``), for an app to
    #: word in its reader's language; the engine's own text stays English
    parts: dict[str, object] = field(default_factory=dict)

    def contributions_dict(self) -> dict[str, float]:
        return {part.criterion: part.contribution for part in self.contributions}


@dataclass(frozen=True)
class WeightShift:
    """Moving one criterion's weight from ``weight_from`` to ``weight_to``, the others rescaled in
    proportion so the weights still sum to 1, and the alternative that then swaps places."""

    criterion: str
    label: str
    weight_from: float
    weight_to: float
    other_iso3: str
    other_name: str

    @property
    def size(self) -> float:
        return abs(self.weight_to - self.weight_from)

    def as_dict(self) -> dict[str, object]:
        """The indicator and the weights, as the JSON outputs name them."""
        return {
            "indicator": self.criterion,
            "label": self.label,
            "weight_from": self.weight_from,
            "weight_to": self.weight_to,
        }


@dataclass(frozen=True)
class PlaceSensitivity:
    iso3: str
    name: str
    rank: int
    p_top: float
    score_gap: float  # holder: lead over the first outside the top N; challenger: gap to the Nth
    shift: WeightShift | None  # the smallest single-weight change that swaps it in or out
    explanation: str
    #: the explanation as a code and its values (see ``sensitivity.what_would_change``)
    parts: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class TopChanges:
    """What would change the top N: for each holder, the smallest single-weight change that makes it
    lose its place; for the challenger closest to entering, the smallest change that lets it in."""

    top: int
    holders: tuple[PlaceSensitivity, ...]
    challenger: PlaceSensitivity | None
    summary: str
    #: the summary as a code and its values (see ``sensitivity.what_would_change``)
    summary_parts: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Robustness:
    draws: int
    seed: int
    concentration: float
    rule: str


@dataclass(frozen=True)
class MarketRanking:
    method: Method
    normalisation: str
    top: int
    criteria: tuple[Criterion, ...]
    weights: Weights
    markets: tuple[RankedMarket, ...]  # best first
    screened_out: tuple[ScreenedOut, ...]
    changes: TopChanges
    robustness: Robustness
    missing_rule: str
    source: str
    vintage: str
    warnings: tuple[str, ...] = ()
    cells: Mapping[str, tuple[Cell, ...]] = field(default_factory=dict)  # iso3 -> cells
    #: one per warning: its code and values (``{}`` for one worded only in English)
    warning_parts: tuple[Mapping[str, object], ...] = ()
    missing_limit: float | None = None
    source_parts: tuple[Mapping[str, object], ...] = ()
    vintage_parts: tuple[Mapping[str, object], ...] = ()
