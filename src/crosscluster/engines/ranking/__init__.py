"""Priority markets: screen countries, weight indicators (AHP), rank them (weighted sum, TOPSIS),
test the ranking's robustness (Monte Carlo on the weights) and say what would change the top N.

Pure Python over frozen dataclasses: no Django, no clock, randomness only through ``seed``.
"""

from crosscluster.engines.ranking.ahp import analyse_pairwise, combine_judgements
from crosscluster.engines.ranking.data import MarketData, load_market_data
from crosscluster.engines.ranking.indicators import CATALOGUE, DEFAULT_INDICATORS, IndicatorSpec
from crosscluster.engines.ranking.model import (
    AhpResult,
    Alternative,
    Cell,
    Contribution,
    Criterion,
    DecisionMatrix,
    GroupAhp,
    InputError,
    MarketRanking,
    PartnerJudgement,
    PlaceSensitivity,
    RankedMarket,
    ScreenedOut,
    TopChanges,
    Weights,
    WeightShift,
)
from crosscluster.engines.ranking.ranking import rank_markets
from crosscluster.engines.ranking.screens import Screens, build_market_matrix
from crosscluster.engines.ranking.weights import ahp_weights, direct_weights, equal_weights

__all__ = [
    "CATALOGUE",
    "DEFAULT_INDICATORS",
    "AhpResult",
    "Alternative",
    "Cell",
    "Contribution",
    "Criterion",
    "DecisionMatrix",
    "GroupAhp",
    "IndicatorSpec",
    "InputError",
    "MarketData",
    "MarketRanking",
    "PartnerJudgement",
    "PlaceSensitivity",
    "RankedMarket",
    "ScreenedOut",
    "Screens",
    "TopChanges",
    "WeightShift",
    "Weights",
    "ahp_weights",
    "analyse_pairwise",
    "build_market_matrix",
    "combine_judgements",
    "direct_weights",
    "equal_weights",
    "load_market_data",
    "rank_markets",
]
