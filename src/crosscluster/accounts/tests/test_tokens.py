"""API tokens: expiry, scopes enforced for every operation, revocation on a new password,
the key shown once and never stored (not even in the session), pages and API in step."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crosscluster.accounts import services
from crosscluster.accounts.models import ApiToken
from tests.cast import PASSWORD, Cast

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 2026"


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_token_expires_after_the_default_or_the_chosen_days(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.API_TOKEN_DAYS = 30
    now = timezone.now()
    default = services.create_api_token(user=cast.sme_member, name="default", now=now)
    chosen = services.create_api_token(user=cast.sme_member, name="short", days=2, now=now)
    assert default.token.expires_at == now + dt.timedelta(days=30)
    assert chosen.token.expires_at == now + dt.timedelta(days=2)
    with pytest.raises(services.ValidationError) as error:
        services.create_api_token(user=cast.sme_member, name="long", days=366, now=now)
    assert "days" in error.value.message_dict
    with pytest.raises(services.ValidationError) as error:
        services.create_api_token(user=cast.sme_member, name="odd", scope="admin", now=now)
    assert "scope" in error.value.message_dict


def test_an_expired_token_is_refused_with_a_clear_401(cast: Cast, client: Client) -> None:
    long_ago = timezone.now() - dt.timedelta(days=40)
    new = services.create_api_token(user=cast.sme_member, name="old", days=30, now=long_ago)
    response = client.get("/api/v1/accounts/me", headers=_bearer(new.key))
    assert response.status_code == 401
    assert "expired on" in response.json()["detail"]
    fresh = services.create_api_token(user=cast.sme_member, name="new", days=1)
    assert client.get("/api/v1/accounts/me", headers=_bearer(fresh.key)).status_code == 200


def _unsafe_operations(client: Client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() not in {"GET", "HEAD", "OPTIONS"}
    ]


def test_a_read_token_gets_403_on_every_unsafe_operation(cast: Cast, client: Client) -> None:
    read = services.create_api_token(user=cast.coordinator, name="read", scope="read")
    operations = _unsafe_operations(client)
    assert len(operations) > 60  # every POST, PUT, PATCH and DELETE of the API
    refused = []
    for method, path in operations:
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = client.generic(
            method, url, data="{}", content_type="application/json", headers=_bearer(read.key)
        )
        if response.status_code == 403 and "read scope" in response.json()["detail"]:
            refused.append((method, path))
    assert refused == operations
    # The same token reads, and a write token passes the scope check.
    assert client.get("/api/v1/accounts/me", headers=_bearer(read.key)).status_code == 200
    write = services.create_api_token(user=cast.coordinator, name="write", scope="write")
    response = client.post(
        "/api/v1/accounts/me/tokens",
        data={"name": "made by a write token"},
        content_type="application/json",
        headers=_bearer(write.key),
    )
    assert response.status_code == 201


def test_changing_the_password_revokes_every_token(cast: Cast, client: Client) -> None:
    keys = [services.create_api_token(user=cast.sme_member, name=f"t{i}").key for i in range(2)]
    other = services.create_api_token(user=cast.outsider, name="someone else's").key
    client.login(email=cast.sme_member.email, password=PASSWORD)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    for key in keys:
        answer = Client().get("/api/v1/accounts/me", headers=_bearer(key))
        assert answer.status_code == 401
        assert "revoked" in answer.json()["detail"]
    assert not ApiToken.objects.filter(user=cast.sme_member, revoked_at__isnull=True).exists()
    assert Client().get("/api/v1/accounts/me", headers=_bearer(other)).status_code == 200


def test_resetting_the_password_revokes_every_token(cast: Cast) -> None:
    key = services.create_api_token(user=cast.sme_member, name="script").key
    client = Client()
    client.post(reverse("account_reset_password"), {"email": cast.sme_member.email})
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.check_password(NEW_PASSWORD)
    assert Client().get("/api/v1/accounts/me", headers=_bearer(key)).status_code == 401


def test_the_page_shows_the_key_once_and_never_keeps_it(cast: Cast, client: Client) -> None:
    client.login(email=cast.sme_member.email, password=PASSWORD)
    response = client.post(
        reverse("accounts:create_token"), {"name": "script", "scope": "write", "days": "7"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = re.search(r'data-testid="new-token">(cc_[\w-]+)<', response.content.decode())
    assert key is not None
    token = ApiToken.objects.get(user=cast.sme_member)
    assert (token.scope, token.key_hash) == ("write", ApiToken.hash_key(key.group(1)))
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=7)).date()
    # Nothing of the key in the session, nor on the next page.
    session = client.session
    assert all(key.group(1) not in str(value) for value in session.values())
    assert key.group(1) not in client.get(reverse("accounts:profile")).content.decode()
    # A bad choice names the field and stores nothing.
    response = client.post(
        reverse("accounts:create_token"), {"name": "x", "scope": "write", "days": "900"}
    )
    assert response.status_code == 400
    assert ApiToken.objects.filter(user=cast.sme_member).count() == 1


def test_pages_and_api_list_create_and_revoke_the_same_tokens(cast: Cast, client: Client) -> None:
    key = services.create_api_token(user=cast.sme_member, name="admin script").key
    made = client.post(
        "/api/v1/accounts/me/tokens",
        data={"name": "reader", "days": 5},
        content_type="application/json",
        headers=_bearer(key),
    )
    assert made.status_code == 201
    body = made.json()
    assert body["scope"] == "read"
    assert body["key"].startswith("cc_")
    listed = client.get("/api/v1/accounts/me/tokens", headers=_bearer(key)).json()
    assert {t["name"] for t in listed} == {"admin script", "reader"}
    assert all("key" not in t for t in listed)
    client.login(email=cast.sme_member.email, password=PASSWORD)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "reader" in page
    assert "admin script" in page
    # Revoked through the page: gone from the API's list; through the API: gone from the page.
    client.post(reverse("accounts:revoke_token", args=[body["id"]]))
    listed = client.get("/api/v1/accounts/me/tokens", headers=_bearer(key)).json()
    assert [t["name"] for t in listed] == ["admin script"]
    assert Client().get("/api/v1/accounts/me", headers=_bearer(body["key"])).status_code == 401
    other = services.create_api_token(user=cast.outsider, name="not yours", scope="write")
    refused = client.delete(f"/api/v1/accounts/me/tokens/{other.token.pk}", headers=_bearer(key))
    assert refused.status_code == 403
    own = ApiToken.objects.get(user=cast.sme_member, name="admin script")
    gone = client.delete(f"/api/v1/accounts/me/tokens/{own.pk}", headers=_bearer(key))
    assert gone.status_code == 204
    assert "admin script" not in client.get(reverse("accounts:profile")).content.decode()


def _live(key: str) -> bool:
    return Client().get("/api/v1/accounts/me", headers=_bearer(key)).status_code == 200


def test_a_new_password_set_in_the_admin_revokes_every_token(cast: Cast) -> None:
    key = services.create_api_token(user=cast.sme_member, name="script").key
    other = services.create_api_token(user=cast.outsider, name="someone else's").key
    admin = Client()
    admin.force_login(cast.administrator)  # the cast's administrator has a second factor
    page = f"/admin/accounts/user/{cast.sme_member.pk}/password/"
    assert admin.get(page).status_code == 200
    response = admin.post(
        page, {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.check_password(NEW_PASSWORD)
    assert not _live(key)
    answer = Client().get("/api/v1/accounts/me", headers=_bearer(key))
    assert "revoked" in answer.json()["detail"]
    assert _live(other)


def test_the_changepassword_command_and_a_script_revoke_every_token(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.auth.management.commands import changepassword
    from django.core.management import call_command

    key = services.create_api_token(user=cast.sme_member, name="script").key
    monkeypatch.setattr(changepassword.getpass, "getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", cast.sme_member.email, stdout=io.StringIO())
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.check_password(NEW_PASSWORD)
    assert not _live(key)

    # Any code that sets a password and saves the person does the same.
    second = services.create_api_token(user=cast.sme_member, name="again").key
    assert _live(second)
    cast.sme_member.set_password("yet another passphrase 2027")
    cast.sme_member.save()
    assert not _live(second)


def test_setting_a_first_password_on_the_site_revokes_every_token(cast: Cast) -> None:
    cast.sme_member.set_unusable_password()
    cast.sme_member.save()
    key = services.create_api_token(user=cast.sme_member, name="script").key
    client = Client()
    client.force_login(cast.sme_member)
    response = client.post(
        reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not _live(key)


def test_a_stronger_hash_of_the_same_password_at_login_keeps_the_tokens(
    cast: Cast,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    key = services.create_api_token(user=cast.sme_member, name="script").key
    old_hash = cast.sme_member.password  # MD5, the tests' hasher
    # A newer preferred hasher: Django rehashes the password when the person next logs in.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert Client().login(email=cast.sme_member.email, password=PASSWORD)
    cast.sme_member.refresh_from_db()
    assert cast.sme_member.password != old_hash
    assert cast.sme_member.password.startswith("pbkdf2_sha256$")
    assert _live(key)
