"""The published cluster criteria, evaluated by a pure function."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscluster.engines.clusters.criteria import (
    CRITERIA,
    ClusterFacts,
    CriterionResult,
    evaluate_cluster,
    unmet,
    valid_until,
)

GOOD = ClusterFacts(
    management_staff=2,
    members_by_kind={"sme": 7, "research": 2, "public_authority": 1},
    website="https://cluster.example.eu",
    description="x" * 100,
)
THIN_FACTS = ClusterFacts(
    management_staff=0, members_by_kind={"sme": 3}, website="", description="Small."
)


def by_code(facts: ClusterFacts) -> dict[str, bool]:
    return {result.code: result.met for result in evaluate_cluster(facts)}


def test_a_good_cluster_meets_every_published_criterion_in_order() -> None:
    results = evaluate_cluster(GOOD)
    assert [r.code for r in results] == [c.code for c in CRITERIA]
    assert unmet(results) == []
    assert all(result.fix == "" for result in results)


@pytest.mark.parametrize(
    ("change", "failing", "fix"),
    [
        ({"management_staff": None}, "management", "at least 1"),
        ({"management_staff": 0}, "management", "at least 1"),
        (
            {"members_by_kind": {"sme": 6, "research": 2, "public_authority": 1}},
            "members",
            "Add 1 more",
        ),
        ({"members_by_kind": {"sme": 9, "research": 1}}, "mix", "public authorities"),
        (
            {"members_by_kind": {"innovation_hub": 8, "research": 1, "public_authority": 1}},
            "mix",
            "companies",
        ),
        ({"website": "  "}, "website", "website address"),
        ({"description": "x" * 99}, "description", "at least 100"),
    ],
)
def test_each_criterion_fails_alone_and_says_how_to_fix_it(
    change: dict[str, object], failing: str, fix: str
) -> None:
    facts = ClusterFacts(**{**GOOD.__dict__, **change})  # type: ignore[arg-type]
    results = evaluate_cluster(facts)
    assert [r.code for r in unmet(results)] == [failing]
    assert fix in unmet(results)[0].fix


def test_large_companies_count_as_companies() -> None:
    facts = ClusterFacts(
        management_staff=1,
        members_by_kind={"large_company": 8, "research": 1, "public_authority": 1},
        website="https://x.eu",
        description="y" * 120,
    )
    assert by_code(facts)["mix"] is True


@pytest.mark.parametrize(
    ("decided", "until"),
    [
        (dt.date(2025, 3, 14), dt.date(2026, 3, 14)),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28)),
        (dt.date(2025, 12, 31), dt.date(2026, 12, 31)),
    ],
)
def test_a_validation_lasts_one_year(decided: dt.date, until: dt.date) -> None:
    assert valid_until(decided) == until


def test_records_keep_what_was_evaluated() -> None:
    record = evaluate_cluster(GOOD)[1].as_record()
    assert record == {
        "code": "members",
        "label": "Committed members",
        "met": True,
        "observed": "10 member organisations",
        "fix": "",
        "values": {"members": 10, "needed": 0},  # the numbers, to word it again later
        "missing": [],
    }


def test_a_record_reads_back_as_the_result() -> None:
    for result in evaluate_cluster(GOOD) + evaluate_cluster(THIN_FACTS):
        assert CriterionResult.from_record(result.as_record()) == result


def test_a_record_stored_before_the_numbers_reads_back_without_them() -> None:
    old = {"code": "members", "label": "Committed members", "met": False, "observed": "3",
           "fix": "Add 7 more member organisations to the cluster's profile."}  # fmt: skip
    result = CriterionResult.from_record(old)
    assert result.values == {}
    assert result.missing == ()
    assert result.fix == old["fix"]
