"""What the database itself refuses, whatever the code does; and pages whose number of queries
does not grow with the number of lines."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crosscluster.businessplan import services
from crosscluster.businessplan.models import BusinessPlan, CostLine, FinancingLine, StaffEffort
from crosscluster.businessplan.tests.helpers import NOW, build_plan
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def refused(make) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_constraints(cast) -> None:
    built = build_plan(cast)
    plan, a1 = built.plan, built.a1
    assert refused(lambda: FinancingLine.objects.create(
        plan=plan, action=a1, year=2026, level="own", amount_eur=1, instrument=built.eu,
        organisation=cast.cluster,
    ))  # fmt: skip
    assert refused(lambda: FinancingLine.objects.create(
        plan=plan, action=a1, year=2026, level="eu", amount_eur=1,
    ))  # fmt: skip
    assert refused(lambda: CostLine.objects.create(
        plan=plan, action=a1, year=2026, category="travel", description="x", amount_eur=0,
    ))  # fmt: skip
    assert refused(
        lambda: StaffEffort.objects.create(
            plan=plan,
            action=a1,
            year=2026,
            organisation=cast.cluster,
            person_months=1,
        )
    )  # fmt: skip
    assert refused(lambda: BusinessPlan.objects.filter(pk=plan.pk).update(first_year=2030))


def test_the_overview_and_action_pages_use_a_fixed_number_of_queries(cast) -> None:
    built = build_plan(cast)
    client = Client()
    client.login(email=cast.coordinator.email, password=PASSWORD)
    overview = reverse("businessplan:overview", args=[cast.partnership.slug])
    action = reverse("businessplan:action", args=[cast.partnership.slug, built.a1.pk])

    def queries_of(target: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target).status_code == 200
        return len(captured)

    small = (queries_of(overview), queries_of(action))
    for number in range(20):
        services.save_cost(
            user=cast.coordinator,
            plan=built.plan,
            data=services.CostInput(built.a1.pk, 2027, "other", f"Item {number}", "10"),
            now=NOW,
        )
        services.save_financing(
            user=cast.coordinator,
            plan=built.plan,
            data=services.FinancingInput(built.a1.pk, 2027, "10", built.national.pk),
            now=NOW,
        )
    assert (queries_of(overview), queries_of(action)) == small
