from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.directory.models import OrganisationKind
from crosscluster.partnerships.models import Partnership, PartnershipKind
from tests.cast import make_organisation

pytestmark = pytest.mark.django_db


def test_list_is_paginated_and_filtered(cast, client: Client) -> None:
    coordinator = make_organisation("Other Coordinator", OrganisationKind.CLUSTER)
    for number in range(3):
        Partnership.objects.create(
            slug=f"s3-{number}",
            name=f"Smart Specialisation {number}",
            kind=PartnershipKind.ESCP_S3,
            coordinator=coordinator,
            start_date="2020-01-01",
            duration_months=12,
            summary="S3",
        )
    body = client.get("/api/v1/partnerships/", {"page": 1}).json()
    assert body["count"] == 4
    assert client.get("/api/v1/partnerships/", {"kind": "escp-s3"}).json()["count"] == 3
    items = client.get("/api/v1/partnerships/", {"q": "digital"}).json()["items"]
    assert [item["slug"] for item in items] == ["test-alliance"]
    assert items[0]["coordinator"]["country"] == "FR"


def test_private_partnership_is_not_listed_for_the_public(cast, client: Client, token_for) -> None:
    cast.partnership.is_public = False
    cast.partnership.save()
    assert client.get("/api/v1/partnerships/").json()["count"] == 0
    assert client.get(f"/api/v1/partnerships/{cast.partnership.slug}").status_code == 404


def test_detail_carries_computed_figures(cast, client: Client) -> None:
    body = client.get(f"/api/v1/partnerships/{cast.partnership.slug}").json()
    assert body["number_of_partners"] == 2
    assert body["number_of_smes"] == 1
    assert body["progress"]["percent"] == 0
    assert body["progress"]["explanation"] == "0 of 0 weighted work-plan items done = 0%"


def test_a_token_sees_the_private_partnership_a_session_sees(
    cast, client: Client, token_for
) -> None:
    cast.partnership.is_public = False
    cast.partnership.save()
    detail = f"/api/v1/partnerships/{cast.partnership.slug}"
    token = token_for(cast.coordinator)
    detail_with_token = client.get(detail, HTTP_AUTHORIZATION=token)
    list_with_token = client.get("/api/v1/partnerships/", HTTP_AUTHORIZATION=token)
    client.force_login(cast.coordinator)
    assert detail_with_token.status_code == 200
    assert detail_with_token.json() == client.get(detail).json()
    assert list_with_token.json() == client.get("/api/v1/partnerships/").json()
    assert list_with_token.json()["count"] == 1
