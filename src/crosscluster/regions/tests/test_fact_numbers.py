"""A recommendation's facts show their numbers in the reader's format (qa6: the alignment
scores read "1.00, 1.00, 1.00" on the Portuguese and Swedish recommendation page)."""

from __future__ import annotations

from django.utils import translation

from crosscluster.regions.queries import fact_rows


def test_scores_are_written_the_readers_way_and_told_apart_by_semicolons() -> None:
    facts = {"scores": [1.0, 0.85], "shared_tags": ["Robotics", "Internet of Things"]}
    with translation.override("en"):
        assert [value for _label, value in fact_rows(facts)] == [
            "1.00; 0.85",
            "Robotics, Internet of Things",
        ]
    with translation.override("pt"):
        assert fact_rows(facts)[0][1] == "1,00; 0,85"
    with translation.override("sv"):
        assert fact_rows(facts)[0][1] == "1,00; 0,85"
