"""The official CORDIS projects file (``project.json``): uploaded like the organisation export,
recognised by its content, checked per record, imported all or nothing (new projects created,
known ones updated)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.imports.models import CordisProject, OrganisationImport
from crosscluster.imports.tests.test_imports import API, _file, upload

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "cordis-project-sample.json"


def test_a_cordis_projects_file_is_imported_through_the_page(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    records = json.loads(SAMPLE.read_text(encoding="utf-8"))
    client.force_login(cast.coordinator)
    response = client.post(
        "/imports/",
        {"cluster": cast.cluster.slug, "file": _file("project.json", SAMPLE.read_bytes())},
    )
    assert response.status_code == 302
    organisation_import = OrganisationImport.objects.get()
    assert organisation_import.file_format == "projects"  # by its content, not its name
    assert organisation_import.mapping["start_date"] == "startDate"
    run_queued_tasks()
    url = f"/imports/{organisation_import.pk}/"
    page = client.get(url).content.decode()
    assert "New CORDIS projects" in page
    assert "TAPPS" in page  # the preview
    assert 'data-testid="mapping"' not in page  # nothing to map
    assert "Import all 3 rows" in page
    assert client.post(url + "import/").status_code == 302
    run_queued_tasks()
    assert "Imported: 3 new CORDIS projects; 0 stored already" in client.get(url).content.decode()
    stored = {
        project.project_id: (project.acronym, project.title, project.start_date, project.end_date)
        for project in CordisProject.objects.all()
    }
    assert stored == {
        str(record["id"]): (
            record["acronym"],
            record["title"],
            dt.date.fromisoformat(record["startDate"]),
            dt.date.fromisoformat(record["endDate"]),
        )
        for record in records
    }
    assert stored["645119"][2] == dt.date(2015, 1, 1)  # TAPPS, as CORDIS says
    # the file again, with a changed end date: updated, not duplicated
    records[0]["endDate"] = "2030-12-31"
    client.post(
        "/imports/",
        {"cluster": cast.cluster.slug, "file": _file("p.json", json.dumps(records).encode())},
    )
    run_queued_tasks()
    again = OrganisationImport.objects.order_by("-created_at").first()
    assert again is not None
    assert (again.new_count, again.matched_count) == (0, 3)
    client.post(f"/imports/{again.pk}/import/")
    run_queued_tasks()
    assert CordisProject.objects.count() == 3
    changed = CordisProject.objects.get(project_id=str(records[0]["id"]))
    assert changed.end_date == dt.date(2030, 12, 31)


def test_bad_project_records_are_named_with_their_fix_and_nothing_is_imported(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    good = {"id": 900001, "acronym": "GOOD", "title": "A good one", "startDate": "2018-01-01"}
    records = [
        good,
        {**good, "id": "abc"},
        {**good, "id": 900002, "startDate": ""},
        {**good, "id": 900003, "startDate": "01/02/2018"},
        {**good, "id": 900004, "endDate": "2017-12-31"},
        {**good},  # the same id as record 1
        {**good, "id": 900005, "acronym": "X" * 101},
    ]
    token = token_for(cast.coordinator)
    body = upload(
        client, token, cast.cluster.slug, "project.json", json.dumps(records).encode()
    ).json()
    assert body["file_format"] == "projects"
    run_queued_tasks()
    found = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert (found["status"], found["rows_total"], found["error_rows"]) == ("checked", 7, 6)
    problems = client.get(f"{API}/{body['id']}/problems", headers={"authorization": token}).json()
    by_place = {(item["row"], item["column"]): item["message"] for item in problems["items"]}
    assert by_place == {
        (2, "id"): "Give the project's CORDIS id: its number, such as 645119.",
        (3, "startDate"): ("Give the project's start date (YYYY-MM-DD): its ties are dated by it."),
        (4, "startDate"): "'01/02/2018' is not a date: write it as YYYY-MM-DD.",
        (5, "endDate"): ("The end 2017-12-31 is before the start 2018-01-01: correct one of them."),
        (6, "id"): "Record 6 is the same project as record 1: keep one of the two.",
        (7, "acronym"): "Longer than 100 characters: shorten it.",
    }
    refused = client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    assert refused.status_code == 400
    assert not CordisProject.objects.exists()
    # its columns are fixed: nothing to map
    mapped = client.put(
        f"{API}/{body['id']}/mapping",
        data={"mapping": {"name": "id", "country": "title"}},
        content_type="application/json",
        headers={"authorization": token},
    )
    assert mapped.status_code == 400
    assert "columns are fixed" in mapped.json()["errors"]["mapping"][0]


def test_a_json_list_of_something_else_is_refused_naming_both_cordis_files(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    response = upload(client, token, cast.cluster.slug, "x.json", b'[{"id": 1, "name": "?"}]')
    assert response.status_code == 400
    message = response.json()["errors"]["file"][0]
    assert "organization.json" in message
    assert "project.json" in message
    assert not OrganisationImport.objects.exists()
