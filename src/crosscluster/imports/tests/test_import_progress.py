"""The import step's progress: written outside the database by the job while its one transaction
runs, read by the page and the API, removed at the end; still all or nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import ClusterMembership, Organisation
from crosscluster.imports import jobs, queries
from crosscluster.imports.tests.test_imports import API, as_csv, upload

pytestmark = pytest.mark.django_db
ROWS = 4500  # three batches of 2,000 rows to check, then to write


@pytest.fixture
def checked_import(cast, client: Client, token_for, settings, tmp_path):  # type: ignore[no-untyped-def]
    """A file of 4,500 new organisations, checked and queued for import."""
    settings.MEDIA_ROOT = tmp_path
    rows = [["Organisation name", "Country"]] + [[f"Progress Org {n}", "FR"] for n in range(ROWS)]
    token = token_for(cast.coordinator)
    body = upload(client, token, cast.cluster.slug, "many.csv", as_csv(rows)).json()
    assert run_queued_tasks() == 1
    started = client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    assert started.status_code == 202
    assert started.json()["progress_percent"] == 0  # nothing written yet
    return body["id"], token


def test_the_import_shows_its_progress_on_the_page_and_in_the_api(
    cast, client: Client, checked_import, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Each time the job stores its progress, a person looking (the API, the page htmx polls)
    sees that percentage; it only increases, the check part first, and ends at 100."""
    import_id, token = checked_import
    page = Client()
    page.force_login(cast.coordinator)
    seen: list[tuple[int, int, str, str]] = []
    real_store = jobs._store_progress

    def watched_store(job_import_id: str, percent: int) -> None:
        real_store(job_import_id, percent)
        api = client.get(f"{API}/{import_id}", headers={"authorization": token}).json()
        html = page.get(
            reverse("imports:detail", args=[import_id]), headers={"HX-Request": "true"}
        ).content.decode()
        bar = re.search(r'<progress class="progress" max="100" value="(\d+)"', html)
        text = re.search(r'data-testid="import-progress">([^<]*)<', html)
        assert bar
        assert text
        assert 'hx-trigger="every 1s"' in html  # the page keeps polling
        seen.append((percent, api["progress_percent"], bar.group(1), text.group(1)))

    monkeypatch.setattr(jobs, "_store_progress", watched_store)
    assert run_queued_tasks() == 1
    # stored = read by the API = shown by the page
    assert all(api == stored == int(bar) for stored, api, bar, _ in seen)
    # 30 % for checking the 4,500 rows again (every 2,000), then 9,000 writes: the organisations,
    # then their memberships, in batches of 2,000
    assert [stored for stored, *_ in seen] == [0, 13, 26, 30, 45, 61, 65, 80, 96, 100]
    assert seen[-1][3] == "Importing every row (all or nothing): 100% done."
    done = client.get(f"{API}/{import_id}", headers={"authorization": token}).json()
    assert (done["status"], done["progress_percent"], done["created_count"]) == ("done", 100, ROWS)
    assert not queries.progress_path(import_id).exists()  # removed at the end
    assert not list(queries.progress_path(import_id).parent.iterdir())


def test_a_failure_midway_writes_nothing_and_removes_the_progress(
    cast, client: Client, checked_import, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The first 2,000 organisations are written inside the transaction, then the job fails:
    none of them stays, nor any membership, and the progress file goes."""
    import_id, token = checked_import
    organisations = Organisation.objects.count()
    memberships = ClusterMembership.objects.count()
    real_import = jobs.import_organisation_rows
    seen: list[int] = []

    def failing_import(**arguments):  # type: ignore[no-untyped-def]
        store = arguments["on_written"]

        def on_written(done: int, to_write: int) -> None:
            store(done, to_write)
            seen.append(queries.get_progress_percent(organisation_import=_importing(import_id)))
            assert Organisation.objects.filter(name__startswith="Progress Org").count() == done
            raise RuntimeError("the disk is full")

        return real_import(**{**arguments, "on_written": on_written})

    monkeypatch.setattr(jobs, "import_organisation_rows", failing_import)
    assert run_queued_tasks() == 1
    assert seen == [45]  # the job got as far as the first batch of organisations
    failed = client.get(f"{API}/{import_id}", headers={"authorization": token}).json()
    assert failed["status"] == "failed"
    assert "try again" in failed["error"]
    assert Organisation.objects.count() == organisations
    assert ClusterMembership.objects.count() == memberships
    assert not queries.progress_path(import_id).exists()


def _importing(import_id: str):  # type: ignore[no-untyped-def]
    found = queries.find_import(import_id=import_id)
    assert found is not None
    assert found.status == "importing"
    return found
