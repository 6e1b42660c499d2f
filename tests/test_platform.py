"""Platform-wide behaviour: settings safety, error pages, health, static assets, i18n."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import Client

from crosscluster.config.settings import database_from_url

pytestmark = pytest.mark.django_db


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROSSCLUSTER_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import crosscluster.config.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_unsafe_settings() -> None:
    result = run_settings(CROSSCLUSTER_DEBUG="false")
    assert result.returncode != 0
    assert "CROSSCLUSTER_SECRET_KEY must be set" in result.stderr
    assert "CROSSCLUSTER_ALLOWED_HOSTS must list" in result.stderr


def test_production_starts_with_safe_settings() -> None:
    result = run_settings(
        CROSSCLUSTER_DEBUG="false",
        CROSSCLUSTER_SECRET_KEY="x" * 50,
        CROSSCLUSTER_ALLOWED_HOSTS="cluster.example.eu",
        CROSSCLUSTER_SITE_URL="https://cluster.example.eu",
    )
    assert result.returncode == 0, result.stderr


def test_a_fresh_checkout_gets_its_database_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    var = tmp_path / "fresh" / "var"
    result = run_settings(CROSSCLUSTER_VAR_DIR=str(var), CROSSCLUSTER_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert var.is_dir()


def test_a_bad_boolean_names_the_variable() -> None:
    result = run_settings(CROSSCLUSTER_DEBUG="maybe")
    assert "CROSSCLUSTER_DEBUG='maybe' is not a boolean" in result.stderr


def test_database_urls() -> None:
    assert database_from_url("sqlite:////srv/cc/x.sqlite3")["NAME"] == "/srv/cc/x.sqlite3"
    # A relative path stays relative (to the working directory), not under the system's /var.
    assert database_from_url("sqlite:///var/x.sqlite3")["NAME"] == "var/x.sqlite3"
    assert database_from_url("sqlite://:memory:")["NAME"] == ":memory:"
    postgres = database_from_url("postgres://alice:s%40cret@db.example:6543/cc")
    assert (
        postgres["USER"],
        postgres["PASSWORD"],
        postgres["HOST"],
        postgres["PORT"],
        postgres["NAME"],
    ) == (
        "alice",
        "s@cret",
        "db.example",
        6543,
        "cc",
    )
    with pytest.raises(Exception, match="use sqlite"):
        database_from_url("mysql://x/y")


@pytest.mark.django_db
def test_the_sqlite_test_database_is_a_file_like_production() -> None:
    """conftest.py: in Django's default in-memory shared-cache database, the live server's
    connections and the test's fail on each other's table locks ("database table is locked")."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert not connection.is_in_memory_db()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000


def test_not_found_page_is_friendly(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


def test_server_error_page_is_static(client: Client, settings, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from crosscluster.core.views import server_error

    request = client.get("/").wsgi_request
    with django_assert_num_queries(0):  # what failed may be the database
        response = server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b'href="/marketplace/"' in response.content  # the site's navigation is kept
    # The site's own stylesheet, no inline style (the Content-Security-Policy forbids it).
    assert b"<style" not in response.content
    assert b"style=" not in response.content
    assert b"/static/crosscluster/site.css" in response.content


def test_health_and_favicon(client: Client) -> None:
    health = client.get("/healthz")
    assert health.json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    checks = ready.json()
    # told, not counted: no worker runs in tests, and the web process is ready all the same
    assert checks.pop("worker").startswith("no worker has polled queue ")
    assert checks == {"status": "ok", "database": "ok", "migrations": "ok", "cache": "ok"}
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301
    assert favicon["Location"].endswith("favicon.svg")


def test_pages_ship_their_own_assets(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "/static/crosscluster/vendor/htmx-2.0.11.min.js" in html
    assert "https://" not in html.split("<body")[0]  # no CDN in the head


def test_sources_page_cites_the_shipped_data(client: Client) -> None:
    response = client.get("/sources/")
    assert response.status_code == 200


def test_sources_page_names_each_data_set_and_marks_its_english_note(client: Client) -> None:
    """qa4: each data set's heading was its folder's name ("cordis", "countries"), and its
    English provenance note was not marked as English on the other languages' pages."""
    from crosscluster.core.sources import TITLES, list_data_sources

    html = client.get("/de/sources/").content.decode()
    found = list_data_sources()
    assert found
    for source in found:
        assert source.folder in TITLES
        assert f'id="source-{source.folder}">{source.folder}</h2>' not in html
    assert '<h2 class="flush-top" id="source-cordis">' in html
    assert "Geschrieben auf Englisch." in html
    assert '<pre class="wrap" lang="en">' in html


def test_viewer_time_zone_comes_from_the_cookie(client: Client) -> None:
    client.cookies["tz"] = "Asia/Tokyo"
    assert "Asia/Tokyo" in client.get("/").content.decode()
    client.cookies["tz"] = "Not/AZone"
    assert "<strong>UTC</strong>" in client.get("/").content.decode()


def test_help_lists_every_command_of_the_console_script(capsys) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import get_commands

    from crosscluster.cli import main

    assert main(["--help"]) == 0
    listing = capsys.readouterr().out
    ours = [name for name, app in get_commands().items() if app.startswith("crosscluster.")]
    assert "seed_demo" in ours
    for command in [*ours, "match", "tag", "schedule", "markets"]:
        assert f"  {command} " in listing, command


def test_readiness_fails_while_a_migration_is_not_applied(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["migrations"] == "1 not applied"


def test_metrics_need_the_scrapers_token(settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_TOKEN = "scrape-me-" + "x" * 30
    client = Client()
    client.get("/partnerships/")
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    scraped = client.get("/metrics", headers={"Authorization": f"Bearer {settings.METRICS_TOKEN}"})
    assert scraped.status_code == 200
    assert "django_http_requests_total_by_method_total" in scraped.content.decode()


def test_metrics_are_off_in_production_without_a_token(settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_TOKEN = ""
    settings.DEBUG = False
    assert Client().get("/metrics").status_code == 404


def test_production_logs_are_json_lines() -> None:
    script = (
        "import logging, django; django.setup();"
        "logging.getLogger('crosscluster.check').warning('disk %s full', 'var')"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CROSSCLUSTER_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="crosscluster.config.settings",
        CROSSCLUSTER_SECRET_KEY="k" * 50,
        CROSSCLUSTER_ALLOWED_HOSTS="cluster.example.eu",
        CROSSCLUSTER_SITE_URL="https://cluster.example.eu",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == (
        "WARNING",
        "crosscluster.check",
        "disk var full",
    )
