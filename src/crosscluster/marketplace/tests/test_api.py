"""The marketplace API: visibility on reads, token writes for owner members, errors by field."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.marketplace import jobs
from crosscluster.marketplace.models import ExpressionOfInterest, InterestStatus, Opportunity
from crosscluster.marketplace.tests.helpers import NEED_TEXT, NOW, make_opportunity

pytestmark = pytest.mark.django_db

BASE = "/api/v1/marketplace"


def _payload(cast, **changes):  # type: ignore[no-untyped-def]
    return {
        "owner": cast.sme.pk,
        "kind": "industrial_need",
        "title": "Camera inspection of bottles",
        "description": NEED_TEXT,
        "technologies": ["Sensors & Vision Processing Systems"],
        "sectors": ["Agricultural biotechnology and food biotechnology"],
        "target_countries": ["de", "US"],
        **changes,
    }


def test_list_and_detail_respect_visibility(cast, token_for):  # type: ignore[no-untyped-def]
    public = make_opportunity(user=cast.sme_member, owner=cast.sme)
    draft = make_opportunity(user=cast.sme_member, owner=cast.sme, title="Draft", publish=False)
    client = Client()
    listed = client.get(f"{BASE}/opportunities").json()
    assert [item["id"] for item in listed["items"]] == [public.pk]
    assert client.get(f"{BASE}/opportunities/{draft.pk}").status_code == 404
    owner = client.get(
        f"{BASE}/opportunities/{draft.pk}", HTTP_AUTHORIZATION=token_for(cast.sme_member)
    )
    assert owner.status_code == 200
    assert owner.json()["status"] == "draft"
    assert (
        client.get(f"{BASE}/opportunities/{draft.pk}", HTTP_AUTHORIZATION="Bearer nope").status_code
        == 401
    )


def test_create_publish_and_patch_with_a_token(cast, tags, token_for):  # type: ignore[no-untyped-def]
    client = Client()
    auth = token_for(cast.sme_member)
    created = client.post(
        f"{BASE}/opportunities",
        _payload(cast),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft"
    assert body["language"] == "en"
    assert body["technologies"] == ["Sensors & Vision Processing Systems"]
    assert body["target_countries"] == ["DE", "US"]
    number = body["id"]
    published = client.post(f"{BASE}/opportunities/{number}/publish", HTTP_AUTHORIZATION=auth)
    assert published.json()["status"] == "published"
    patched = client.patch(
        f"{BASE}/opportunities/{number}",
        {"title": "Bottle inspection", "technologies": ["Robotics"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )
    assert patched.status_code == 200
    assert patched.json()["title"] == "Bottle inspection"
    assert patched.json()["technologies"] == ["Robotics"]
    assert patched.json()["sectors"] == ["Agricultural biotechnology and food biotechnology"]


def test_writes_need_a_token_and_membership(cast, tags, token_for):  # type: ignore[no-untyped-def]
    client = Client()
    assert (
        client.post(
            f"{BASE}/opportunities", _payload(cast), content_type="application/json"
        ).status_code
        == 401
    )
    denied = client.post(
        f"{BASE}/opportunities",
        _payload(cast),
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.outsider),
    )
    assert denied.status_code == 403
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    patch = client.patch(
        f"{BASE}/opportunities/{opportunity.pk}",
        {"title": "Hijacked"},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.outsider),
    )
    assert patch.status_code == 403
    closed = client.post(
        f"{BASE}/opportunities/{opportunity.pk}/close", HTTP_AUTHORIZATION=token_for(cast.outsider)
    )
    assert closed.status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.title == "Camera inspection of bottles"
    assert opportunity.is_published


def test_bad_input_names_the_field_and_writes_nothing(cast, tags, token_for):  # type: ignore[no-untyped-def]
    response = Client().post(
        f"{BASE}/opportunities",
        _payload(cast, technologies=["Quantum vibes"], target_countries=["XX"]),
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.sme_member),
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "technologies" in errors
    assert "'Quantum vibes'" in errors["technologies"][0]
    assert "taxonomy" in errors["technologies"][0]
    assert not Opportunity.objects.exists()
    invalid = Client().post(
        f"{BASE}/opportunities",
        _payload(cast, kind="wish", description="short", sectors=["Nowhere"]),
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.sme_member),
    )
    assert invalid.status_code == 400
    assert set(invalid.json()["errors"]) == {"sectors"}  # parsing first, then the rules
    rules = Client().post(
        f"{BASE}/opportunities",
        _payload(cast, kind="wish", description="short"),
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.sme_member),
    )
    assert set(rules.json()["errors"]) == {"kind", "description"}
    assert not Opportunity.objects.exists()


def test_interest_accept_and_decline(cast, token_for):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme)
    client = Client()
    created = client.post(
        f"{BASE}/opportunities/{opportunity.pk}/interests",
        {
            "organisation": cast.other_sme.pk,
            "offer": "Vision",
            "timeframe": "soon",
            "budget_range": "unknown",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.outsider),
    )
    assert created.status_code == 201, created.content
    number = created.json()["id"]
    refused = client.post(
        f"{BASE}/interests/{number}/accept",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.outsider),
    )
    assert refused.status_code == 403
    hidden = client.post(
        f"{BASE}/interests/{number}/accept",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.cluster_manager),
    )
    assert hidden.status_code == 404
    accepted = client.post(
        f"{BASE}/interests/{number}/accept",
        {"answer": "Welcome"},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.sme_member),
    )
    assert accepted.json()["status"] == "accepted"
    assert ExpressionOfInterest.objects.get().status == InterestStatus.ACCEPTED
    bad = client.post(
        f"{BASE}/opportunities/{opportunity.pk}/interests",
        {
            "organisation": cast.other_sme.pk,
            "offer": "",
            "timeframe": "x",
            "budget_range": "unknown",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.outsider),
    )
    assert bad.status_code == 400
    assert {"organisation", "offer", "timeframe"} <= set(bad.json()["errors"])


def test_matches_over_the_api(cast, tags, token_for):  # type: ignore[no-untyped-def]
    from tests.cast import make_country, make_organisation

    make_organisation(
        "Nordic Vision AB",
        "sme",
        make_country("SE", "SWE", "Sweden"),
        description="Machine vision and camera inspection of bottles for food plants.",
    )
    need = make_opportunity(user=cast.sme_member, owner=cast.sme)
    url = f"{BASE}/opportunities/{need.pk}/matches"
    before = Client().get(url, HTTP_AUTHORIZATION=token_for(cast.sme_member)).json()
    assert before == {"ready": False, "direction": "providers", "matches": []}
    jobs.run_pending(now=NOW)
    after = Client().get(url, HTTP_AUTHORIZATION=token_for(cast.sme_member)).json()
    assert after["ready"] is True
    best = after["matches"][0]
    assert best["provider_name"] == "Nordic Vision AB"
    assert best["provider_type"] == "organisation"
    assert best["reasons"]
    assert set(best["parts"]) == {
        "semantic",
        "lexical",
        "taxonomy",
        "geography",
    }
    assert Client().get(url, HTTP_AUTHORIZATION=token_for(cast.outsider)).status_code == 403
    assert Client().get(url).status_code == 403


def test_api_ids_of_drafts_are_not_found_for_others(cast, token_for):  # type: ignore[no-untyped-def]
    draft = make_opportunity(user=cast.sme_member, owner=cast.sme, publish=False)
    auth = token_for(cast.outsider)
    client = Client()
    for suffix in ("publish", "close"):
        assert (
            client.post(
                f"{BASE}/opportunities/{draft.pk}/{suffix}", HTTP_AUTHORIZATION=auth
            ).status_code
            == 404
        )
    assert (
        client.patch(
            f"{BASE}/opportunities/{draft.pk}",
            {"title": "x"},
            content_type="application/json",
            HTTP_AUTHORIZATION=auth,
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{BASE}/opportunities/{draft.pk}/interests",
            {
                "organisation": cast.other_sme.pk,
                "offer": "x",
                "timeframe": "soon",
                "budget_range": "unknown",
            },
            content_type="application/json",
            HTTP_AUTHORIZATION=auth,
        ).status_code
        == 404
    )
    assert (
        client.get(f"{BASE}/opportunities/{draft.pk}/matches", HTTP_AUTHORIZATION=auth).status_code
        == 404
    )
    draft.refresh_from_db()
    assert draft.title == "Camera inspection of bottles"


def test_api_patch_with_bad_input_changes_nothing(cast, tags, token_for):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(user=cast.sme_member, owner=cast.sme, tags=[tags["vision"]])
    response = Client().patch(
        f"{BASE}/opportunities/{opportunity.pk}",
        {"title": "Changed", "sectors": ["Nowhere"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=token_for(cast.sme_member),
    )
    assert response.status_code == 400
    assert "sectors" in response.json()["errors"]
    opportunity.refresh_from_db()
    assert opportunity.title == "Camera inspection of bottles"
    assert list(opportunity.tags.values_list("label", flat=True)) == [tags["vision"].label]
