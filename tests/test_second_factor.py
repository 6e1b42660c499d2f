"""A second factor (TOTP) for everyone who wants one, required for administrators."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from crosscluster.accounts.models import User
from tests.cast import PASSWORD, Cast, make_user

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def sign_in(client: Client, email: str) -> str:
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    return str(response.headers.get("Location", ""))


def activate_totp(client: Client) -> str:
    # Setting up a second factor asks for the password again (allauth's reauthentication).
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    client.post(asked["Location"], {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302, response.content.decode()[:500]
    return str(secret)


@pytest.fixture
def new_administrator(db: None) -> User:
    return make_user("new-admin@example.eu", is_staff=True, is_superuser=True)


def test_an_administrator_without_a_second_factor_cannot_open_the_admin(
    new_administrator: User,
) -> None:
    client = Client()
    sign_in(client, new_administrator.email)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_with_totp_the_admin_opens_and_the_next_login_asks_for_the_code(
    new_administrator: User,
) -> None:
    client = Client()
    sign_in(client, new_administrator.email)
    secret = activate_totp(client)
    assert client.get("/admin/").status_code == 200

    later = Client()
    assert sign_in(later, new_administrator.email) == "/accounts/2fa/authenticate/"
    assert later.get("/admin/").status_code == 302  # not signed in before the code
    response = later.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert later.get("/admin/").status_code == 200


def test_the_admin_login_page_hands_over_to_the_site_login(cast: Cast) -> None:
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": cast.administrator.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "_auth_user_id" not in client.session  # the password alone did not sign anyone in


def test_members_may_add_a_second_factor_too(cast: Cast) -> None:
    client = Client()
    sign_in(client, cast.sme_member.email)
    activate_totp(client)
    assert sign_in(Client(), cast.sme_member.email) == "/accounts/2fa/authenticate/"
