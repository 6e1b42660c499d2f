"""Integrity the database enforces by itself, whatever code writes (the services check first)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from crosscluster.directory.models import Country
from crosscluster.strategy.models import (
    Comment,
    PriorityMarket,
    RoadmapAction,
    Strategy,
    StrategyVersion,
)
from crosscluster.strategy.tests.helpers import NOW, make_market_countries

pytestmark = pytest.mark.django_db


def market(strategy: Strategy, iso2: str, slot: int, rank: int = 1) -> PriorityMarket:
    return PriorityMarket.objects.create(
        strategy=strategy,
        country=Country.objects.get(iso2=iso2),
        slot=slot,
        rank=rank,
        chosen_at=NOW,
    )


def test_a_fifth_priority_market_has_no_slot(cast) -> None:
    make_market_countries()
    strategy = Strategy.objects.create(partnership=cast.partnership)
    for slot, iso2 in enumerate(["KR", "SG", "IL", "CA"], start=1):
        market(strategy, iso2, slot, rank=slot)
    with pytest.raises(IntegrityError), transaction.atomic():
        market(strategy, "CN", 5, rank=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        market(strategy, "CN", 4, rank=4)  # slot taken
    assert strategy.markets.count() == 4


def test_a_market_rank_is_1_to_4_and_a_country_is_chosen_once(cast) -> None:
    make_market_countries()
    strategy = Strategy.objects.create(partnership=cast.partnership)
    with pytest.raises(IntegrityError), transaction.atomic():
        market(strategy, "KR", 1, rank=5)
    market(strategy, "KR", 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        market(strategy, "KR", 2, rank=2)


def test_an_action_cannot_end_before_it_starts_or_cost_less_than_nothing(cast) -> None:
    strategy = Strategy.objects.create(partnership=cast.partnership)
    fields = {
        "strategy": strategy,
        "code": "A1",
        "title": "Mission",
        "owner": cast.cluster,
        "start_date": dt.date(2020, 5, 1),
        "end_date": dt.date(2020, 4, 1),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        RoadmapAction.objects.create(**fields)
    fields["end_date"] = dt.date(2020, 6, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoadmapAction.objects.create(**fields, budget_eur=-1)
    RoadmapAction.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoadmapAction.objects.create(**fields)  # same code twice


def test_comments_have_no_status_and_decided_proposals_a_date(cast) -> None:
    strategy = Strategy.objects.create(partnership=cast.partnership)
    base = {
        "strategy": strategy,
        "section": "general",
        "body": "x",
        "author_name": "A",
        "created_at": NOW,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(**base, kind="comment", status="open")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(**base, kind="proposal", status="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(**base, kind="proposal", status="accepted")  # no decided_at
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(**{**base, "section": "nowhere"}, kind="comment")
    Comment.objects.create(**base, kind="proposal", status="accepted", decided_at=NOW)


def test_version_numbers_are_unique_and_an_adopted_strategy_has_one(cast) -> None:
    strategy = Strategy.objects.create(partnership=cast.partnership)
    with pytest.raises(IntegrityError), transaction.atomic():
        Strategy.objects.filter(pk=strategy.pk).update(state="adopted")
    fields = {"strategy": strategy, "snapshot": {}, "adopted_at": NOW, "adopted_by_name": "A"}
    StrategyVersion.objects.create(number=1, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyVersion.objects.create(number=1, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyVersion.objects.create(number=0, **fields)


def test_one_strategy_per_partnership(cast) -> None:
    Strategy.objects.create(partnership=cast.partnership)
    with pytest.raises(IntegrityError), transaction.atomic():
        Strategy.objects.create(partnership=cast.partnership)
