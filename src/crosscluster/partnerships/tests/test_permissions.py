"""Who may edit a partnership, on the web and through the API."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

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


def test_target_countries_are_ticked_by_their_names_and_stored_as_codes(
    cast, client: Client
) -> None:
    """Not ISO codes typed with commas: a box per country, named in the reader's language, the
    partnership's own ticked; the codes stay what is stored."""
    client.login(email=cast.coordinator.email, password=PASSWORD)
    url = reverse("partnerships:edit", args=[cast.partnership.slug])
    cast.partnership.target_countries.set(["US"])
    with translation.override("fr"):
        page = client.get(reverse("partnerships:edit", args=[cast.partnership.slug]))
        page = page.content.decode()
        legend = translation.gettext("Target countries")
    assert f"<legend>{legend}</legend>" in page
    group = page.split('<div id="id_target_countries" class="check-group">')[1]
    group = group.split("</fieldset>")[0]
    box = r'value="([A-Z]{2})" id="id_target_countries_\d+"( checked)?>\s*([^<]+)<'
    assert re.findall(box, group) == [
        ("DE", "", "Allemagne"),
        ("US", " checked", "États-Unis"),
        ("FR", "", "France"),
    ]
    assert "ISO" not in page
    response = client.post(url, {**edit_form(), "target_countries": ["DE", "FR"]})
    assert response.status_code == 302
    assert sorted(c.pk for c in cast.partnership.target_countries.all()) == ["DE", "FR"]


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
    response = client.post(
        url, {**edit_form(summary="should not stick"), "target_countries": ["US", "XX"]}
    )
    assert response.status_code == 200
    assert "XX is not one of the available choices" in response.content.decode()
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
