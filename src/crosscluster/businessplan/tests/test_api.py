"""The business plan over the API: members read it with its checks; coordinators' tokens write;
errors name the field; ids of other partnerships are 404."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.businessplan.models import CostLine, FinancingLine, FundingCall, StaffEffort
from crosscluster.businessplan.tests.helpers import build_plan, build_roadmap
from crosscluster.strategy.tests.helpers import make_other_partnership

pytestmark = pytest.mark.django_db

BASE = "/api/v1/business-plans/test-alliance"


def send(client: Client, method: str, path: str, token: str | None = None, body: object = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": token} if token else {}
    return getattr(client, method)(
        f"{BASE}{path}", body, content_type="application/json", headers=headers
    )


def test_members_read_the_plan_with_figures_and_checks(cast, client: Client, token_for) -> None:
    built = build_plan(cast)
    assert client.get(BASE).status_code == 404
    assert send(client, "get", "", token_for(cast.outsider)).status_code == 404
    body = send(client, "get", "", token_for(cast.sme_member)).json()
    assert (body["first_year"], body["last_year"]) == (2026, 2027)
    assert (body["total_cost_eur"], body["total_financing_eur"]) == ("32000.00", "30000.00")
    assert body["status"] == "error"
    checks = {check["key"]: check for check in body["checks"]}
    assert checks["financed"]["severity"] == "error"
    assert checks["rates"]["severity"] == "warning"
    cell = next(
        cell for cell in body["cells"] if cell["action_id"] == built.a2.pk and cell["year"] == 2027
    )
    assert cell["balance_eur"] == "-2000.00"
    assert [flow["cumulative_eur"] for flow in body["cash_flow"]] == ["0.00", "-2000.00"]
    staff = {line["organisation"]: line for line in body["staff"]}
    assert staff["Pole Test Cluster"]["staff_cost_eur"] == "10000.00"
    assert staff["Baltic Test Cluster"]["monthly_rate_eur"] is None


def test_coordinators_write_lines_and_members_cannot(cast, client: Client, token_for) -> None:
    built = build_plan(cast)
    coordinator, member = token_for(cast.coordinator), token_for(cast.cluster_manager)
    cost = {"action_id": built.a2.pk, "year": 2026, "category": "communication",
            "description": "Leaflets", "amount_eur": "450.00"}  # fmt: skip
    assert send(client, "post", "/costs", member, cost).status_code == 403
    assert send(client, "post", "/costs", None, cost).status_code == 401
    response = send(client, "post", "/costs", coordinator, cost)
    assert response.status_code == 201, response.content
    line_id = response.json()["id"]
    response = send(client, "patch", f"/costs/{line_id}", coordinator, {"amount_eur": "500"})
    assert response.json()["amount_eur"] == "500.00"
    effort = {"action_id": built.a2.pk, "year": 2026, "organisation_id": cast.other_cluster.pk,
              "person_months": "0.5", "monthly_rate_eur": "6000"}  # fmt: skip
    response = send(client, "post", "/staff", coordinator, effort)
    assert response.json()["staff_cost_eur"] == "3000.00"
    financing = {"action_id": built.a2.pk, "year": 2026, "amount_eur": "3500",
                 "organisation_id": cast.cluster.pk}  # fmt: skip
    response = send(client, "post", "/financing", coordinator, financing)
    assert response.status_code == 201
    assert response.json()["level"] == "own"
    financing_id = response.json()["id"]
    response = send(
        client, "patch", f"/financing/{financing_id}", coordinator,
        {"instrument_id": built.national.pk, "status": "applied"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert (response.json()["level"], response.json()["organisation_id"]) == ("national", None)
    assert send(client, "delete", f"/costs/{line_id}", member).status_code == 403
    assert send(client, "delete", f"/costs/{line_id}", coordinator).status_code == 204
    assert not CostLine.objects.filter(pk=line_id).exists()


def test_bad_input_names_the_field_and_writes_nothing(cast, client: Client, token_for) -> None:
    built = build_plan(cast)
    coordinator = token_for(cast.coordinator)
    before = (StaffEffort.objects.count(), FinancingLine.objects.count())
    response = send(
        client, "post", "/staff", coordinator,
        {"action_id": built.a1.pk, "year": 2035, "organisation_id": cast.outsider.pk,
         "person_months": "0"},
    )  # fmt: skip
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"year", "organisation", "person_months"}
    response = send(
        client, "post", "/financing", coordinator,
        {"action_id": built.a1.pk, "year": 2026, "amount_eur": "100"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Choose either an instrument" in response.json()["errors"]["instrument"][0]
    assert (StaffEffort.objects.count(), FinancingLine.objects.count()) == before
    response = send(client, "put", "", coordinator, {"first_year": 2027, "last_year": 2027})
    assert response.status_code == 400
    assert "first_year" in response.json()["errors"]


def test_ids_of_another_partnership_are_404(cast, client: Client, token_for) -> None:
    build_plan(cast)
    other = make_other_partnership(cast)
    foreign_token = token_for(other.coordinator)
    line = CostLine.objects.first()
    assert line
    response = client.patch(
        f"/api/v1/business-plans/{other.partnership.slug}/costs/{line.pk}",
        {"amount_eur": "1"},
        content_type="application/json",
        headers={"Authorization": foreign_token},
    )
    assert response.status_code == 404
    assert (
        send(client, "patch", f"/costs/{line.pk}", foreign_token, {"amount_eur": "1"}).status_code
        == 404
    )


def test_instruments_and_calls(cast, client: Client, token_for) -> None:
    built = build_plan(cast)
    coordinator = token_for(cast.coordinator)
    instruments = send(client, "get", "/instruments", token_for(cast.sme_member)).json()
    keys = {item["key"] for item in instruments if item["shared"]}
    assert "horizon-europe" in keys
    assert any(item["name"] == "Test EU grant" and not item["shared"] for item in instruments)
    response = send(
        client,
        "post",
        "/instruments",
        coordinator,
        {"name": "Shared?", "level": "eu", "shared": True},
    )
    assert response.status_code == 403
    response = send(
        client, "patch", f"/instruments/{built.national.pk}", coordinator, {"notes": "mine"}
    )
    assert response.status_code == 403
    response = send(
        client, "post", "/calls", coordinator,
        {"title": "Interreg Europe 5th call", "instrument_id": built.eu.pk,
         "deadline_date": "2099-06-30", "action_ids": [built.a1.pk, built.a2.pk]},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    call = response.json()
    assert call["timing"] == "open"
    assert call["action_ids"] == sorted([built.a1.pk, built.a2.pk])
    response = send(client, "patch", f"/calls/{call['id']}", coordinator, {"action_ids": []})
    assert response.json()["action_ids"] == []
    listed = send(client, "get", "/calls", token_for(cast.sme_member)).json()
    assert [item["title"] for item in listed] == ["Interreg Europe 5th call"]
    assert send(client, "delete", f"/calls/{call['id']}", coordinator).status_code == 204
    assert FundingCall.objects.count() == 0


def test_start_a_plan_over_the_api(cast, client: Client, token_for) -> None:
    build_roadmap(cast)
    coordinator = token_for(cast.coordinator)
    assert send(client, "get", "", coordinator).status_code == 404
    response = send(client, "put", "", coordinator, {"first_year": 2026, "last_year": 2028})
    assert response.status_code == 200
    body = response.json()
    assert [flow["year"] for flow in body["cash_flow"]] == [2026, 2027, 2028]
    assert body["total_cost_eur"] == "0.00"
