"""Who may edit a partnership, on the web and through the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def edit_form(**changes: str) -> dict[str, str]:
    data = {
        "name": "Test Digital Alliance",
        "acronym": "TDA",
        "kind": "escp-4i",
        "origin": "COSME",
        "phase": "",
        "coordinator_contact_name": "",
        "coordinator_contact_role": "",
        "target_countries": "US",
        "start_date": "2019-03-01",
        "duration_months": "24",
        "summary": "Updated summary",
        "results_expected": "",
        "focus_areas": "Digital Industries",
        "funding_acknowledgement": "",
        "disclaimer": "",
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_coordinator_edits_the_partnership(cast, client: Client) -> None:
    client.login(email=cast.coordinator.email, password=PASSWORD)
    url = reverse("partnerships:edit", args=[cast.partnership.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, edit_form(summary="New *summary*"))
    assert response.status_code == 302
    cast.partnership.refresh_from_db()
    assert cast.partnership.summary == "New *summary*"
    assert [c.pk for c in cast.partnership.target_countries.all()] == ["US"]
    assert [a.label for a in cast.partnership.focus_areas.all()] == ["Digital Industries"]


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_others_cannot_edit_the_partnership(cast, client: Client, who: str) -> None:
    client.login(email=getattr(cast, who).email, password=PASSWORD)
    url = reverse("partnerships:edit", args=[cast.partnership.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_form(summary="hijacked")).status_code == 403
    cast.partnership.refresh_from_db()
    assert cast.partnership.summary != "hijacked"


def test_anonymous_is_sent_to_login(cast, client: Client) -> None:
    response = client.get(reverse("partnerships:edit", args=[cast.partnership.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_bad_input_names_the_field_and_changes_nothing(cast, client: Client) -> None:
    client.login(email=cast.coordinator.email, password=PASSWORD)
    url = reverse("partnerships:edit", args=[cast.partnership.slug])
    response = client.post(url, edit_form(target_countries="US, XX", summary="should not stick"))
    assert response.status_code == 200
    assert "Unknown country code(s) XX" in response.content.decode()
    cast.partnership.refresh_from_db()
    assert cast.partnership.summary != "should not stick"
    assert not cast.partnership.target_countries.exists()


def test_api_patch_needs_a_coordinator_token(cast, client: Client, token_for) -> None:
    url = f"/api/v1/partnerships/{cast.partnership.slug}"
    assert client.patch(url, {"summary": "x"}, content_type="application/json").status_code == 401
    response = client.patch(
        url,
        {"summary": "x"},
        content_type="application/json",
        headers={"Authorization": token_for(cast.outsider)},
    )
    assert response.status_code == 403
    response = client.patch(
        url,
        {"summary": "From the API", "target_countries": ["US"]},
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["summary"] == "From the API"
    assert body["target_countries"] == [{"iso2": "US", "name": "United States"}]
    assert body["number_of_partners"] == 2


def test_api_patch_bad_input_names_the_field(cast, client: Client, token_for) -> None:
    response = client.patch(
        f"/api/v1/partnerships/{cast.partnership.slug}",
        {"duration_months": 0},
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "duration_months": ["Give the duration in months, from 1 to 240."]
    }
