from __future__ import annotations

import igraph
import networkx as nx
import pytest

from crosscluster.engines.network import analysis
from crosscluster.engines.network.analysis import analyse, classify_tie, spiral_layout
from crosscluster.engines.network.model import NetworkInput, Organisation, Tie, TieClass, TieKind

PARTNERS = frozenset({"C1", "C2"})
ORGANISATIONS = (
    Organisation("C1", country="DE", sector="auto", clusters=("C1",)),
    Organisation("C2", country="IT", sector="ict", clusters=("C2",)),
    Organisation("a", country="DE", sector="auto", clusters=("C1",)),
    Organisation("b", country="DE", sector="ict", clusters=("C1",)),
    Organisation("c", country="IT", sector="ict", clusters=("C2",)),
    Organisation("x", country="FR", sector="auto"),
    Organisation("lonely", country="IT", sector="ict", clusters=("C2",)),
)


def test_classes_of_ties() -> None:
    by_id = {o.id: o for o in ORGANISATIONS}
    assert classify_tie(by_id["a"], by_id["b"], PARTNERS) is TieClass.INSIDE_INSIDE
    assert classify_tie(by_id["a"], by_id["c"], PARTNERS) is TieClass.INSIDE_OUTSIDE
    assert classify_tie(by_id["a"], by_id["x"], PARTNERS) is TieClass.OUTSIDE
    assert classify_tie(by_id["a"], None, PARTNERS) is TieClass.OUTSIDE


def test_analysis_counts_shares_brokers_and_isolated_members() -> None:
    ties = (
        Tie("a", "b", TieKind.MEETING, 2024),  # same cluster, same country, other sector
        Tie("b", "c", TieKind.AGREEMENT, 2025),  # across clusters, cross-border, same sector
        Tie("c", "x", TieKind.PROJECT, 2025),  # outside, cross-border and cross-sector
    )
    result = analyse(NetworkInput(ORGANISATIONS, ties, PARTNERS))
    assert result.tie_classes == (TieClass.INSIDE_INSIDE, TieClass.INSIDE_OUTSIDE, TieClass.OUTSIDE)
    assert result.by_class == {"inside-inside": 1, "inside-outside": 1, "outside": 1}
    assert (result.cross_border.part, result.cross_border.total) == (2, 3)
    assert (result.cross_sector.part, result.cross_sector.total) == (2, 3)
    assert [(y.year, y.ties, y.cross_border.share) for y in result.by_year] == [
        (2024, 1, 0.0),
        (2025, 2, 1.0),
    ]
    assert result.brokers[:2] in {("b", "c"), ("c", "b")}  # the middle of the path a-b-c-x
    assert result.isolated_members == ("C1", "C2", "lonely")
    assert sorted(len(c) for c in result.communities) == [2, 2] or len(result.communities) == 1


def test_layout_gives_distinct_positions() -> None:
    positions = spiral_layout([["a", "b", "c"], ["d", "e"], ["f"]])
    assert len(set(positions.values())) == 6


def test_betweenness_equals_networkx_exactly_and_estimates_it_above_the_limit() -> None:
    """Oracle: networkx's exact betweenness; above the limit, the seeded sampled estimate is
    networkx's own ``k`` estimate for the same sources, so it stays close to the exact value."""
    small = nx.gnm_random_graph(60, 150, seed=3)
    exact, samples = analysis.betweenness(igraph.Graph(n=60, edges=list(small.edges())))
    expected = nx.betweenness_centrality(small)
    assert samples is None
    assert exact == pytest.approx([expected[node] for node in range(60)], abs=1e-12)

    large = nx.gnm_random_graph(1500, 6000, seed=4)
    graph = igraph.Graph(n=1500, edges=list(large.edges()))
    estimate, samples = analysis.betweenness(graph, seed=1)
    assert samples == analysis.BETWEENNESS_SAMPLES
    truth = [value * 2 / (1499 * 1498) for value in graph.betweenness(directed=False)]
    top = sorted(range(1500), key=lambda node: -truth[node])[:20]
    assert sum(estimate[node] for node in top) == pytest.approx(
        sum(truth[node] for node in top), rel=0.15
    )


def test_louvain_is_deterministic_for_a_seed_and_finds_two_cliques() -> None:
    cliques = [
        Tie(a, b, TieKind.MEETING)
        for group in (("a1", "a2", "a3", "a4"), ("b1", "b2", "b3", "b4"))
        for index, a in enumerate(group)
        for b in group[index + 1 :]
    ]
    ties = (*cliques, Tie("a1", "b1", TieKind.PROJECT))
    organisations = tuple(
        Organisation(name) for name in sorted({t.source for t in ties} | {t.target for t in ties})
    )
    first = analyse(NetworkInput(organisations, ties), seed=5)
    assert first.communities == (("a1", "a2", "a3", "a4"), ("b1", "b2", "b3", "b4"))
    assert analyse(NetworkInput(organisations, ties), seed=5) == first
    assert first.brokers[:2] in {("a1", "b1"), ("b1", "a1")}
