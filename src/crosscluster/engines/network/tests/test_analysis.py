from __future__ import annotations

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
