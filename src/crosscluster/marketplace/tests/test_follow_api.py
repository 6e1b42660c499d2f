"""Following an opportunity or a partnership over the API, as the pages' follow buttons do."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.marketplace.models import Follow
from crosscluster.marketplace.tests.helpers import make_opportunity
from tests.cast import Cast

pytestmark = pytest.mark.django_db

API = "/api/v1/marketplace"


def put(client: Client, path: str, token: str | None, body: object):  # type: ignore[no-untyped-def]
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    return client.put(API + path, data=body, content_type="application/json", **headers)


def test_follow_an_opportunity_and_stop(cast: Cast, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    token = token_for(cast.outsider)
    path = f"/opportunities/{opportunity.pk}/following"
    followed = put(client, path, token, {"following": True})
    assert (followed.status_code, followed.json()) == (200, {"following": True})
    assert Follow.objects.filter(user=cast.outsider, opportunity=opportunity).exists()
    stopped = put(client, path, token, {"following": False})
    assert stopped.json() == {"following": False}
    assert not Follow.objects.filter(user=cast.outsider).exists()


def test_follow_a_partnership(cast: Cast, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.outsider)
    response = put(
        client, f"/partnerships/{cast.partnership.slug}/following", token, {"following": True}
    )
    assert response.status_code == 200
    assert Follow.objects.filter(user=cast.outsider, partnership=cast.partnership).exists()
    missing = put(client, "/partnerships/no-such-alliance/following", token, {"following": True})
    assert missing.status_code == 404


def test_nobody_follows_what_they_may_not_see_or_without_a_token(
    cast: Cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    draft = make_opportunity(user=cast.sme_member, owner=cast.sme, publish=False)
    path = f"/opportunities/{draft.pk}/following"
    assert put(client, path, token_for(cast.outsider), {"following": True}).status_code == 404
    assert put(client, path, None, {"following": True}).status_code == 401
    assert not Follow.objects.exists()


@pytest.mark.parametrize("body", [{}, {"following": "perhaps"}, {"following": [True]}])
def test_a_bad_body_names_the_field(cast: Cast, client: Client, token_for, body: object) -> None:  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    response = put(
        client, f"/opportunities/{opportunity.pk}/following", token_for(cast.outsider), body
    )
    assert response.status_code == 422
    assert "following" in response.json()["errors"]
    assert not Follow.objects.exists()
