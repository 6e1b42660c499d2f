"""Who may see and change what, on every page and endpoint, including ids changed in the address.

Members (partner staff, staff of members of partner clusters) and coordinators read; only
coordinators (and administrators) change; everyone else gets 404; another partnership's ids
are 404 through this partnership's address.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.regions import services
from crosscluster.regions.models import Recommendation, S3Priority
from crosscluster.regions.tests.helpers import (
    NOW,
    build_guidelines,
    make_other_partnership,
    priority_input,
)
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def as_(cast, who: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if who != "anonymous":
        client.login(email=getattr(cast, who).email, password=PASSWORD)
    return client


def objects(cast):  # type: ignore[no-untyped-def]
    setup = build_guidelines(cast)
    priority = services.save_priority(
        user=cast.coordinator, profile=setup.basque, data=priority_input(), now=NOW
    )
    services.generate_recommendations(user=cast.coordinator, partnership=cast.partnership, now=NOW)
    recommendation = Recommendation.objects.filter(profile=setup.basque).first()
    return setup, priority, recommendation


def read_urls(slug: str, setup) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        reverse("regions:overview", args=[slug]),
        reverse("regions:region", args=[slug, setup.basque.pk]),
        f"/api/v1/regions/{slug}",
        f"/api/v1/regions/{slug}/regions/{setup.basque.pk}",
    ]


def edit_urls(slug: str, priority: S3Priority, recommendation: Recommendation) -> list[str]:
    return [
        reverse("regions:priority_edit", args=[slug, priority.pk]),
        reverse("regions:priority_delete", args=[slug, priority.pk]),
        reverse("regions:recommendation_edit", args=[slug, recommendation.pk]),
        reverse("regions:recommendation_delete", args=[slug, recommendation.pk]),
    ]


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
def test_who_reads_the_guidelines(cast, who: str, status: int) -> None:
    setup, _, _ = objects(cast)
    client = as_(cast, who)
    for address in read_urls(cast.partnership.slug, setup):
        assert client.get(address).status_code == status, address
    asked = client.post(
        reverse("exports:request"),
        {"kind": "regions.guidelines", "subject": cast.partnership.slug, "format": "pdf"},
    )
    assert asked.status_code == (302 if status == 200 else 404)


@pytest.mark.parametrize(
    ("who", "status"), [("coordinator", 200), ("sme_member", 403), ("outsider", 404)]
)
def test_who_opens_the_editors(cast, who: str, status: int) -> None:
    _, priority, recommendation = objects(cast)
    client = as_(cast, who)
    for address in edit_urls(cast.partnership.slug, priority, recommendation):
        assert client.get(address).status_code == status, address


@pytest.mark.parametrize(
    ("who", "status"), [("sme_member", 403), ("cluster_manager", 403), ("outsider", 404)]
)
def test_members_and_outsiders_change_nothing(cast, who: str, status: int) -> None:
    setup, priority, recommendation = objects(cast)
    client = as_(cast, who)
    slug = cast.partnership.slug
    posts = [
        (reverse("regions:region", args=[slug, setup.basque.pk]), {"title": "X"}),
        (reverse("regions:adopt", args=[slug, setup.basque.pk]), {"key": "sectors:manufacturing"}),
        (reverse("regions:priority_edit", args=[slug, priority.pk]), {"title": "X"}),
        (reverse("regions:priority_delete", args=[slug, priority.pk]), {}),
        (
            reverse("regions:recommendation_edit", args=[slug, recommendation.pk]),
            {"title": "X", "body": "Y"},
        ),
        (reverse("regions:recommendation_delete", args=[slug, recommendation.pk]), {}),
        (reverse("regions:generate", args=[slug]), {}),
        (
            reverse("regions:partner_region", args=[slug]),
            {"organisation": cast.cluster.pk, "region": "DE80"},
        ),
        (reverse("regions:from_directory", args=[slug]), {}),
    ]
    before = (S3Priority.objects.count(), Recommendation.objects.count())
    for address, data in posts:
        assert client.post(address, data).status_code == status, address
    assert (S3Priority.objects.count(), Recommendation.objects.count()) == before
    assert S3Priority.objects.get(pk=priority.pk).title == priority.title


def test_another_partnerships_ids_are_not_found_here(cast) -> None:
    setup, _, _ = objects(cast)
    other = make_other_partnership(cast, setup.regions)
    other_priority = S3Priority.objects.get(profile=other.profile)
    other_recommendation = Recommendation.objects.filter(profile=other.profile).first()
    client = as_(cast, "coordinator")
    slug = cast.partnership.slug
    for address in [
        reverse("regions:region", args=[slug, other.profile.pk]),
        *edit_urls(slug, other_priority, other_recommendation),
        f"/api/v1/regions/{slug}/regions/{other.profile.pk}",
    ]:
        assert client.get(address).status_code == 404, address
    assert (
        client.post(reverse("regions:priority_delete", args=[slug, other_priority.pk])).status_code
        == 404
    )
    assert S3Priority.objects.filter(pk=other_priority.pk).exists()


def test_api_writes_need_a_coordinators_token(cast, token_for) -> None:
    setup, priority, recommendation = objects(cast)
    slug = cast.partnership.slug
    client = Client()
    writes = [
        ("post", f"/api/v1/regions/{slug}/regions/{setup.basque.pk}/priorities", {"title": "X"}),
        ("patch", f"/api/v1/regions/{slug}/priorities/{priority.pk}", {"title": "X"}),
        ("delete", f"/api/v1/regions/{slug}/priorities/{priority.pk}", None),
        ("patch", f"/api/v1/regions/{slug}/recommendations/{recommendation.pk}", {"body": "X"}),
        ("delete", f"/api/v1/regions/{slug}/recommendations/{recommendation.pk}", None),
        ("post", f"/api/v1/regions/{slug}/recommendations/generate", None),
        ("put", f"/api/v1/regions/{slug}/partners/{cast.cluster.pk}/region", {"region": "DE80"}),
    ]
    for who, status in (("anonymous", 401), ("sme_member", 403), ("outsider", 404)):
        headers = (
            {} if who == "anonymous" else {"HTTP_AUTHORIZATION": token_for(getattr(cast, who))}
        )
        for method, address, body in writes:
            response = getattr(client, method)(
                address, data=body, content_type="application/json", **headers
            )
            assert response.status_code == status, (who, method, address, response.content)
    assert S3Priority.objects.get(pk=priority.pk).title == priority.title
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()
