"""The cluster criteria's results worded for the pages, from the engine's numbers."""

from __future__ import annotations

from django.utils import translation

from crosscluster.directory.wording import word_criteria
from crosscluster.engines.clusters.criteria import ClusterFacts, evaluate_cluster

THIN = ClusterFacts(
    management_staff=1,
    members_by_kind={"sme": 3},
    website="",
    description="A small cluster.",
)


def worded(facts: ClusterFacts, language: str = "en") -> dict[str, tuple[str, str, str]]:
    with translation.override(language):
        return {
            r.code: (r.label, r.observed, r.fix) for r in word_criteria(evaluate_cluster(facts))
        }


def test_each_criterion_is_worded_from_the_engines_numbers() -> None:
    results = worded(THIN)
    assert results["management"] == ("Dedicated management", "1 person manages the cluster", "")
    assert results["members"][1:] == (
        "3 member organisations",
        "Add 7 more member organisations to the cluster's profile.",
    )
    assert results["mix"][1:] == (
        "Companies: 3; research organisations: 0; public authorities: 0",
        "Add members that are research organisations and public authorities.",
    )
    assert results["website"][1] == "No website given"
    assert results["description"][1:] == (
        "16 characters of description",
        "Describe the cluster's activities in at least 100 characters.",
    )


def test_the_words_follow_the_readers_language() -> None:
    english, german = worded(THIN), worded(THIN, "de")
    assert german["management"][0] == "Eigenes Management"  # the label, through the catalogue
    assert english["management"][0] == "Dedicated management"


def test_a_website_given_is_shown_as_written() -> None:
    facts = ClusterFacts(
        management_staff=0, members_by_kind={}, website="https://c.example.eu", description=""
    )
    results = worded(facts)
    assert results["website"][1:] == ("https://c.example.eu", "")
    assert results["management"][1:] == (
        "0 people manage the cluster",
        "Give the number of people who manage the cluster (at least 1 person).",
    )


NO_STAFF = ClusterFacts(
    management_staff=0, members_by_kind={"sme": 3}, website="", description="A small cluster."
)


def test_the_management_fix_states_the_published_minimum(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert worded(NO_STAFF)["management"][2] == (
        "Give the number of people who manage the cluster (at least 1 person)."
    )
    monkeypatch.setattr("crosscluster.directory.wording.MIN_MANAGEMENT_STAFF", 2)
    assert worded(NO_STAFF)["management"][2] == (
        "Give the number of people who manage the cluster (at least 2 people)."
    )
