"""The JIS over the API: visibility of reads, token-authenticated writes, errors naming fields."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.strategy.models import (
    Initiative,
    JointOffering,
    PriorityMarket,
    RoadmapAction,
    Strategy,
    StrategyVersion,
    TechnologyDomain,
)
from crosscluster.strategy.tests.helpers import (
    adopt,
    build_jis,
    make_market_countries,
    make_other_partnership,
    make_tags,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/strategy/test-alliance"


def send(client: Client, method: str, path: str, token: str | None = None, body: object = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": token} if token else {}
    return getattr(client, method)(
        f"{BASE}{path}", body, content_type="application/json", headers=headers
    )


def test_reads_follow_visibility(cast, client: Client, token_for) -> None:
    build_jis(cast)
    assert client.get(BASE).status_code == 404  # nothing adopted: drafts are not public
    member = token_for(cast.sme_member)
    body = client.get(BASE, headers={"Authorization": member}).json()
    assert body["is_working_copy"] is True
    assert body["state"] == "draft"
    assert [m["iso3"] for m in body["sections"]["markets"]] == ["KOR", "SGP", "ISR", "CAN"]
    assert body["sections"]["markets"][0]["ranking"]["p_top"] == pytest.approx(1.0)
    assert body["sections"]["roadmap"][0]["kpis"][0] == {
        "name": "SMEs taking part",
        "target": "12",
        "unit": "SMEs",
    }
    assert body["partnership"]["acronym"] == "TDA"
    adopt(cast)
    public = client.get(BASE).json()
    assert public["is_working_copy"] is False
    assert public["version"]["number"] == 1
    assert public["version"]["adopted_by"] == "coordinator@example.eu"
    versions = client.get(f"{BASE}/versions").json()
    assert [v["number"] for v in versions] == [1]
    assert client.get(f"{BASE}/versions/1").json()["sections"] == public["sections"]
    assert client.get(f"{BASE}/versions/2").status_code == 404
    bad = client.get(BASE, headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401


def test_ranking_over_the_api_with_options(cast, client: Client, token_for) -> None:
    path = f"{BASE}/markets/ranking"
    assert client.get(path).status_code == 404  # members only
    member = {"Authorization": token_for(cast.cluster_manager)}
    body = client.get(path, headers=member).json()
    assert body["options"]["outside_europe"] is True
    assert body["top"] == 4
    assert body["ranking"][0]["iso3"] == "KOR"
    assert body["data"]["source"].startswith("World Bank, World Development Indicators")
    assert all("reasons" in item for item in body["screened_out"])
    everywhere = client.get(path, {"outside_europe": "false", "top": 6}, headers=member).json()
    assert everywhere["top"] == 6
    assert "CHE" in {market["iso3"] for market in everywhere["ranking"][:6]}
    response = client.get(path, {"weights": "ahp"}, headers=member)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["weights"]
    response = client.get(path, {"top": 0}, headers=member)
    assert response.status_code == 400
    assert response.json()["errors"] == {"top": ["Give a number from 1 to 20, not 0."]}


def test_writes_need_a_coordinators_token(cast, client: Client, token_for) -> None:
    make_tags()
    body = {"tag": "robotics", "rationale": "Partners' strength."}
    assert send(client, "post", "/technologies", body=body).status_code == 401
    for who in ("cluster_manager", "sme_member", "outsider"):
        response = send(client, "post", "/technologies", token_for(getattr(cast, who)), body)
        assert response.status_code == 403, who
    assert not TechnologyDomain.objects.exists()
    response = send(client, "post", "/technologies", token_for(cast.coordinator), body)
    assert response.status_code == 201, response.content
    assert response.json()["key"] == "technology:robotics"
    assert response.json()["title"] == "Robotics"


def test_items_are_created_changed_and_removed(cast, client: Client, token_for) -> None:
    make_tags()
    make_market_countries()
    token = token_for(cast.coordinator)
    offering = send(
        client,
        "post",
        "/offerings",
        token,
        {
            "kind": "both",
            "title": "Retrofit kit",
            "contributions": [{"organisation": cast.cluster.slug, "contribution": "Cameras"}],
        },
    )
    assert offering.status_code == 201, offering.content
    offering_id = offering.json()["id"]
    patched = send(
        client, "patch", f"/offerings/{offering_id}", token, {"title": "Retrofit kit v2"}
    )
    assert patched.json()["title"] == "Retrofit kit v2"
    assert patched.json()["contributions"][0]["contribution"] == "Cameras"  # kept
    initiative = send(
        client,
        "post",
        "/initiatives",
        token,
        {"kind": "internationalisation", "title": "Soft landing", "target_group": "smes"},
    ).json()
    assert initiative["target_group_label"] == "SMEs"
    support = send(
        client,
        "post",
        "/support-mechanisms",
        token,
        {"kind": "funding", "mechanism": "Vouchers", "region": "FR10"},
    )
    assert support.status_code == 201, support.content
    assert support.json()["where"] == "Ile-de-France (FR10)"
    markets = send(
        client,
        "put",
        "/markets",
        token,
        {"markets": [{"country": "SGP"}, {"country": "KR", "rationale": "Distributor in Seoul."}]},
    )
    assert markets.status_code == 200, markets.content
    assert [(m["rank"], m["iso3"]) for m in markets.json()] == [(1, "SGP"), (2, "KOR")]
    assert markets.json()[1]["rationale"] == "Distributor in Seoul."
    korea = markets.json()[1]["id"]
    assert send(client, "patch", f"/markets/{korea}", token, {"rank": 1}).json()["rank"] == 1
    action = send(
        client,
        "post",
        "/actions",
        token,
        {
            "title": "Mission to Seoul",
            "owner": cast.other_cluster.slug,
            "start_date": "2020-04-01",
            "end_date": "2020-04-30",
            "budget_eur": "12000.50",
            "kpis": [{"name": "B2B meetings", "target": "40", "unit": "meetings"}],
            "implements": ["market:KOR", f"offering:{offering_id}"],
        },
    )
    assert action.status_code == 201, action.content
    body = action.json()
    assert (body["code"], body["owner"], body["budget_eur"]) == (
        "A1",
        "Baltic Test Cluster",
        "12000.50",
    )
    assert body["implements"] == [f"offering:{offering_id}", "market:KOR"]
    patched = send(
        client, "patch", f"/actions/{body['id']}", token, {"end_date": "2020-05-31"}
    ).json()
    assert patched["end_date"] == "2020-05-31"
    assert patched["kpis"] == body["kpis"]
    assert patched["implements"] == body["implements"]
    assert send(client, "delete", f"/offerings/{offering_id}", token).status_code == 204
    assert not JointOffering.objects.exists()
    assert send(client, "delete", f"/things/{offering_id}", token).status_code == 404
    assert (
        send(client, "delete", f"/actions/{body['id']}", token_for(cast.sme_member)).status_code
        == 403
    )
    assert send(client, "delete", f"/actions/{body['id']}", token).status_code == 204
    assert not RoadmapAction.objects.exists()
    header = send(client, "patch", "", token, {"title": "JIS 2020-2023"})
    assert header.json()["title"] == "JIS 2020-2023"
    assert Initiative.objects.get().title == "Soft landing"


def test_bad_input_is_400_naming_the_field_and_writes_nothing(
    cast, client: Client, token_for
) -> None:
    make_market_countries()
    token = token_for(cast.coordinator)
    five = {"markets": [{"country": c} for c in ("KOR", "SGP", "ISR", "CAN", "CHN")]}
    response = send(client, "put", "/markets", token, five)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "markets": ["Choose at most 4 priority markets (you chose 5): the JIS allows four."]
    }
    response = send(
        client,
        "post",
        "/actions",
        token,
        {
            "title": "",
            "owner": "nobody",
            "start_date": "2020-05-01",
            "end_date": "2020-04-01",
            "kpis": [{"name": "", "target": 1}],
        },
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"title", "owner", "end_date", "kpis"}
    response = send(
        client,
        "post",
        "/offerings",
        token,
        {
            "kind": "product",
            "title": "Kit",
            "contributions": [{"organisation": cast.other_sme.slug, "contribution": "x"}],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"]["contributions"][0].startswith(
        "unrelated-sme: not a partner organisation"
    )
    response = send(client, "post", "/actions", token, {"title": "No dates"})
    assert response.status_code == 422  # schema: start_date and end_date are required
    assert "start_date" in response.json()["errors"]
    assert not PriorityMarket.objects.exists()
    assert not RoadmapAction.objects.exists()
    assert not JointOffering.objects.exists()
    assert not Strategy.objects.exists()


def test_transitions_over_the_api(cast, client: Client, token_for) -> None:
    token = token_for(cast.coordinator)
    response = send(client, "post", "/transitions", token, {"to": "adopted"})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "to": ["A draft is not adopted directly: move it to review first."]
    }
    assert (
        send(
            client, "post", "/transitions", token_for(cast.sme_member), {"to": "in_review"}
        ).status_code
        == 403
    )
    build_jis(cast, actions=1)
    assert (
        send(client, "post", "/transitions", token, {"to": "in_review"}).json()["state"]
        == "in_review"
    )
    adopted = send(client, "post", "/transitions", token, {"to": "adopted", "note": "Board"}).json()
    assert adopted["state"] == "adopted"
    assert StrategyVersion.objects.get().note == "Board"
    response = send(client, "post", "/technologies", token, {"tag": "robotics"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["state"]


def test_item_ids_of_another_partnership_are_404(cast, client: Client, token_for) -> None:
    other = make_other_partnership(cast)
    token = {"Authorization": token_for(other.coordinator)}
    theirs = client.post(
        f"/api/v1/strategy/{other.partnership.slug}/initiatives",
        {"kind": "commercialisation", "title": "Theirs"},
        content_type="application/json",
        headers=token,
    ).json()
    ours = token_for(cast.coordinator)
    assert (
        send(
            client, "patch", f"/initiatives/{theirs['id']}", ours, {"title": "Hijacked"}
        ).status_code
        == 404
    )
    assert send(client, "delete", f"/initiatives/{theirs['id']}", ours).status_code == 404
    assert Initiative.objects.get().title == "Theirs"


def test_comments_and_decisions_over_the_api(cast, client: Client, token_for) -> None:
    member = token_for(cast.cluster_manager)
    response = send(
        client,
        "post",
        "/comments",
        member,
        {"section": "markets", "kind": "proposal", "body": "Add Japan."},
    )
    assert response.status_code == 201, response.content
    proposal = response.json()
    assert (proposal["status"], proposal["author"]) == ("open", "manager@example.eu")
    assert (
        send(
            client,
            "post",
            "/comments",
            token_for(cast.outsider),
            {"section": "general", "body": "Hi"},
        ).status_code
        == 404
    )
    response = send(client, "post", "/comments", member, {"section": "nowhere", "body": "Hi"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["section"]
    path = f"/comments/{proposal['id']}/decision"
    assert send(client, "post", path, member, {"accept": True}).status_code == 403
    response = send(client, "post", path, token_for(cast.coordinator), {"accept": False})
    assert response.json()["errors"] == {"decision_note": ["Say why the proposal is rejected."]}
    decided = send(client, "post", path, token_for(cast.coordinator), {"accept": True}).json()
    assert decided["status"] == "accepted"
    listed = client.get(f"{BASE}/comments", headers={"Authorization": member}).json()
    assert [c["status"] for c in listed] == ["accepted"]
