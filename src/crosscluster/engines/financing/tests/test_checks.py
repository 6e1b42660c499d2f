"""The checks on hand-computed examples (pure: no database).

The example (also in docs/businessplan.md): two actions, 2026-2027.

    A1 2026  staff 2 PM x 5,000 = 10,000 (+ 1.5 PM without a rate = 0), travel 2,000
             -> cost 12,000; financing EU 9,000 (granted, cap 50%) + own 3,000 = 12,000
    A1 2027  events 8,000 -> cost 8,000; national 8,000 (applied)
    A2 2026  nothing
    A2 2027  subcontracting 12,000; regional 10,000 (planned, call deadline 2026-01-31),
             EU 5,000 rejected (not counted) -> gap 2,000

Totals: cost 32,000; financing 30,000 (regional 10,000 = 33.3%, national 8,000 = 26.7%,
EU 9,000 = 30.0%, own 3,000 = 10.0%); cash-flow 2026: 12,000 / 12,000, cumulative 0;
2027: 20,000 / 18,000, cumulative -2,000. A1 costs 20,000 in all; EU finances 9,000 of it = 45%.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from crosscluster.engines.financing import checks

D = Decimal

A1 = checks.Action(id=1, code="A1", title="Study visits")
A2 = checks.Action(id=2, code="A2", title="Matchmaking")
TODAY = date(2026, 3, 1)


def example(**changes: object) -> checks.Plan:
    plan = checks.Plan(
        first_year=2026,
        last_year=2027,
        actions=(A1, A2),
        efforts=(
            checks.Effort(1, 2026, "Pole", D("2"), D("5000")),
            checks.Effort(1, 2026, "Baltic", D("1.5"), None),
        ),
        costs=(
            checks.Cost(1, 2026, "travel", "Flights", D("2000")),
            checks.Cost(1, 2027, "events", "Venue", D("8000")),
            checks.Cost(2, 2027, "subcontracting", "Study", D("12000")),
        ),
        financing=(
            checks.Financing(1, 2026, "eu", "EU grant", D("9000"), "granted", 7, D("50")),
            checks.Financing(1, 2026, "own", "Pole", D("3000"), "planned"),
            checks.Financing(1, 2027, "national", "Vinnova", D("8000"), "applied", 8),
            checks.Financing(
                2, 2027, "regional", "ERDF", D("10000"), "planned", 9,
                call_title="ERDF call", call_deadline=date(2026, 1, 31),
            ),
            checks.Financing(2, 2027, "eu", "EU grant", D("5000"), "rejected", 7, D("50")),
        ),
    )  # fmt: skip
    return dataclasses.replace(plan, **changes)  # type: ignore[arg-type]


def by_key(results: tuple[checks.CheckResult, ...]) -> dict[str, checks.CheckResult]:
    return {result.key: result for result in results}


def test_cells_totals_shares_and_cash_flow_match_the_hand_computation() -> None:
    figures = checks.compute(example())
    cells = {(cell.action.code, cell.year): cell for cell in figures.cells}
    assert (cells["A1", 2026].staff, cells["A1", 2026].other_costs) == (D("10000"), D("2000"))
    assert cells["A1", 2026].balance == 0
    assert cells["A1", 2027].balance == 0
    assert (cells["A2", 2026].cost, cells["A2", 2026].financing) == (0, 0)
    assert (cells["A2", 2027].cost, cells["A2", 2027].financing) == (D("12000"), D("10000"))
    assert cells["A2", 2027].balance == D("-2000")
    assert (figures.total_cost, figures.total_financing) == (D("32000"), D("30000"))
    assert figures.granted == D("9000")
    assert [(share.level, share.amount, share.percent) for share in figures.shares] == [
        ("regional", D("10000"), D("33.3")),
        ("national", D("8000"), D("26.7")),
        ("eu", D("9000"), D("30.0")),
        ("own", D("3000"), D("10.0")),
    ]
    assert [(f.year, f.cost, f.financing, f.cumulative) for f in figures.flows] == [
        (2026, D("12000"), D("12000"), D("0")),
        (2027, D("20000"), D("18000"), D("-2000")),
    ]
    assert figures.staff_by_partner == (
        ("Baltic", D("1.5"), D("0")),
        ("Pole", D("2"), D("10000")),
    )
    assert dict(figures.cost_by_category) == {
        "staff": D("10000"),
        "travel": D("2000"),
        "events": D("8000"),
        "subcontracting": D("12000"),
    }


def test_the_gap_is_an_error_naming_the_action_year_and_amount() -> None:
    _figures, results = checks.run_checks(example(), today=TODAY)
    financed = by_key(results)["financed"]
    assert financed.severity == checks.ERROR
    assert "EUR 2,000.00" in financed.explanation
    assert financed.findings == (
        "A2 Matchmaking, 2027: costs EUR 12,000.00, financing EUR 10,000.00, gap of EUR 2,000.00.",
    )


def test_a_surplus_is_a_warning() -> None:
    plan = example(
        financing=(
            checks.Financing(1, 2026, "eu", "EU grant", D("12500"), "granted"),
            checks.Financing(1, 2027, "national", "Vinnova", D("8000"), "applied"),
            checks.Financing(2, 2027, "regional", "ERDF", D("12000"), "planned"),
        )
    )
    financed = by_key(checks.run_checks(plan, today=TODAY)[1])["financed"]
    assert financed.severity == checks.WARNING
    assert financed.findings == (
        "A1 Study visits, 2026: costs EUR 12,000.00, financing EUR 12,500.00, "
        "surplus of EUR 500.00.",
    )


def test_all_financed_is_ok() -> None:
    plan = example(
        financing=(
            checks.Financing(1, 2026, "eu", "EU grant", D("12000"), "granted"),
            checks.Financing(1, 2027, "national", "Vinnova", D("8000"), "applied"),
            checks.Financing(2, 2027, "regional", "ERDF", D("12000"), "planned"),
        )
    )
    results = by_key(checks.run_checks(plan, today=TODAY)[1])
    assert results["financed"].severity == checks.OK
    assert results["cash_flow"].severity == checks.OK


def test_the_cap_counts_the_whole_action_and_names_the_limit() -> None:
    _figures, results = checks.run_checks(example(), today=TODAY)
    assert by_key(results)["caps"].severity == checks.OK  # 9,000 of 20,000 = 45% <= 50%
    above = example(
        financing=(
            checks.Financing(1, 2026, "eu", "EU grant", D("9000"), "granted", 7, D("50")),
            checks.Financing(1, 2027, "eu", "EU grant", D("2000"), "planned", 7, D("50")),
        )
    )
    caps = by_key(checks.run_checks(above, today=TODAY)[1])["caps"]
    assert caps.severity == checks.ERROR
    # 11,000 of 20,000 = 55% > 50%: at most 10,000
    assert caps.findings == (
        "A1 Study visits: EU grant finances EUR 11,000.00 of EUR 20,000.00 (55.0%), above its "
        "cap of 50% (at most EUR 10,000.00).",
    )


def test_exactly_at_the_cap_is_allowed_and_rejected_money_does_not_count() -> None:
    at_cap = example(
        financing=(
            checks.Financing(1, 2026, "eu", "EU grant", D("10000"), "granted", 7, D("50")),
            checks.Financing(1, 2027, "eu", "EU grant", D("9000"), "rejected", 7, D("50")),
        )
    )
    assert by_key(checks.run_checks(at_cap, today=TODAY)[1])["caps"].severity == checks.OK


def test_person_months_without_a_rate_are_a_warning() -> None:
    rates = by_key(checks.run_checks(example(), today=TODAY)[1])["rates"]
    assert rates.severity == checks.WARNING
    assert "1.5 person-month(s)" in rates.explanation
    assert rates.findings == ("A1, 2026: Baltic, 1.5 PM",)


def test_money_planned_from_a_closed_call_is_an_error_until_applied() -> None:
    deadlines = by_key(checks.run_checks(example(), today=TODAY)[1])["deadlines"]
    assert deadlines.severity == checks.ERROR
    assert deadlines.findings == ("A2, 2027: EUR 10,000.00 from 'ERDF call', deadline 2026-01-31.",)
    # the day of the deadline is still fine
    on_time = by_key(checks.run_checks(example(), today=date(2026, 1, 31))[1])["deadlines"]
    assert on_time.severity == checks.OK
    applied = example(
        financing=tuple(
            dataclasses.replace(line, status="applied") if line.call_title else line
            for line in example().financing
        )
    )
    assert by_key(checks.run_checks(applied, today=TODAY)[1])["deadlines"].severity == checks.OK


def test_cash_flow_warns_when_the_cumulative_balance_is_negative() -> None:
    flow = by_key(checks.run_checks(example(), today=TODAY)[1])["cash_flow"]
    assert flow.severity == checks.WARNING
    assert "2027" in flow.explanation
    assert "EUR -2,000.00" in flow.explanation


def test_shares_and_an_empty_plan() -> None:
    shares = by_key(checks.run_checks(example(), today=TODAY)[1])["shares"]
    assert shares.severity == checks.OK
    assert "Regional: EUR 10,000.00 (33.3%)" in shares.findings
    empty = checks.Plan(first_year=2026, last_year=2026, actions=(A1,))
    figures, results = checks.run_checks(empty, today=TODAY)
    assert figures.total_cost == 0
    assert [share.percent for share in figures.shares] == [D("0.0")] * 4
    severities = {result.key: result.severity for result in results}
    assert severities == {
        "financed": "ok",
        "caps": "ok",
        "deadlines": "ok",
        "rates": "ok",
        "cash_flow": "ok",
        "shares": "warning",
    }
    assert checks.worst(results) == "warning"
    assert checks.worst(checks.run_checks(example(), today=TODAY)[1]) == "error"


def test_the_largest_share_keeps_the_acronym_eu() -> None:
    """Issue 13: the sentence said "the largest share is eu"."""
    plan = example(
        financing=(checks.Financing(1, 2026, "eu", "EU grant", D("9000"), "granted", 7, D("50")),)
    )
    shares = by_key(checks.run_checks(plan, today=TODAY)[1])["shares"]
    assert "the largest share is EU (100.0%)" in shares.explanation
    assert "regional" in by_key(checks.run_checks(example(), today=TODAY)[1])["shares"].explanation


def test_each_result_gives_its_explanation_and_findings_as_codes_and_values() -> None:
    results = by_key(checks.run_checks(example(), today=TODAY)[1])
    financed = results["financed"]
    assert (financed.code, financed.parameters) == ("gaps", {"count": 1, "amount": D("2000")})
    assert financed.finding_parts == (
        {
            "code": "gap",
            "action": "A2",
            "title": "Matchmaking",
            "year": 2027,
            "cost": D("12000"),
            "financing": D("10000"),
            "amount": D("2000"),
        },
    )
    deadlines = results["deadlines"]
    assert deadlines.parameters == {"count": 1}
    assert deadlines.finding_parts[0]["deadline"] == date(2026, 1, 31)
    assert results["rates"].parameters == {"months": D("1.5")}
    assert results["cash_flow"].parameters == {
        "years": [2027],
        "lowest": D("-2000"),
        "year": 2027,
    }
    for result in results.values():
        assert result.code, result.key
        assert len(result.finding_parts) == len(result.findings), result.key
