"""The demo's illustrative roadmap and business plan: labelled illustrative, computed as
designed, idempotent. Needs only the reference data and the partnership (stages 1 and 3).

Hand-computed expectations (today in 2026, rates of ``demo.businessplan.RATES``):
A1 2026: staff 3 x 3,600 + 1 x 6,000 + 1 PM of the Italian partner without a rate = 16,800;
travel 18,000 + events 12,000 -> cost 46,800, fully financed (60% EU 28,080, 20% regional 9,360,
own 9,360). A4 2028: staff 2 x 6,000 + 1 x 6,400 = 18,400; travel 22,000 + events 9,000 ->
cost 49,400; financed 80% = 39,520: a gap of 9,880.
Totals: staff 30,400 (A1) + 34,900 (A2) + 51,000 (A3) + 30,800 (A4) = 147,100 and other costs
55,000 + 29,000 + 33,000 + 49,000 = 166,000 -> 313,100; financing = 313,100 - 9,880 = 303,220.
Lines: 19 person-month lines, 15 cost lines, 3 financing lines for each of the 10 action-years
that have costs = 64.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from crosscluster.businessplan import queries
from crosscluster.businessplan.models import (
    BusinessPlan,
    CostLine,
    FinancingLine,
    FundingCall,
    StaffEffort,
)
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.demo import facts
from crosscluster.demo.businessplan import ILLUSTRATIVE, load_business_plan
from crosscluster.demo.partnership import load_partnership
from crosscluster.demo.reference import load_reference_data
from crosscluster.partnerships.models import Partnership
from crosscluster.partnerships.queries import Standing
from crosscluster.strategy.models import RoadmapAction, Strategy
from tests.cast import PASSWORD, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 4)
MEMBER = Standing(is_coordinator=False, is_member=True)


@pytest.fixture
def dia(db: None) -> Partnership:
    load_reference_data(data_dir=settings.DATA_DIR)
    load_partnership()
    return Partnership.objects.get(slug=facts.SLUG)


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Strategy, RoadmapAction, BusinessPlan, StaffEffort, CostLine, FinancingLine,
            FundingCall,
        )
    )  # fmt: skip


def test_the_roadmap_and_plan_are_illustrative_and_computed_as_designed(dia: Partnership) -> None:
    summary = load_business_plan(today=TODAY)
    assert summary == (
        "illustrative roadmap (4 actions) and business plan 2026-2028: 64 lines, "
        "EUR 313,100 of costs, EUR 303,220 of financing; 3 illustrative calls"
    )
    strategy = Strategy.objects.get(partnership=dia)
    assert "illustrative" in strategy.title
    assert ILLUSTRATIVE in strategy.summary
    actions = list(RoadmapAction.objects.filter(strategy=strategy).order_by("code"))
    assert [action.code for action in actions] == ["A1", "A2", "A3", "A4"]
    assert all(ILLUSTRATIVE in action.description for action in actions)
    assert "Study visits" in actions[0].title
    assert "Market exploration" in actions[3].title
    plan = BusinessPlan.objects.get(strategy=strategy)
    assert plan.years == [2026, 2027, 2028]
    assert ILLUSTRATIVE in plan.notes

    view = queries.view_plan(partnership=dia, standing=MEMBER, today=TODAY)
    assert view.figures is not None
    cells = {(cell.action.code, cell.year): cell for cell in view.figures.cells}
    assert (cells["A1", 2026].cost, cells["A1", 2026].financing) == (
        Decimal("46800.00"),
        Decimal("46800.00"),
    )
    assert cells["A4", 2028].cost == Decimal("49400.00")
    assert cells["A4", 2028].balance == Decimal("-9880.00")
    results = {result.key: result for result in view.results}
    assert results["financed"].severity == "error"
    assert results["financed"].findings == (
        f"A4 {actions[3].title}, 2028: costs EUR 49,400.00, financing EUR 39,520.00, gap of "
        "EUR 9,880.00.",
    )
    assert results["rates"].severity == "warning"  # the Italian partner's rate
    assert results["deadlines"].severity == "ok"
    levels = {share.level for share in view.figures.shares if share.amount}
    assert levels == {"eu", "regional", "own"}


def test_the_calls_are_marked_illustrative_and_invent_no_address(dia: Partnership) -> None:
    load_business_plan(today=TODAY)
    calls = list(FundingCall.objects.order_by("deadline_date"))
    assert len(calls) == 3
    for call in calls:
        assert call.is_illustrative
        assert call.title.startswith("Illustrative call")
        assert call.url == ""
        assert ILLUSTRATIVE in call.notes
    assert [call.deadline_date for call in calls] == [
        TODAY - dt.timedelta(days=10),
        TODAY + dt.timedelta(days=12),
        TODAY + dt.timedelta(days=75),
    ]
    # the instruments are real catalogue entries
    assert {call.instrument.key for call in calls if call.instrument} == {
        "smp-cosme-euroclusters", "erdf-regional", "bmwe-zim",
    }  # fmt: skip


def test_a_second_run_writes_nothing(dia: Partnership) -> None:
    load_business_plan(today=TODAY)
    before = counts()
    assert load_business_plan(today=TODAY + dt.timedelta(days=40)) == (
        "business plan already loaded (illustrative)"
    )
    assert counts() == before


def test_the_demo_plan_pages_render_for_a_coordinator(dia: Partnership) -> None:
    load_business_plan(today=TODAY)
    administrator = make_user("admin@example.eu", is_superuser=True, is_staff=True)
    client = Client()
    client.login(email=administrator.email, password=PASSWORD)
    for name in ("overview", "calls", "instruments"):
        response = client.get(reverse(f"businessplan:{name}", args=[facts.SLUG]))
        assert response.status_code == 200, name
    asked = client.post(
        reverse("exports:request"),
        {"kind": "businessplan.plan", "subject": facts.SLUG, "format": "xlsx"},
    )
    run_queued_tasks()
    assert client.get(asked["Location"] + "file/").status_code == 200


def test_without_the_partnership_it_says_which_stage_to_load(db: None) -> None:
    with pytest.raises(RuntimeError, match="load stage 3 first"):
        load_business_plan(today=TODAY)
