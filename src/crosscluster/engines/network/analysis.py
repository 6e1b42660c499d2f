"""Analysis of a partnership's collaboration network: tie classes, cross-border and cross-sector
shares over time, brokers (betweenness), isolated members and communities (Louvain), and a
deterministic layout for the page (communities on a spiral, their members around each centre)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import networkx as nx

from crosscluster.engines.network.model import (
    NetworkAnalysis,
    NetworkInput,
    NodeMetrics,
    Organisation,
    Share,
    Tie,
    TieClass,
    YearShares,
)

#: above this many organisations, betweenness is estimated from this many seeded sources
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLES = 300
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def classify_tie(
    source: Organisation | None, target: Organisation | None, partner_clusters: frozenset[str]
) -> TieClass:
    """inside-inside: both ends in one partner cluster; inside-outside: both in the partnership
    but in different clusters; outside: at least one end beyond the partnership."""
    mine = set(source.clusters if source else ()) & partner_clusters
    theirs = set(target.clusters if target else ()) & partner_clusters
    if not mine or not theirs:
        return TieClass.OUTSIDE
    return TieClass.INSIDE_INSIDE if mine & theirs else TieClass.INSIDE_OUTSIDE


def _differ(left: str, right: str) -> bool | None:
    if not left or not right:
        return None
    return left != right


def _shares(ties: Sequence[Tie], organisations: dict[str, Organisation], attribute: str) -> Share:
    part = total = 0
    for tie in ties:
        source, target = organisations.get(tie.source), organisations.get(tie.target)
        if source is None or target is None:
            continue
        differ = _differ(getattr(source, attribute), getattr(target, attribute))
        if differ is None:
            continue
        total += 1
        part += differ
    return Share(part=part, total=total)


def spiral_layout(communities: Sequence[Sequence[str]]) -> dict[str, tuple[float, float]]:
    """Positions in O(n): community centres on a golden-angle spiral (largest in the middle),
    each community's members on a small sunflower around its centre."""
    positions: dict[str, tuple[float, float]] = {}
    for rank, members in enumerate(communities):
        radius = math.sqrt(len(members))
        distance = (
            0.0 if rank == 0 else 4.0 * math.sqrt(rank) * (1 + math.sqrt(len(communities[0])) / 4)
        )
        centre_x = distance * math.cos(rank * GOLDEN_ANGLE)
        centre_y = distance * math.sin(rank * GOLDEN_ANGLE)
        for index, member in enumerate(members):
            offset = radius * math.sqrt((index + 0.5) / len(members))
            angle = index * GOLDEN_ANGLE
            positions[member] = (
                round(centre_x + offset * math.cos(angle), 3),
                round(centre_y + offset * math.sin(angle), 3),
            )
    return positions


def analyse(network: NetworkInput, *, seed: int = 0) -> NetworkAnalysis:
    """Everything the network page shows, from organisations and ties (deterministic for a seed)."""
    organisations = {organisation.id: organisation for organisation in network.organisations}
    classes = tuple(
        classify_tie(
            organisations.get(tie.source), organisations.get(tie.target), network.partner_clusters
        )
        for tie in network.ties
    )
    graph = nx.Graph()
    graph.add_nodes_from(sorted(organisations))
    for tie in network.ties:
        if tie.source != tie.target:
            graph.add_edge(tie.source, tie.target)
    samples = None
    if graph.number_of_nodes() > EXACT_BETWEENNESS_LIMIT:
        samples = BETWEENNESS_SAMPLES
        betweenness = nx.betweenness_centrality(graph, k=samples, seed=seed)
    else:
        betweenness = nx.betweenness_centrality(graph)
    found = nx.community.louvain_communities(graph, seed=seed) if graph.number_of_edges() else []
    communities = sorted(
        (tuple(sorted(group)) for group in found if len(group) > 1),
        key=lambda group: (-len(group), group[0]),
    )
    singles = sorted(node for node in graph if graph.degree(node) == 0)
    layout = spiral_layout([*communities, *([single] for single in singles)])
    community_of = {member: rank for rank, group in enumerate(communities) for member in group}
    nodes = tuple(
        NodeMetrics(
            id=node,
            degree=graph.degree(node),
            betweenness=round(betweenness.get(node, 0.0), 6),
            community=community_of.get(node, -1),
            x=layout[node][0],
            y=layout[node][1],
        )
        for node in sorted(graph)
    )
    brokers = tuple(
        node
        for node, value in sorted(betweenness.items(), key=lambda item: (-item[1], item[0]))
        if value > 0
    )
    isolated = tuple(
        node for node in singles if set(organisations[node].clusters) & network.partner_clusters
    )
    per_year: dict[int, list[int]] = defaultdict(list)
    for position, tie in enumerate(network.ties):
        if tie.year is not None:
            per_year[tie.year].append(position)
    by_year = tuple(
        YearShares(
            year=year,
            ties=len(positions),
            cross_border=_shares([network.ties[p] for p in positions], organisations, "country"),
            cross_sector=_shares([network.ties[p] for p in positions], organisations, "sector"),
            by_class=dict(Counter(classes[p].value for p in positions)),
        )
        for year, positions in sorted(per_year.items())
    )
    return NetworkAnalysis(
        tie_classes=classes,
        by_class={kind.value: sum(1 for c in classes if c is kind) for kind in TieClass},
        by_kind=dict(Counter(tie.kind.value for tie in network.ties)),
        cross_border=_shares(network.ties, organisations, "country"),
        cross_sector=_shares(network.ties, organisations, "sector"),
        by_year=by_year,
        nodes=nodes,
        brokers=brokers,
        isolated_members=isolated,
        communities=tuple(communities),
        betweenness_samples=samples,
    )
