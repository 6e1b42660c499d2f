"""AHP: a hand-computed Saaty example, consistency, and the geometric-mean group rule."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscluster.engines.ranking.ahp import (
    RANDOM_INDEX,
    analyse_pairwise,
    combine_judgements,
    consistent_matrix,
)
from crosscluster.engines.ranking.model import InputError, PartnerJudgement

SAATY = ((1.0, 3.0, 5.0), (1 / 3, 1.0, 3.0), (1 / 5, 1 / 3, 1.0))


def test_saaty_three_by_three_by_hand() -> None:
    """For a 3x3 reciprocal matrix (a12 = a, a13 = b, a23 = c) the principal eigenvector is the
    normalised row geometric means and lambda_max = 1 + (b / ac)^(1/3) + (ac / b)^(1/3)."""
    result = analyse_pairwise(("a", "b", "c"), SAATY)
    row_means = [15 ** (1 / 3), 1.0, (1 / 15) ** (1 / 3)]
    expected = [mean / sum(row_means) for mean in row_means]
    assert result.weights == pytest.approx(expected, abs=1e-12)
    assert result.weights == pytest.approx((0.6370, 0.2583, 0.1047), abs=5e-5)
    ratio = (3 * 3) / 5  # ac / b
    lambda_max = 1 + ratio ** (1 / 3) + ratio ** (-1 / 3)
    assert result.lambda_max == pytest.approx(lambda_max, abs=1e-12)  # 3.0385
    assert result.consistency_index == pytest.approx((lambda_max - 3) / 2, abs=1e-12)
    assert result.random_index == 0.58
    assert result.consistency_ratio == pytest.approx((lambda_max - 3) / 2 / 0.58, abs=1e-12)
    assert result.consistency_ratio == pytest.approx(0.0332, abs=5e-5)
    assert result.warning is None


def test_inconsistent_judgements_warn_above_one_tenth() -> None:
    # a > b (9), b > c (9), but c > a (9): a cycle.
    cyclic = ((1.0, 9.0, 1 / 9), (1 / 9, 1.0, 9.0), (9.0, 1 / 9, 1.0))
    result = analyse_pairwise(("a", "b", "c"), cyclic)
    assert result.consistency_ratio is not None
    assert result.consistency_ratio > 0.1
    assert result.warning is not None
    assert "above 0.1" in result.warning
    assert result.weights == pytest.approx((1 / 3, 1 / 3, 1 / 3))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.05, 10.0), min_size=1, max_size=12))
def test_consistent_matrices_give_back_their_weights(raw: list[float]) -> None:
    weights = [value / sum(raw) for value in raw]
    codes = tuple(f"c{index}" for index in range(len(weights)))
    result = analyse_pairwise(codes, consistent_matrix(weights))
    assert result.weights == pytest.approx(weights, rel=1e-9, abs=1e-12)
    assert result.lambda_max == pytest.approx(len(weights), rel=1e-9)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)


def test_group_weights_are_the_geometric_mean_of_consistent_partners() -> None:
    first, second = [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]
    codes = ("gdp", "income", "distance")
    group = combine_judgements(
        [
            PartnerJudgement("FR", codes, consistent_matrix(first)),
            PartnerJudgement("DE", codes, consistent_matrix(second)),
        ]
    )
    geometric = [math.sqrt(a * b) for a, b in zip(first, second, strict=True)]
    expected = [value / sum(geometric) for value in geometric]
    assert group.combined.weights == pytest.approx(expected, rel=1e-9)
    assert dict(group.partners)["FR"].weights == pytest.approx(first)
    assert dict(group.partners)["DE"].weights == pytest.approx(second)
    matrix = np.array(group.combined.matrix)
    np.testing.assert_allclose(matrix * matrix.T, np.ones((3, 3)))  # still reciprocal


def test_one_partner_is_its_own_group() -> None:
    group = combine_judgements([PartnerJudgement("FR", ("a", "b", "c"), SAATY)])
    assert group.combined.weights == pytest.approx(analyse_pairwise(("a", "b", "c"), SAATY).weights)


def test_random_index_is_saatys_table() -> None:
    assert [RANDOM_INDEX[n] for n in range(3, 11)] == [
        0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
    ]  # fmt: skip


def test_no_consistency_ratio_beyond_fifteen_criteria() -> None:
    weights = [1.0 + index for index in range(16)]
    result = analyse_pairwise(tuple(f"c{i}" for i in range(16)), consistent_matrix(weights))
    assert result.consistency_ratio is None
    assert result.warning is not None
    assert "up to 15" in result.warning


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        (((1.0, 3.0), (0.5, 1.0)), "row 2, column 1: 0.5 is not the reciprocal of row 1, column 2"),
        (((2.0, 3.0), (1 / 3, 1.0)), "row 1, column 1: the diagonal must be 1"),
        (((1.0, -3.0), (-1 / 3, 1.0)), "row 1, column 2: must be a positive number"),
        (((1.0, 3.0),), "1 rows, expected 2"),
        (((1.0, 3.0), (1 / 3,)), "row 2: 1 values, expected 2"),
    ],
)
def test_malformed_matrices_name_row_and_column(
    matrix: tuple[tuple[float, ...], ...], message: str
) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        combine_judgements([PartnerJudgement("FR", ("a", "b"), matrix)])


def test_partners_must_compare_the_same_criteria() -> None:
    with pytest.raises(InputError, match=r"ahp\.partners\.DE: criteria"):
        combine_judgements(
            [
                PartnerJudgement("FR", ("a", "b"), ((1.0, 2.0), (0.5, 1.0))),
                PartnerJudgement("DE", ("b", "a"), ((1.0, 2.0), (0.5, 1.0))),
            ]
        )
