"""An import's row problems found in the worker are kept as message and values
(``core.stored_text``) and worded where they are read, in the reader's language (issue 14).
The German sentences come from the catalogues (the directory's row checks were translated
before they were stored this way)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from crosscluster.core import stored_text
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.imports import jobs
from crosscluster.imports.files import Table
from crosscluster.imports.models import OrganisationImport
from crosscluster.imports.tests.test_imports import API, as_csv, upload

pytestmark = pytest.mark.django_db

ROWS = [
    ["name", "kind", "country"],
    ["Bad Kind", "spaceship", "FR"],
    ["Good One", "sme", "FR"],
]


def test_a_row_problem_is_stored_as_message_and_values_and_read_in_german(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    body = upload(client, token, cast.cluster.slug, "bad.csv", as_csv(ROWS, ";")).json()
    run_queued_tasks()
    stored = OrganisationImport.objects.get(pk=body["id"]).problems
    assert [(item["row"], item["column"]) for item in stored] == [(2, "kind")]
    kept = json.loads(stored[0]["message"])
    assert kept["stored_message"] == "Unknown type %(text)r: use one of %(choices)s."
    assert kept["parameters"]["text"] == "spaceship"
    url = f"{API}/{body['id']}/problems"
    english = client.get(url, headers={"authorization": token}).json()["items"][0]["message"]
    assert english.startswith("Unknown type 'spaceship': use one of ")
    german = client.get(url, headers={"authorization": token, "Accept-Language": "de"}).json()
    assert german["items"][0]["message"].startswith("Unbekannter Typ 'spaceship'")
    client.force_login(cast.coordinator)
    page = client.get(f"/de/imports/{body['id']}/").content.decode()
    assert "Unbekannter Typ &#x27;spaceship&#x27;" in page
    assert "stored_message" not in page


def test_a_projects_file_problem_is_kept_as_message_and_values() -> None:
    table = Table(
        file_format="json",
        columns=[],
        rows=[(1, _project("12", "2020-01-01")), (2, _project("12", "2021-01-01"))],
    )
    _plans, problems = jobs._check_project_rows(table, set())
    kept = json.loads(str(problems[0]["message"]))
    assert kept["parameters"] == {"row": 2, "earlier": 1}
    with translation.override("en"):
        assert stored_text.word(str(problems[0]["message"])) == (
            "Record 2 is the same project as record 1: keep one of the two."
        )


def _project(project_id: str, start: str) -> dict[str, str]:
    return {
        "id": project_id,
        "acronym": "X",
        "title": "Project",
        "startDate": start,
        "endDate": "",
        "contentUpdateDate": "",
    }
