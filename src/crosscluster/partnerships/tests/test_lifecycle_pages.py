"""The life-cycle and work-plan pages: who reaches them, and bad input on a page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.accounts.models import OrganisationMembership
from crosscluster.directory.models import OrganisationKind
from crosscluster.partnerships import services
from crosscluster.partnerships.models import (
    ApprovalStatus,
    Partnership,
    WorkItem,
    WorkPackage,
)
from tests.cast import make_organisation, make_user

pytestmark = pytest.mark.django_db

ROLES = ["outsider", "sme_member", "cluster_manager", "coordinator", "administrator"]


@pytest.fixture
def item(cast):  # type: ignore[no-untyped-def]
    package = WorkPackage.objects.create(partnership=cast.partnership, number=1, title="Mapping")
    return WorkItem.objects.create(
        work_package=package, kind="task", code="T1.1", title="Map", due_date=dt.date(2019, 6, 30)
    )


def coordinator_pages(slug: str, item_id: int) -> list[str]:
    return [
        f"/partnerships/{slug}/partners/",
        f"/partnerships/{slug}/work-plan/packages/new/",
        f"/partnerships/{slug}/work-plan/1/edit/",
        f"/partnerships/{slug}/work-plan/1/items/new/",
        f"/partnerships/{slug}/work-plan/items/{item_id}/edit/",
        f"/partnerships/{slug}/work-plan/items/{item_id}/done/",
    ]


@pytest.mark.parametrize("who", ROLES)
def test_coordinator_pages_by_role(cast, client: Client, item, who: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(cast, who))
    expected = 200 if who in {"coordinator", "administrator"} else 403
    for url in coordinator_pages(cast.partnership.slug, item.pk):
        assert client.get(url).status_code == expected, url


def test_anonymous_is_sent_to_log_in(cast, client: Client, item) -> None:  # type: ignore[no-untyped-def]
    for url in [
        *coordinator_pages(cast.partnership.slug, item.pk),
        "/partnerships/new/",
        "/partnerships/invitations/",
        "/partnerships/approvals/",
    ]:
        assert client.get(url).status_code == 302, url


def test_an_item_of_another_partnership_is_not_found(cast, client: Client) -> None:
    other = Partnership.objects.create(
        slug="other",
        name="Other",
        kind="other",
        coordinator=cast.other_cluster,
        start_date=dt.date(2019, 3, 1),
        duration_months=24,
        summary="Other.",
    )
    package = WorkPackage.objects.create(partnership=other, number=1, title="Theirs")
    theirs = WorkItem.objects.create(
        work_package=package, kind="task", code="T1", title="T", due_date=dt.date(2019, 6, 30)
    )
    client.force_login(cast.coordinator)
    slug = cast.partnership.slug
    assert client.get(f"/partnerships/{slug}/work-plan/items/{theirs.pk}/edit/").status_code == 404
    response = client.post(
        f"/partnerships/{slug}/work-plan/items/{theirs.pk}/done/",
        {"evidence_url": "https://example.eu"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_date is None


@pytest.mark.parametrize("who", ["outsider", "sme_member", "cluster_manager", "coordinator"])
def test_only_administrators_see_the_approvals(cast, client: Client, who: str) -> None:
    client.force_login(getattr(cast, who))
    assert client.get("/partnerships/approvals/").status_code == 403
    cast.partnership.approval_status = ApprovalStatus.PENDING
    cast.partnership.save()
    response = client.post(f"/partnerships/{cast.partnership.slug}/approve/")
    assert response.status_code == (403 if who == "coordinator" else 404)
    cast.partnership.refresh_from_db()
    assert cast.partnership.approval_status == ApprovalStatus.PENDING


def test_a_page_names_the_bad_field_and_creates_nothing(cast, client: Client) -> None:
    client.force_login(cast.cluster_manager)
    response = client.post(
        "/partnerships/new/",
        {
            "coordinator_organisation": cast.other_cluster.pk,
            "name": "New alliance",
            "kind": "escp-4i",
            "target_countries": ["US", "XX"],
            "start_date": "2026-01-01",
            "duration_months": 12,
            "summary": "Go.",
        },
    )
    assert response.status_code == 200
    assert "XX is not one of the available choices" in response.content.decode()
    assert Partnership.objects.count() == 1


def test_a_due_date_outside_the_period_is_refused_on_the_page(cast, client: Client, item) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.coordinator)
    response = client.post(
        f"/partnerships/{cast.partnership.slug}/work-plan/items/{item.pk}/edit/",
        {"kind": "task", "code": "T1.1", "title": "Map", "weight": 1, "due_date": "2026-01-01"},
    )
    assert "outside the partnership&#x27;s period" in response.content.decode()
    item.refresh_from_db()
    assert item.due_date == dt.date(2019, 6, 30)


def test_someone_managing_no_cluster_is_told_how_to_start(cast, client: Client) -> None:
    client.force_login(cast.sme_member)
    page = client.get("/partnerships/new/").content.decode()
    assert "you manage no cluster yet" in page


def test_an_administrator_declines_on_a_page_and_the_coordinators_read_why(
    cast, client: Client
) -> None:
    cast.partnership.approval_status = ApprovalStatus.PENDING
    cast.partnership.save()
    url = f"/partnerships/{cast.partnership.slug}/decline/"
    for who, status in [("outsider", 404), ("coordinator", 403)]:
        client.force_login(getattr(cast, who))
        assert client.post(url, {"reason": "No."}).status_code == status
    client.force_login(cast.administrator)
    assert b"Decline" in client.get("/partnerships/approvals/").content
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert b"reason" in empty.content
    cast.partnership.refresh_from_db()
    assert cast.partnership.approval_status == ApprovalStatus.PENDING
    assert client.post(url, {"reason": "Add the work plan first."}).status_code == 302
    cast.partnership.refresh_from_db()
    assert cast.partnership.approval_status == ApprovalStatus.DECLINED

    client.force_login(cast.coordinator)
    page = client.get(f"/partnerships/{cast.partnership.slug}/")
    assert b"Add the work plan first." in page.content
    assert b"Ask for approval again" in page.content
    client.post(f"/partnerships/{cast.partnership.slug}/resubmit/")
    cast.partnership.refresh_from_db()
    assert cast.partnership.approval_status == ApprovalStatus.PENDING


def test_a_refused_answer_to_an_invitation_keeps_the_reason(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    cluster = make_organisation("Nordic Test Cluster", OrganisationKind.CLUSTER)
    manager = make_user("nordic@example.eu")
    OrganisationMembership.objects.create(user=manager, organisation=cluster, role="manager")
    invitation = services.invite_partner(
        user=cast.coordinator, partnership=cast.partnership, organisation_id=cluster.pk
    )
    client.force_login(manager)
    answer = reverse("partnerships:answer", args=[invitation.pk])
    reason = "We have no capacity this year. " * 70  # over 2,000 characters
    refused = client.post(answer, {"answer": "decline", "reason": reason})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f"{reason}</textarea>" in page
    assert f'aria-describedby="reason-{invitation.pk}-errors"' in page
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert client.post(answer, {"answer": "decline", "reason": "Not now."}).status_code == 302
    # answered already (another manager, another tab): the refusal above the list, not lost
    twice = client.post(answer, {"answer": "accept", "reason": "Let us try."})
    assert twice.status_code == 400
    assert "This invitation was declined already" in twice.content.decode()
