"""rank_markets on a small hand-made matrix: order, exact parts, reasons, what would change."""

from __future__ import annotations

import pytest

from crosscluster.engines.ranking import (
    Alternative,
    Cell,
    Criterion,
    DecisionMatrix,
    InputError,
    direct_weights,
    equal_weights,
    rank_markets,
)


def matrix() -> DecisionMatrix:
    rows = {
        "AAA": (100.0, 2.0, 1000.0),
        "BBB": (50.0, 4.0, 3000.0),
        "CCC": (80.0, 1.0, 9000.0),
        "DDD": (10.0, 3.0, 2000.0),
        "EEE": (20.0, 0.5, 8000.0),
    }
    return DecisionMatrix(
        criteria=(
            Criterion("size", "Size", "benefit"),
            Criterion("growth", "Growth", "benefit"),
            Criterion("distance", "Distance", "cost"),
        ),
        alternatives=tuple(
            Alternative(code, f"Country {code}", tuple(Cell(v, 2024, v) for v in values))
            for code, values in rows.items()
        ),
        source="test",
        vintage="test",
    )


def test_weighted_sum_ranking_by_hand() -> None:
    result = rank_markets(matrix(), equal_weights(("size", "growth", "distance")), top=2, draws=200)
    # normalised: size (x-10)/90, growth (x-0.5)/3.5, distance (9000-x)/8000
    expected = {
        "AAA": (1.0 + 1.5 / 3.5 + 1.0) / 3,
        "BBB": (40 / 90 + 1.0 + 0.75) / 3,
        "CCC": (70 / 90 + 0.5 / 3.5 + 0.0) / 3,
        "DDD": (0.0 + 2.5 / 3.5 + 7 / 8) / 3,
        "EEE": (10 / 90 + 0.0 + 1 / 8) / 3,
    }
    assert [market.iso3 for market in result.markets] == ["AAA", "BBB", "DDD", "CCC", "EEE"]
    assert [market.rank for market in result.markets] == [1, 2, 3, 4, 5]
    for market in result.markets:
        assert market.score == pytest.approx(expected[market.iso3], abs=1e-12)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_contributions_add_up_and_reasons_have_the_right_sign(method: str) -> None:
    result = rank_markets(
        matrix(),
        direct_weights({"size": 2, "growth": 1, "distance": 1}),
        method=method,
        draws=100,  # type: ignore[arg-type]
    )
    mean_score = sum(market.score for market in result.markets) / len(result.markets)
    for market in result.markets:
        assert sum(market.contributions_dict().values()) == pytest.approx(market.score, abs=1e-12)
        assert sum(part.versus_average for part in market.contributions) == pytest.approx(
            market.score - mean_score, abs=1e-12
        )
        assert all(part.versus_average > 0 for part in market.strengths)
        assert all(part.versus_average < 0 for part in market.weaknesses)
        assert f"Rank {market.rank} of 5" in market.explanation
    best = result.markets[0]
    assert best.strengths[0].criterion == "size"


def test_what_would_change_names_holders_and_the_challenger() -> None:
    result = rank_markets(matrix(), equal_weights(("size", "growth", "distance")), top=2, draws=200)
    changes = result.changes
    assert [holder.iso3 for holder in changes.holders] == ["AAA", "BBB"]
    assert changes.challenger is not None
    assert changes.challenger.iso3 == "DDD"
    assert changes.challenger.score_gap == pytest.approx(
        result.markets[1].score - result.markets[2].score
    )
    shift = changes.challenger.shift
    # Lowering the weight of size brings DDD level with AAA (worked out by hand: at a size weight
    # of 0.0744 both score 0.735), which leaves the top 2.
    assert shift is not None
    assert shift.criterion == "size"
    assert shift.other_iso3 == "AAA"
    assert shift.weight_to == pytest.approx(0.0744, abs=1e-4)
    assert "enters the top 2" in changes.challenger.explanation
    assert changes.summary.startswith("The smallest single-weight change")
    # the same as parts an app words in its reader's language (the English text unchanged)
    assert changes.challenger.parts == {
        "code": "challenger_enters",
        "top": 2,
        "below": {"iso3": "BBB", "name": result.markets[1].name},
        "shift": {
            "indicator": "size",
            "label": shift.label,
            "weight_from": shift.weight_from,
            "weight_to": shift.weight_to,
            "rises": False,
            "other": {"iso3": "AAA", "name": shift.other_name},
        },
    }
    assert changes.summary_parts["code"] == "smallest_change"
    assert changes.summary_parts["top"] == 2
    assert [holder.parts["code"] for holder in changes.holders] == [
        "holder_stays" if holder.shift is None else "holder_leaves" for holder in changes.holders
    ]
    for market in result.markets:
        assert market.parts["rank"] == market.rank
        assert market.parts["count"] == 5
        assert [part["indicator"] for part in market.parts["strengths"]] == [  # type: ignore[attr-defined]
            part.criterion for part in market.strengths
        ]


def test_ties_share_the_rank() -> None:
    base = matrix()
    twin = Alternative("ZZZ", "Twin of AAA", base.alternatives[0].cells)
    tied = DecisionMatrix(base.criteria, (*base.alternatives, twin))
    result = rank_markets(tied, equal_weights(base.codes), top=1, draws=50)
    assert [(m.iso3, m.rank) for m in result.markets[:2]] == [("AAA", 1), ("ZZZ", 1)]
    first, second = result.markets[:2]
    assert first.p_top == second.p_top > 0  # both in, or both out, in every draw
    assert (first.rank_low, first.rank_high) == (second.rank_low, second.rank_high)


def test_weights_must_match_the_criteria() -> None:
    with pytest.raises(InputError, match="no weight for criterion distance"):
        rank_markets(matrix(), equal_weights(("size", "growth")))
    with pytest.raises(InputError, match=r"weights\.area: not a criterion"):
        rank_markets(matrix(), equal_weights(("size", "growth", "distance", "area")))


def test_a_top_larger_than_the_set_is_a_warning() -> None:
    result = rank_markets(matrix(), equal_weights(matrix().codes), top=9, draws=20)
    assert result.top == 5
    assert any("only 5 markets" in warning for warning in result.warnings)
    assert all(market.p_top == 1.0 for market in result.markets)


def test_the_same_inputs_give_the_same_result() -> None:
    weights = equal_weights(matrix().codes)
    assert rank_markets(matrix(), weights, seed=5, draws=300) == rank_markets(
        matrix(), weights, seed=5, draws=300
    )
