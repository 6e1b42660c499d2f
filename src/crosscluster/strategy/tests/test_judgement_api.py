"""A partner's market judgements over the API, as on the judgements page: its staff or a
coordinator enter every pair; the answer has the weights and the consistency. By role, bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.strategy.adapters import CRITERION_CODES
from crosscluster.strategy.models import MarketJudgement
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _pairs(value: float = 1.0) -> dict[str, float]:
    codes = CRITERION_CODES
    return {
        f"{codes[row]}:{codes[column]}": value
        for row in range(len(codes))
        for column in range(row + 1, len(codes))
    }


def put(cast: Cast, token: str | None, organisation_id: int, body: object):  # type: ignore[no-untyped-def]
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    return Client().put(
        f"/api/v1/strategy/{cast.partnership.slug}/markets/judgements/{organisation_id}",
        data=body,
        content_type="application/json",
        **headers,
    )


def test_a_partners_staff_enter_its_judgements(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    pairs = _pairs()
    first, second = CRITERION_CODES[0], CRITERION_CODES[1]
    pairs[f"{first}:{second}"] = 3
    response = put(cast, token_for(cast.cluster_manager), cast.other_cluster.pk, {"pairs": pairs})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["criteria"] == list(CRITERION_CODES)
    assert body["matrix"][0][1] == 3
    assert body["matrix"][1][0] == pytest.approx(1 / 3)
    assert body["weights"][0] > body["weights"][1]
    assert body["consistency_ratio"] is not None
    assert body["warning"] == ""
    judgement = MarketJudgement.objects.get()
    assert (judgement.organisation, judgement.entered_by) == (
        cast.other_cluster,
        cast.cluster_manager,
    )


def test_contradictory_judgements_are_saved_with_a_warning(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    codes = CRITERION_CODES
    pairs = _pairs()
    pairs.update(
        {f"{codes[0]}:{codes[1]}": 9, f"{codes[1]}:{codes[2]}": 9, f"{codes[0]}:{codes[2]}": 1 / 9}
    )
    response = put(cast, token_for(cast.coordinator), cast.other_cluster.pk, {"pairs": pairs})
    assert response.status_code == 200
    assert "above 0.1" in response.json()["warning"]


@pytest.mark.parametrize(
    ("who", "organisation", "status"),
    [
        (None, "other_cluster", 401),
        ("cluster_manager", "cluster", 403),  # another partner's judgements
        ("sme_member", "other_cluster", 403),
        ("outsider", "other_cluster", 404),  # not a member: the working strategy is hidden
        ("coordinator", "other_sme", 404),  # not a partner
    ],
)
def test_only_the_partners_staff_and_coordinators_enter_them(  # type: ignore[no-untyped-def]
    cast: Cast, token_for, who, organisation, status
) -> None:
    token = token_for(getattr(cast, who)) if who else None
    response = put(cast, token, getattr(cast, organisation).pk, {"pairs": _pairs()})
    assert response.status_code == status, response.content
    assert not MarketJudgement.objects.exists()


@pytest.mark.parametrize(
    ("pairs", "field"),
    [
        ({"size:nothing": 3}, "pairs"),
        ("drop-one", None),
        ("too-big", None),
    ],
)
def test_bad_pairs_name_the_pair_and_save_nothing(cast: Cast, token_for, pairs, field) -> None:  # type: ignore[no-untyped-def]
    good = _pairs()
    first_key = next(iter(good))
    if pairs == "drop-one":
        del good[first_key]
        pairs, field = good, f"pairs.{first_key}"
    elif pairs == "too-big":
        good[first_key] = 12
        pairs, field = good, f"pairs.{first_key}"
    response = put(cast, token_for(cast.coordinator), cast.other_cluster.pk, {"pairs": pairs})
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not MarketJudgement.objects.exists()


def test_a_pair_that_is_not_a_number_is_a_422(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    pairs: dict[str, object] = dict(_pairs())
    pairs[next(iter(pairs))] = "a lot"
    response = put(cast, token_for(cast.coordinator), cast.other_cluster.pk, {"pairs": pairs})
    assert response.status_code == 422
    assert not MarketJudgement.objects.exists()
