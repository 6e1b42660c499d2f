"""The Italian development needs (round 8c) and the comparison of their two readings."""

from __future__ import annotations

from collections import Counter

from crosscluster.engines.matching.evaluation.italian_dev import (
    DevNeed,
    compare,
    keyword_readings,
    load_dev_needs,
    yardstick_needs,
)
from crosscluster.engines.matching.vocabulary import Vocabulary


def test_the_development_needs_cover_every_technology_twice_and_every_sector(
    vocabulary: Vocabulary,
) -> None:
    needs = load_dev_needs()
    assert len(needs) >= 60
    assert len({need.id for need in needs}) == len(needs)
    technologies = Counter(label for need in needs for label in need.technologies)
    sectors = Counter(label for need in needs for label in need.sectors)
    assert all(technologies[label] >= 2 for label in vocabulary.facet("technologies"))
    assert all(sectors[label] >= 1 for label in vocabulary.facet("sectors"))
    assert all(need.texts["it"] and need.texts["en"] for need in needs)


def test_disagreements_and_recall_by_hand() -> None:
    needs = [
        DevNeed("A", {"it": "", "en": ""}, ("Robotics", "Logistics"), ("Energy",)),
        DevNeed("B", {"it": "", "en": ""}, ("Robotics",), ()),
    ]
    readings = {
        (need.id, facet, reading): frozenset()
        for need in needs
        for facet in ("technologies", "sectors", "services")
        for reading in ("it", "en")
    }
    readings[("A", "technologies", "it")] = frozenset({"Robotics", "Displays"})
    readings[("A", "technologies", "en")] = frozenset({"Robotics", "Logistics"})
    readings[("B", "technologies", "en")] = frozenset({"Robotics"})
    report = compare(needs, readings)["technologies"]
    # A: Displays only in Italian, Logistics only in English; B: Robotics only in English
    assert report["disagreements"] == 3
    assert report["needs with a disagreement"] == 2
    assert report["it only, by label"] == {"Displays": 1}
    assert report["en only, by label"] == {"Logistics": 1, "Robotics": 1}
    # stated: 3 technologies; Italian finds 1 of them in 2 labels given, English 3 in 3
    assert report["stated labels found"] == {"it": 0.333, "en": 1.0}
    assert report["stated share of the labels given"] == {"it": 0.5, "en": 1.0}


def test_keyword_readings_read_each_language_as_written() -> None:
    need = DevNeed("C", {"it": "un robot collaborativo", "en": "a cobot"}, ("Robotics",), ())
    readings = keyword_readings([need])
    assert readings[("C", "technologies", "it")] == {"Robotics"}
    assert readings[("C", "technologies", "en")] == {"Robotics"}


def test_the_yardstick_reads_every_development_need_as_written_and_in_english() -> None:
    sets = yardstick_needs()
    italian, others = sets["italian_dev_needs.json"], sets["needs.json"]
    assert [need.id for need in italian] == [need.id for need in load_dev_needs()]
    assert {need.language for need in italian} == {"it"}
    assert {need.language for need in others} == {"de", "es", "fr", "it", "sv"}
    assert len(others) == 5 * len({need.id.split("-")[0] for need in others})
    ids = [need.id for need in italian + others]
    assert len(set(ids)) == len(ids)
    # the five translations of a need share its English text and its stated labels
    by_need: dict[str, set[tuple[str, tuple[str, ...], tuple[str, ...]]]] = {}
    for need in others:
        by_need.setdefault(need.id.split("-")[0], set()).add(
            (need.english, need.technologies, need.sectors)
        )
        assert need.text != need.english
    assert all(len(versions) == 1 for versions in by_need.values())
