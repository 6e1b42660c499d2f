"""The profile in the API: name, time zone and the saved language, read and written, as on
the profile page; a language or time zone that is not offered is refused by name."""

from __future__ import annotations

import pytest
from django.test import Client

from crosscluster.accounts import services
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_the_profile_language_is_read_and_written_through_the_api(
    cast: Cast, client: Client
) -> None:
    key = services.create_api_token(user=cast.sme_member, name="w", scope="write").key
    before = client.get("/api/v1/accounts/me", headers=_bearer(key)).json()
    assert before["language"] == ""
    response = client.patch(
        "/api/v1/accounts/me",
        data={"language": "de", "timezone": "Europe/Berlin"},
        content_type="application/json",
        headers=_bearer(key),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["language"], body["timezone"]) == ("de", "Europe/Berlin")
    assert body["full_name"] == before["full_name"]  # omitted fields are kept
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.language == "de"
    # the saved language now decides the pages' language where the address names none
    client.force_login(cast.sme_member)
    page = client.get("/partnerships/")
    assert page.status_code == 302
    assert page["Location"].startswith("/de/")
    # empty means "the browser's" again
    cleared = client.patch(
        "/api/v1/accounts/me",
        data={"language": ""},
        content_type="application/json",
        headers=_bearer(key),
    )
    assert cleared.json()["language"] == ""


def test_a_language_that_is_not_offered_is_refused_and_nothing_changes(
    cast: Cast, client: Client
) -> None:
    key = services.create_api_token(user=cast.sme_member, name="w", scope="write").key
    response = client.patch(
        "/api/v1/accounts/me",
        data={"language": "nl", "full_name": "Someone Else"},
        content_type="application/json",
        headers=_bearer(key),
    )
    assert response.status_code == 400
    assert "language" in str(response.json())
    assert "choose one of" in str(response.json())
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.language == ""
    assert cast.sme_member.full_name != "Someone Else"


def test_a_read_token_may_not_change_the_profile(cast: Cast, client: Client) -> None:
    key = services.create_api_token(user=cast.sme_member, name="r", scope="read").key
    response = client.patch(
        "/api/v1/accounts/me",
        data={"language": "fr"},
        content_type="application/json",
        headers=_bearer(key),
    )
    assert response.status_code == 403
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.language == ""


def test_the_profile_patch_changes_nothing_but_name_zone_and_language(
    cast: Cast, client: Client
) -> None:
    """Issue 11's review: fields outside the profile (roles, address, password, activity) sent
    along are ignored, whatever their names; a session without a token is refused."""
    key = services.create_api_token(user=cast.sme_member, name="w", scope="write").key
    person = cast.sme_member
    before = (person.email, person.password, person.is_staff, person.is_superuser)
    response = client.patch(
        "/api/v1/accounts/me",
        data={
            "full_name": "Ada Vision",
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "email": "attacker@evil.example",
            "password": "x",
            "id": cast.coordinator.pk,
        },
        content_type="application/json",
        headers=_bearer(key),
    )
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.full_name == "Ada Vision"
    assert (person.email, person.password, person.is_staff, person.is_superuser) == before
    assert person.is_active
    cast.coordinator.refresh_from_db()
    assert cast.coordinator.full_name != "Ada Vision"  # the token's own user only
    signed_in = Client()
    signed_in.force_login(person)
    cookie_only = signed_in.patch(
        "/api/v1/accounts/me", data={"full_name": "X"}, content_type="application/json"
    )
    assert cookie_only.status_code in (401, 403)
    person.refresh_from_db()
    assert person.full_name == "Ada Vision"
