"""The cluster review over the API: the managers ask, staff see the queue with the criteria as
codes and numbers and decide; a refusal for unmet criteria names the field, lists them with
their numbers and words them in the request's language. By role, and with bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from crosscluster.directory.models import ClusterReview, ValidationStatus
from crosscluster.directory.tests.factories import make_valid_cluster
from tests.cast import Cast, make_user

pytestmark = pytest.mark.django_db

API = "/api/v1/organisations"


def call(  # type: ignore[no-untyped-def]
    client: Client, method: str, path: str, token: str | None, body: object = None, **headers
):
    if token:
        headers["HTTP_AUTHORIZATION"] = token
    return getattr(client, method)(
        API + path, data=body, content_type="application/json", **headers
    )


@pytest.fixture
def staff_token(token_for) -> str:  # type: ignore[no-untyped-def]
    return str(token_for(make_user("staff@example.eu", is_staff=True)))


def test_a_manager_asks_and_staff_see_the_queue_with_the_criteria(
    cast: Cast, client: Client, token_for, staff_token: str
) -> None:
    manager = token_for(cast.cluster_manager)
    asked = call(client, "post", f"/{cast.other_cluster.slug}/ask-for-review", manager)
    assert asked.status_code == 200, asked.content
    assert asked.json()["status"] == "provisional"
    assert asked.json()["review_requested_at"] is not None
    queue = call(client, "get", "/reviews", staff_token)
    assert queue.status_code == 200
    assert queue.json()["count"] == 1
    [item] = queue.json()["items"]
    assert item["cluster"]["slug"] == cast.other_cluster.slug
    assert item["all_met"] is False
    criteria = {c["code"]: c for c in item["criteria"]}
    assert list(criteria) == ["management", "members", "mix", "website", "description"]
    assert criteria["members"]["met"] is False
    assert criteria["members"]["values"] == {"members": 0, "needed": 10}
    assert (
        criteria["members"]["fix"] == "Add 10 more member organisations to the cluster's profile."
    )
    german = call(client, "get", "/reviews", staff_token, HTTP_ACCEPT_LANGUAGE="de").json()
    members = next(c for c in german["items"][0]["criteria"] if c["code"] == "members")
    assert members["fix"].startswith("Fügen Sie dem Profil des Clusters 10 weitere")
    assert members["values"] == {"members": 0, "needed": 10}  # the numbers stay numbers


def test_a_validation_refused_for_unmet_criteria_names_the_field_and_the_numbers(
    cast: Cast, client: Client, staff_token: str
) -> None:
    response = call(
        client,
        "post",
        f"/{cast.other_cluster.slug}/review",
        staff_token,
        {"decision": "validated"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["decision"]
    assert body["errors"]["decision"][0].startswith("Validation impossible\u00a0: ")
    unmet = {c["code"]: c for c in body["unmet"]}
    assert "website" in unmet
    assert unmet["members"]["values"]["needed"] == 10
    assert all(not c["met"] for c in body["unmet"])
    assert not ClusterReview.objects.exists()
    cast.other_cluster.refresh_from_db()
    assert cast.other_cluster.validation_status == ValidationStatus.PROVISIONAL


def test_staff_validate_a_cluster_that_meets_the_criteria_and_reject_with_a_reason(
    cast: Cast, client: Client, staff_token: str
) -> None:
    cluster = make_valid_cluster()
    validated = call(
        client, "post", f"/{cluster.slug}/review", staff_token, {"decision": "validated"}
    )
    assert validated.status_code == 200, validated.content
    body = validated.json()
    assert (body["decision"], body["cluster"]["slug"]) == ("validated", cluster.slug)
    assert body["valid_until"] is not None
    assert all(c["met"] for c in body["criteria"])
    silent = call(client, "post", f"/{cluster.slug}/review", staff_token, {"decision": "rejected"})
    assert silent.status_code == 400
    assert list(silent.json()["errors"]) == ["comment"]
    rejected = call(
        client,
        "post",
        f"/{cluster.slug}/review",
        staff_token,
        {"decision": "rejected", "comment": "Name the members' roles."},
    )
    assert rejected.status_code == 200
    assert rejected.json()["valid_until"] is None
    cluster.refresh_from_db()
    assert cluster.validation_status == ValidationStatus.REJECTED


@pytest.mark.parametrize("who", [None, "outsider", "sme_member", "cluster_manager", "coordinator"])
def test_only_staff_see_the_queue_and_decide(
    cast: Cast, client: Client, token_for, who: str | None
) -> None:
    token = token_for(getattr(cast, who)) if who else None
    expected = 401 if who is None else 403
    assert call(client, "get", "/reviews", token).status_code == expected
    cluster = make_valid_cluster()
    decided = call(client, "post", f"/{cluster.slug}/review", token, {"decision": "validated"})
    assert decided.status_code == expected
    assert not ClusterReview.objects.exists()


@pytest.mark.parametrize("who", [None, "outsider", "sme_member", "cluster_manager"])
def test_only_the_clusters_managers_ask_for_its_review(
    cast: Cast, client: Client, token_for, who: str | None
) -> None:
    # cast.cluster is managed by the coordinator; the cluster manager manages another cluster
    token = token_for(getattr(cast, who)) if who else None
    response = call(client, "post", f"/{cast.cluster.slug}/ask-for-review", token)
    assert response.status_code == (401 if who is None else 403)
    cast.cluster.refresh_from_db()
    assert cast.cluster.review_requested_at is None


def test_an_organisation_that_is_not_a_cluster_is_not_reviewed(
    cast: Cast, client: Client, token_for, staff_token: str
) -> None:
    sme = cast.sme.slug
    assert (
        call(client, "post", f"/{sme}/review", staff_token, {"decision": "validated"}).status_code
        == 404
    )
    asked = call(client, "post", f"/{sme}/ask-for-review", token_for(cast.sme_member))
    assert asked.status_code == 404
    assert (
        call(client, "post", "/no-such-cluster/review", staff_token, {"decision": "x"}).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 422, "decision"),
        ({"decision": "maybe"}, 400, "decision"),
        ({"decision": ["validated"]}, 422, "decision"),
        ({"decision": "rejected", "comment": {"a": 1}}, 422, "comment"),
        ({"decision": "rejected", "comment": "x" * 5001}, 422, "comment"),
        ("not json", 400, None),
    ],
)
def test_bad_review_input_is_a_clear_error(
    cast: Cast, client: Client, staff_token: str, body: object, status: int, field: str | None
) -> None:
    cluster = make_valid_cluster()
    response = call(client, "post", f"/{cluster.slug}/review", staff_token, body)
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()["errors"]
    assert not ClusterReview.objects.exists()
    # every answer the operation declares carries what its schema requires (an unreadable body's
    # 400 has no "errors" or "unmet": schemathesis found the schema demanding them)
    declared = _declared_response(client, status)
    if declared is not None:
        assert set(declared.get("required", [])) <= set(response.json()), response.content


def _declared_response(client: Client, status: int) -> dict[str, Any] | None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/organisations/{slug}/review"]["post"]
    answer = operation["responses"].get(str(status))
    if answer is None:
        return None
    reference = answer["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]
