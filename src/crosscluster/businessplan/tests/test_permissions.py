"""Who may see and change what, on every page, including ids changed in the address.

Members (people of partner organisations and of members of partner clusters) and coordinators
read the plan; only coordinators (and administrators) change it; everyone else gets a 404, and so
does an id of another partnership's plan. The shared catalogue is changed by administrators only.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.businessplan import services
from crosscluster.businessplan.models import CostLine, FinancingLine, FundingCall, StaffEffort
from crosscluster.businessplan.tests.helpers import NOW, build_plan
from crosscluster.strategy.tests.helpers import make_other_partnership
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def as_(cast, who: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if who != "anonymous":
        client.login(email=getattr(cast, who).email, password=PASSWORD)
    return client


def url(name: str, slug: str, *args: object) -> str:
    return reverse(f"businessplan:{name}", args=[slug, *args])


def make_call(built, cast) -> FundingCall:  # type: ignore[no-untyped-def]
    return services.save_call(
        user=cast.coordinator,
        plan=built.plan,
        data=services.CallInput(title="Test call", programme="Test", action_ids=(built.a1.pk,)),
        now=NOW,
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("administrator", 200),
        ("cluster_manager", 200),
        ("sme_member", 200),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_who_reads_the_plan(cast, who: str, status: int) -> None:
    built = build_plan(cast)
    client = as_(cast, who)
    slug = cast.partnership.slug
    for target in (
        url("overview", slug),
        url("action", slug, built.a1.pk),
        url("instruments", slug),
        url("calls", slug),
    ):
        assert client.get(target).status_code == status, target
    asked = client.post(
        reverse("exports:request"), {"kind": "businessplan.plan", "subject": slug, "format": "xlsx"}
    )
    assert asked.status_code == (302 if status == 200 else 404)


@pytest.mark.parametrize(("who", "status"), [("cluster_manager", 403), ("sme_member", 403),
                                             ("outsider", 404)])  # fmt: skip
def test_only_coordinators_open_edit_pages_and_post(cast, who: str, status: int) -> None:
    built = build_plan(cast)
    call = make_call(built, cast)
    client = as_(cast, who)
    slug = cast.partnership.slug
    effort = StaffEffort.objects.first()
    cost = CostLine.objects.first()
    line = FinancingLine.objects.first()
    assert effort
    assert cost
    assert line
    gets = [
        url("edit", slug),
        url("line_edit", slug, "staff", effort.pk),
        url("line_edit", slug, "costs", cost.pk),
        url("line_edit", slug, "financing", line.pk),
        url("line_delete", slug, "costs", cost.pk),
        url("instrument_edit", slug, built.eu.pk),
        url("instrument_delete", slug, built.eu.pk),
        url("call_edit", slug, call.pk),
        url("call_delete", slug, call.pk),
    ]
    for target in gets:
        assert client.get(target).status_code == status, target
    before = (CostLine.objects.count(), FundingCall.objects.count())
    posts = {
        url("action", slug, built.a1.pk): {
            "kind": "costs",
            "action": built.a1.pk,
            "year": 2026,
            "category": "travel",
            "description": "x",
            "amount_eur": "1",
        },
        url("line_delete", slug, "costs", cost.pk): {},
        url("calls", slug): {"title": "x", "programme": "y", "status": "open"},
        url("call_delete", slug, call.pk): {},
    }
    for target, data in posts.items():
        assert client.post(target, data).status_code == status, target
    assert (CostLine.objects.count(), FundingCall.objects.count()) == before


def test_ids_of_another_partnership_are_404_even_for_its_coordinator_here(cast) -> None:
    built = build_plan(cast)
    other = make_other_partnership(cast)
    foreign_instrument = services.save_instrument(
        user=other.coordinator,
        partnership=other.partnership,
        data=services.InstrumentInput(name="Their grant", level="regional"),
        now=NOW,
    )
    client = as_(cast, "coordinator")
    slug = cast.partnership.slug
    cost = CostLine.objects.first()
    assert cost
    # the right line under the other partnership's address
    other_client = Client()
    other_client.login(email=other.coordinator.email, password=PASSWORD)
    assert (
        other_client.get(url("line_edit", other.partnership.slug, "costs", cost.pk)).status_code
        == 404
    )
    assert other_client.get(url("overview", slug)).status_code == 404
    # their instrument under our address
    assert client.get(url("instrument_edit", slug, foreign_instrument.pk)).status_code == 404
    # a line kind that does not exist, an action that does not exist
    assert client.get(url("line_edit", slug, "bonus", cost.pk)).status_code == 404
    assert client.get(url("action", slug, 999_999)).status_code == 404
    # the right kind matters: a cost id under "staff" is another row or none
    assert client.get(url("line_edit", slug, "staff", 999_999)).status_code == 404
    assert built.plan.pk


def test_shared_instruments_are_edited_by_administrators_only(cast) -> None:
    built = build_plan(cast)
    slug = cast.partnership.slug
    target = url("instrument_edit", slug, built.national.pk)
    assert as_(cast, "coordinator").get(target).status_code == 403
    assert as_(cast, "administrator").get(target).status_code == 200
    # the coordinator edits the partnership's own
    assert (
        as_(cast, "coordinator").get(url("instrument_edit", slug, built.eu.pk)).status_code == 200
    )


def test_private_partnerships_hide_the_plan_from_members_too_if_they_cannot_see_it(cast) -> None:
    build_plan(cast)
    cast.partnership.is_public = False
    cast.partnership.save()
    # members of a private partnership that are not coordinators cannot see the partnership
    assert as_(cast, "sme_member").get(url("overview", cast.partnership.slug)).status_code == 404
    assert as_(cast, "coordinator").get(url("overview", cast.partnership.slug)).status_code == 200
