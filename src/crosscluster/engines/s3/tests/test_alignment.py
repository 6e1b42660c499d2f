"""The alignment matrix on a hand-computed example (no database)."""

from __future__ import annotations

import pytest

from crosscluster.engines.s3.alignment import Domain, Priority, TagRef, align, tag_neighbourhood

A, B, C, X = (TagRef(f"technologies:{name}", name.upper()) for name in ("a", "b", "c", "x"))
# Five hubs. Tag counts: a 4, b 3, c 2; pairs: (a, b) 3, (a, c) 1, (b, c) 1.
HUBS = [{A.key, B.key}, {A.key, B.key}, {A.key, B.key, C.key}, {A.key}, {C.key}]


def priority(key: str, *tags: TagRef) -> Priority:
    return Priority(key=key, title=key, region_code="ES21", region_label="País Vasco", tags=tags)


def test_neighbourhood_is_the_jaccard_index_over_hubs_above_the_thresholds() -> None:
    neighbours = tag_neighbourhood(HUBS, min_jaccard=0.3, min_hubs=2)
    # a and b: together 3, either 4 + 3 - 3 = 4, Jaccard 3/4.
    assert [(n.tag, n.jaccard, n.together, n.either) for n in neighbours[A.key]] == [
        (B.key, 0.75, 3, 4)
    ]
    # a and c are together in one hub only (< 2): not neighbours; nor b and c.
    assert [n.tag for n in neighbours[C.key]] == []
    # A higher Jaccard threshold drops a-b too.
    assert tag_neighbourhood(HUBS, min_jaccard=0.8, min_hubs=2)[A.key] == ()


def test_cells_score_shared_tags_and_neighbours_with_their_reasons() -> None:
    neighbours = tag_neighbourhood(HUBS, tags=[A.key, X.key], min_jaccard=0.3, min_hubs=2)
    domains = [Domain("technology:a", A), Domain("technology:x", X)]
    priorities = [priority("p1", B), priority("p2", A, C), priority("p3", C)]
    matrix = align(domains, priorities, neighbours, min_jaccard=0.3, min_hubs=2)

    shared = matrix.cell("technology:a", "p2")
    assert (shared.score, shared.level, shared.shared_tags) == (1.0, "strong", ("A",))
    assert "Shares the EDIH tag “A”." in shared.reasons

    related = matrix.cell("technology:a", "p1")
    assert related.score == pytest.approx(0.5 * 0.75)
    assert related.level == "related"
    assert "3 of the 4 hubs" in related.reasons[0]

    assert matrix.cell("technology:a", "p3").level == "none"
    assert all(cell.level == "none" for cell in matrix.rows[1])  # x is in no priority
    assert [p.key for p in matrix.uncovered_priorities()] == ["p3"]
    assert [d.key for d, _ in matrix.strong_domains("p2")] == ["technology:a"]
    assert [d.key for d, _ in matrix.related_domains("p1")] == ["technology:a"]


def test_an_empty_side_gives_an_empty_matrix() -> None:
    matrix = align([], [priority("p1", A)], {})
    assert matrix.rows == ()
    assert [p.key for p in matrix.uncovered_priorities()] == ["p1"]
    assert align([Domain("technology:a", A)], [], {}).rows == ((),)
