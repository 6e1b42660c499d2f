"""Security settings and login protection, checked on real requests."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core import mail
from django.test import Client

from tests.cast import PASSWORD, Cast
from tests.test_platform import run_settings

pytestmark = pytest.mark.django_db


def test_a_deployment_that_sets_nothing_refuses_to_start() -> None:
    result = run_settings()
    assert result.returncode != 0
    assert "Refusing to start in production mode" in result.stderr
    assert "CROSSCLUSTER_SECRET_KEY must be set" in result.stderr
    assert "CROSSCLUSTER_ALLOWED_HOSTS must list" in result.stderr
    assert "CROSSCLUSTER_SITE_URL must be the site's https:// address" in result.stderr


def test_production_settings_are_strict_by_default() -> None:
    script = (
        "from crosscluster.config import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.ACCOUNT_DEFAULT_HTTP_PROTOCOL, s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1])"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROSSCLUSTER_")}
    environment.update(
        CROSSCLUSTER_SECRET_KEY="k" * 50,
        CROSSCLUSTER_ALLOWED_HOSTS="cluster.example.eu",
        CROSSCLUSTER_SITE_URL="https://cluster.example.eu",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "31536000",
        "True",
        "https",
        "DatabaseCache",  # shared by every process, unlike a memory cache
    ]


def test_pages_carry_a_content_security_policy_without_inline_code(client: Client) -> None:
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert 'style="' not in response.content.decode()
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_redirects_to_https_and_sends_hsts(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    plain = client.get("/partnerships/")
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")
    behind_proxy = client.get("/partnerships/", headers={"X-Forwarded-Proto": "https"})
    assert behind_proxy.status_code == 200
    assert behind_proxy.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_password_reset_links_are_https_behind_a_tls_proxy(settings, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    # As production sets them for CROSSCLUSTER_SITE_URL=https://... behind a TLS proxy.
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": cast.sme_member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "https://testserver/accounts/password/reset/key/" in mail.outbox[0].body
    assert "http://testserver" not in mail.outbox[0].body


def _login(client: Client, email: str, password: str) -> tuple[int, str]:
    response = client.post("/accounts/login/", {"login": email, "password": password})
    return response.status_code, response.content.decode()


def test_repeated_failed_logins_lock_the_account_out(cast: Cast) -> None:
    email = cast.sme_member.email
    for _ in range(4):
        status, _page = _login(Client(), email, "wrong password!")
        assert status == 200  # the form again, with an error
    assert _login(Client(), email, "wrong password!")[0] == 429  # the fifth failure locks
    locked = Client()
    status, page = _login(locked, email, PASSWORD)
    assert status in {200, 429}
    assert "_auth_user_id" not in locked.session  # even the right password is refused for now
    assert "Too many" in page or "locked" in page.lower()


def test_passwords_need_twelve_characters(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.eu", "password1": "Xq7#short", "password2": "Xq7#short"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_the_deployment_check_is_clean_with_production_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Not the test harness's variables (the browser tests allow async-unsafe ORM calls).
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CROSSCLUSTER_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment.update(
        CROSSCLUSTER_SECRET_KEY="a-long-random-production-key-" + "q8Zr" * 10,
        CROSSCLUSTER_ALLOWED_HOSTS="cluster.example.eu",
        CROSSCLUSTER_SITE_URL="https://cluster.example.eu",
        CROSSCLUSTER_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-m", "crosscluster.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
