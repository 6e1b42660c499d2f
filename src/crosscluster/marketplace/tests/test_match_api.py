"""A broker's hand on the matches over the API, as on the matches page: add a provider, pin or
hide a match; the owner's members and brokers say whether one is useful. By role, bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.marketplace.models import MatchFeedback, MatchSuggestion
from crosscluster.marketplace.tests.helpers import make_opportunity
from tests.cast import Cast

pytestmark = pytest.mark.django_db

API = "/api/v1/marketplace"


def call(client: Client, method: str, path: str, token: str | None, body: object = None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    return getattr(client, method)(
        API + path, data=body, content_type="application/json", **headers
    )


@pytest.fixture
def need(cast: Cast):  # type: ignore[no-untyped-def]
    return make_opportunity(user=cast.sme_member, owner=cast.sme, partnership=cast.partnership)


@pytest.fixture
def match(cast: Cast, need, token_for) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A match the partnership's coordinator (a broker) added by hand, as the API answered."""
    body = {"organisation": cast.other_cluster.pk}
    added = call(
        Client(), "post", f"/opportunities/{need.pk}/matches", token_for(cast.coordinator), body
    )
    assert added.status_code == 201
    return dict(added.json())


def test_a_broker_adds_pins_and_hides_a_match(cast: Cast, client: Client, token_for, need) -> None:  # type: ignore[no-untyped-def]
    broker = token_for(cast.coordinator)
    body = {"organisation": cast.other_cluster.pk, "note": "knows every bottler"}
    added = call(client, "post", f"/opportunities/{need.pk}/matches", broker, body)
    assert added.status_code == 201, added.content
    match = added.json()
    assert (match["provider_id"], match["source"], match["is_pinned"]) == (
        cast.other_cluster.pk, "broker", True,
    )  # fmt: skip
    unpinned = call(client, "patch", f"/matches/{match['id']}", broker, {"pinned": False})
    assert unpinned.json()["is_pinned"] is False
    assert (
        call(client, "patch", f"/matches/{match['id']}", broker, {"hidden": True}).status_code
        == 200
    )
    stored = MatchSuggestion.objects.get(pk=match["id"])
    assert (stored.is_pinned, stored.is_hidden, stored.broker_note) == (
        False,
        True,
        "knows every bottler",
    )


def test_the_owner_and_brokers_say_whether_a_match_is_useful(
    cast: Cast, client: Client, token_for, match
) -> None:  # type: ignore[no-untyped-def]
    path = f"/matches/{match['id']}/feedback"
    response = call(client, "put", path, token_for(cast.sme_member), {"useful": False})
    assert response.json() == {"match_id": match["id"], "useful": False}
    assert (
        call(client, "put", path, token_for(cast.sme_member), {"useful": True}).status_code == 200
    )
    assert MatchFeedback.objects.get(user=cast.sme_member).is_useful is True


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("sme_member", 403), ("cluster_manager", 403), ("outsider", 403)],
)
def test_only_brokers_add_and_steer(
    cast: Cast, client: Client, token_for, need, match, who, status
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(getattr(cast, who)) if who else None
    added = call(
        client,
        "post",
        f"/opportunities/{need.pk}/matches",
        token,
        {"organisation": cast.other_sme.pk},
    )
    assert added.status_code == status
    assert (
        call(client, "patch", f"/matches/{match['id']}", token, {"pinned": False}).status_code
        == status
    )
    assert MatchSuggestion.objects.count() == 1
    assert MatchSuggestion.objects.get().is_pinned


def test_outsiders_rate_no_match_of_an_opportunity_not_theirs(
    cast: Cast, client: Client, token_for, match
) -> None:  # type: ignore[no-untyped-def]
    response = call(
        client,
        "put",
        f"/matches/{match['id']}/feedback",
        token_for(cast.outsider),
        {"useful": True},
    )
    assert response.status_code in {403, 404}
    assert not MatchFeedback.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("post", "/opportunities/{need}/matches", {"organisation": 987654}, 400, "organisation"),
        ("post", "/opportunities/{need}/matches", {"organisation": "{owner}"}, 400, "organisation"),
        (
            "post",
            "/opportunities/{need}/matches",
            {"organisation": "{other}", "note": "x" * 301},
            400,
            "note",
        ),
        ("post", "/opportunities/{need}/matches", {"organisation": "many"}, 422, "organisation"),
        ("patch", "/matches/{match}", {}, 400, "__all__"),
        ("patch", "/matches/{match}", {"pinned": "often"}, 422, "pinned"),
        ("put", "/matches/{match}/feedback", {}, 422, "useful"),
    ],
)
def test_bad_input_names_the_field(
    cast: Cast, client: Client, token_for, need, match, method, path, body, status, field
) -> None:  # type: ignore[no-untyped-def]
    broker = token_for(cast.coordinator)
    values = {"{owner}": cast.sme.pk, "{other}": cast.other_sme.pk}
    body = {
        key: values.get(value, value) if isinstance(value, str) else value
        for key, value in body.items()
    }
    before = list(MatchSuggestion.objects.values_list("pk", "is_pinned", "is_hidden"))
    response = call(client, method, path.format(need=need.pk, match=match["id"]), broker, body)
    assert response.status_code == status, response.content
    assert field in response.json()["errors"]
    assert list(MatchSuggestion.objects.values_list("pk", "is_pinned", "is_hidden")) == before
    assert not MatchFeedback.objects.exists()
