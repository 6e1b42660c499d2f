"""The site's own error pages, with its navigation, in every mode (issue 13: with DEBUG on,
``make run`` showed Django's technical 404 listing every URL)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

NAVIGATION = 'class="nav-links"'


@pytest.mark.parametrize("debug", [True, False])
def test_a_missing_page_is_the_sites_own_404(client: Client, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert NAVIGATION in html
    assert "Using the URLconf" not in html  # Django's technical page


@pytest.mark.parametrize("debug", [True, False])
def test_a_missing_object_is_the_sites_own_404(client: Client, debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = client.get("/strategy/no-such-partnership/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert NAVIGATION in html
    assert "Technical details" not in html
    assert "Raised by" not in html


def test_a_missing_slash_is_still_redirected_with_debug_on(client: Client) -> None:
    with override_settings(DEBUG=True):
        response = client.get("/directory")
    assert response.status_code == 301
    assert response["Location"] == "/directory/"


@pytest.mark.django_db(transaction=True)
def test_a_database_that_cannot_be_reached_is_a_503_and_the_site_comes_back(client) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server to make unreachable (the PostgreSQL run checks this)")
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there: connections are refused
    try:
        page = client.get("/partnerships/")
        api = client.get("/api/v1/partnerships/")
        ready = client.get("/readyz")
    finally:
        connection.close()
        connection.settings_dict.update(original)
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert b"Unavailable for a moment" in page.content
    assert api.status_code == 503
    assert "try again" in api.json()["detail"]
    assert ready.status_code == 503
    # Once the database answers again, so does the site, without restarting anything.
    assert client.get("/partnerships/").status_code == 200
    assert client.get("/api/v1/partnerships/").status_code == 200


@pytest.mark.parametrize("debug", [True, False])
def test_a_page_that_asks_for_the_password_again_is_not_a_server_error(
    cast, client: Client, debug: bool
) -> None:
    """Found by the browser sweep: with DEBUG on, the site's 500 page caught allauth's
    "re-authenticate" signal before allauth's middleware could answer it with its form."""
    from tests.cast import PASSWORD

    assert client.login(email=cast.coordinator.email, password=PASSWORD)
    session = client.session
    session.pop("account_authentication_records", None)  # signed in long ago
    session.save()
    with override_settings(DEBUG=debug):
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302, response.status_code
    assert "/accounts/reauthenticate/" in response["Location"]


@pytest.mark.parametrize("debug", [True, False])
def test_a_refusal_is_the_sites_own_403_with_its_navigation(  # type: ignore[no-untyped-def]
    cast, client: Client, debug: bool
) -> None:
    from django.urls import reverse

    from tests.cast import PASSWORD

    assert client.login(email=cast.sme_member.email, password=PASSWORD)
    with override_settings(DEBUG=debug):
        response = client.get(reverse("marketplace:quality"))  # brokers only
    assert response.status_code == 403
    html = response.content.decode()
    assert "You may not do this" in html
    assert NAVIGATION in html
    assert "Go to the start page" in html


def test_an_error_with_debug_on_is_the_sites_own_500_not_the_technical_page(
    client: Client,
) -> None:
    from unittest import mock

    with (
        override_settings(DEBUG=True),
        mock.patch(
            "crosscluster.partnerships.queries.list_partnerships", side_effect=RuntimeError("boom")
        ),
    ):
        client.raise_request_exception = False
        response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="/"' in html  # the way back
    assert "Traceback" not in html
    assert "boom" not in html
    # the site's navigation, without anything read from the database or the session
    assert 'aria-label="Main"' in html
    for address in ("/partnerships/", "/directory/", "/marketplace/"):
        assert f'href="{address}' in html
