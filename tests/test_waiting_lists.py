"""The administrators' waiting lists are paged: claims and requests to join to decide, clusters
to review, partnerships to approve. A page (and its API operation) reads one page of rows with
a count, so the number of queries does not grow with the number of rows waiting: 3 rows and 30
rows cost the same."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crosscluster.directory.models import (
    ClusterJoinRequest,
    ClusterMembership,
    JoinDirection,
    OrganisationClaim,
    OrganisationKind,
    RequestStatus,
)
from crosscluster.partnerships.models import ApprovalStatus, Partnership
from tests.cast import Cast, make_organisation, make_user

pytestmark = pytest.mark.django_db


def add_claims(cast: Cast, start: int, stop: int) -> None:
    for number in range(start, stop):
        OrganisationClaim.objects.create(
            organisation=cast.sme,
            claimant=make_user(f"claimant{number}@example.eu"),
            status=RequestStatus.PENDING,
            created_at=timezone.now(),
        )


def add_join_requests(cast: Cast, start: int, stop: int) -> None:
    for number in range(start, stop):
        ClusterJoinRequest.objects.create(
            cluster=cast.cluster,
            organisation=make_organisation(f"Applicant {number}"),
            direction=JoinDirection.REQUEST,
            status=RequestStatus.PENDING,
            asked_by=cast.outsider,
            created_at=timezone.now(),
        )


def add_clusters_to_review(cast: Cast, start: int, stop: int) -> None:
    for number in range(start, stop):
        cluster = make_organisation(
            f"Waiting Cluster {number}",
            OrganisationKind.CLUSTER,
            review_requested_at=timezone.now(),
        )
        for kind in (OrganisationKind.SME, OrganisationKind.RESEARCH):
            member = make_organisation(f"Member {kind} {number}", kind)
            ClusterMembership.objects.create(cluster=cluster, member=member)


def add_partnerships(cast: Cast, start: int, stop: int) -> None:
    for number in range(start, stop):
        Partnership.objects.create(
            slug=f"waiting-{number}",
            name=f"Waiting Partnership {number}",
            kind=cast.partnership.kind,
            coordinator=cast.cluster,
            start_date=cast.partnership.start_date,
            duration_months=24,
            summary="Waits for approval.",
            approval_status=ApprovalStatus.PENDING,
            created_by=cast.coordinator,
        )


Adder = Callable[[Cast, int, int], None]

#: (page, API operation, how a row waiting is added, the key of the API's paged list)
WAITING_LISTS: list[tuple[str, str, Adder, tuple[str, ...]]] = [
    ("/directory/requests/", "/api/v1/organisations/claims", add_claims, ("to_decide",)),
    (
        "/directory/requests/",
        "/api/v1/organisations/join-requests",
        add_join_requests,
        ("to_decide",),
    ),
    ("/directory/reviews/", "/api/v1/organisations/reviews", add_clusters_to_review, ()),
    ("/partnerships/approvals/", "/api/v1/partnerships/approvals", add_partnerships, ()),
]
IDS = ["claims", "join-requests", "cluster-reviews", "partnership-approvals"]


def count_queries(get: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        get()
    return len(queries)


def queries_for_3_and_30(cast: Cast, client: Client, url: str, add: Adder) -> tuple[int, int]:
    add(cast, 0, 3)
    client.get(url)  # a token's first use is recorded once
    few = count_queries(lambda: client.get(url))
    add(cast, 3, 30)
    return few, count_queries(lambda: client.get(url))


@pytest.mark.parametrize(("page", "operation", "add", "key"), WAITING_LISTS, ids=IDS)
def test_a_waiting_page_costs_the_same_for_3_and_30_rows(
    cast: Cast, page: str, operation: str, add: Adder, key: tuple[str, ...]
) -> None:
    client = Client()
    client.force_login(cast.administrator)
    few, many = queries_for_3_and_30(cast, client, page, add)
    assert many == few


@pytest.mark.parametrize(("page", "operation", "add", "key"), WAITING_LISTS, ids=IDS)
def test_a_waiting_operation_costs_the_same_for_3_and_30_rows(
    cast: Cast, token_for, page: str, operation: str, add: Adder, key: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    client = Client(headers={"Authorization": token_for(cast.administrator)})
    few, many = queries_for_3_and_30(cast, client, operation, add)
    assert many == few


@pytest.mark.parametrize(("page", "operation", "add", "key"), WAITING_LISTS, ids=IDS)
def test_a_waiting_operation_is_paged_like_the_apis_lists(
    cast: Cast, token_for, page: str, operation: str, add: Adder, key: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    client = Client(headers={"Authorization": token_for(cast.administrator)})
    add(cast, 0, 30)

    def listed(**query: int) -> dict[str, object]:
        answer = client.get(operation, query).json()
        for part in key:
            answer = answer[part]
        return answer

    first, second = listed(page_size=20), listed(page=2, page_size=20)
    assert first["count"] == second["count"] == 30
    assert len(first["items"]) == 20
    assert len(second["items"]) == 10
    assert listed(page=3, page_size=20)["items"] == []
    assert len(listed()["items"]) == 30  # the API's default page holds 50
    assert client.get(operation, {"page_size": 201}).status_code == 422


@pytest.mark.parametrize(("page", "operation", "add", "key"), WAITING_LISTS, ids=IDS)
def test_a_waiting_page_shows_20_rows_and_a_pager(
    cast: Cast, page: str, operation: str, add: Adder, key: tuple[str, ...]
) -> None:
    client = Client()
    client.force_login(cast.administrator)
    add(cast, 0, 30)
    first = client.get(page).content.decode()
    assert "Page 1 of 2" in first
    assert 'rel="next"' in first


def test_the_requests_page_pages_claims_and_requests_apart(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.administrator)
    add_claims(cast, 0, 30)
    add_join_requests(cast, 0, 30)
    html = client.get("/directory/requests/", {"claims_page": 2}).content.decode()
    assert html.count('data-testid="claim-') == 10
    assert html.count('data-testid="join-request-') == 20
    assert "?claims_page=2&amp;requests_page=2" in html  # the claims stay on their page


def test_a_manager_sees_only_the_claims_they_decide_on_each_page(cast: Cast, token_for) -> None:  # type: ignore[no-untyped-def]
    add_claims(cast, 0, 3)  # on an SME of the coordinator's cluster
    client = Client(headers={"Authorization": token_for(cast.cluster_manager)})
    assert client.get("/api/v1/organisations/claims").json()["to_decide"] == {
        "items": [],
        "count": 0,
    }
    coordinator = Client(headers={"Authorization": token_for(cast.coordinator)})
    assert coordinator.get("/api/v1/organisations/claims").json()["to_decide"]["count"] == 3
