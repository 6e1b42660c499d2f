"""Organisation import: upload, check (per-row problems naming row and column), matching to the
directory, column mapping, all-or-nothing import; page and API; who may do it."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from crosscluster.core import stored_text
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.directory.models import ClusterMembership, Country, DataSource, Organisation
from crosscluster.directory.services import ImportRow, import_organisation_rows
from crosscluster.imports.models import CordisParticipation, ImportStatus, OrganisationImport
from tests.cast import make_organisation

pytestmark = pytest.mark.django_db
API = "/api/v1/imports/organisations"
SAMPLE = Path(__file__).parent / "data" / "cordis-organization-sample.json"

GOOD = [
    ["Organisation name", "Type", "Country", "Web", "City", "Size"],
    [
        "Robotique Nouvelle SAS",
        "SME",
        "FR",
        "https://robotique-nouvelle.example.eu",
        "Lyon",
        "small",
    ],
    ["Unrelated SME GmbH", "sme", "DE", "", "", ""],  # = the cast's "Unrelated SME" (legal form)
    ["VISION SYSTEMS SME", "SME", "France", "", "", ""],  # the cast's SME
    ["Datenwerk", "Large company", "de", "www.datenwerk.example.de", "Berlin", "large"],
]


def as_csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client: Client, token: str, cluster: str, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        API,
        {"cluster": cluster, "file": _file(name, content)},
        headers={"authorization": token},
    )


def _file(name: str, content: bytes) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def load_countries() -> None:
    """Every country of the shipped ISO 3166 table (the CORDIS sample spans nine)."""
    path = Path(settings.DATA_DIR) / "countries" / "country-codes.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Country.objects.get_or_create(
                iso2=row["ISO3166-1-Alpha-2"],
                defaults={"iso3": row["ISO3166-1-Alpha-3"], "name": row["CLDR display name"]},
            )


def test_a_coordinator_imports_a_csv_into_a_partner_cluster(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    make_organisation(
        "DW Datenverarbeitung",
        country=cast.other_sme.country,
        website="https://www.datenwerk.example.de",
    )
    token = token_for(cast.coordinator)  # coordinates the partnership; does not manage it
    response = upload(client, token, cast.other_cluster.slug, "members.csv", as_csv(GOOD))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "queued"
    assert body["file_format"] == "csv"
    assert body["mapping"] == {
        "name": "Organisation name",
        "kind": "Type",
        "country": "Country",
        "city": "City",
        "website": "Web",
        "size": "Size",
    }
    assert run_queued_tasks() == 1
    checked = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert checked["status"] == "checked"
    assert (checked["rows_total"], checked["problem_count"]) == (4, 0)
    assert (checked["rows_checked"], checked["progress_percent"]) == (4, 100)
    assert (checked["new_count"], checked["matched_count"]) == (1, 3)
    plans = {plan["name"]: plan for plan in checked["preview"]}
    assert plans["Unrelated SME GmbH"]["organisation_id"] == cast.other_sme.pk
    assert plans["Unrelated SME GmbH"]["reason"] == "same_name"
    assert plans["Datenwerk"]["reason"] == "same_website"
    assert plans["Robotique Nouvelle SAS"]["action"] == "new"
    assert not Organisation.objects.filter(name="Robotique Nouvelle SAS").exists()  # not yet

    started = client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    assert started.status_code == 202
    assert started.json()["status"] == "importing"
    assert run_queued_tasks() == 1
    done = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert (done["status"], done["created_count"], done["members_added"]) == ("done", 1, 4)
    assert bytes(OrganisationImport.objects.get(pk=body["id"]).content) == b""  # not kept
    again = client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    assert again.status_code == 400
    assert again.json()["errors"]["status"] == ["The file is imported already."]
    created = Organisation.objects.get(name="Robotique Nouvelle SAS")
    assert (created.kind, created.country_id, created.city, created.size) == (
        "sme",
        "FR",
        "Lyon",
        "small",
    )
    assert created.source == DataSource.USER
    assert Organisation.objects.get(name="Vision Systems SME") == cast.sme  # not duplicated
    members = set(
        ClusterMembership.objects.filter(cluster=cast.other_cluster).values_list(
            "member__name", flat=True
        )
    )
    assert members == {
        "Robotique Nouvelle SAS",
        "Unrelated SME",
        "Vision Systems SME",
        "DW Datenverarbeitung",
    }
    # the new organisation is searchable at once (the database's search triggers)
    found = client.get("/api/v1/organisations/", {"q": "robotique"}).json()
    assert [item["name"] for item in found["items"]] == ["Robotique Nouvelle SAS"]
    # importing again: no new organisation, nothing imported twice
    again = upload(client, token, cast.other_cluster.slug, "members.csv", as_csv(GOOD)).json()
    run_queued_tasks()
    second = client.get(f"{API}/{again['id']}", headers={"authorization": token}).json()
    assert (second["new_count"], second["matched_count"], second["already_member_count"]) == (
        0,
        4,
        4,
    )


def test_every_problem_names_its_row_and_column_and_nothing_is_imported(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    rows = [
        ["name", "kind", "country", "website", "size", "nuts_region"],
        ["", "sme", "FR", "", "", ""],
        ["Bad Country", "sme", "XX", "", "", ""],
        ["Bad Kind", "spaceship", "FR", "", "", ""],
        ["Bad Web", "sme", "FR", "not a site", "", ""],
        ["Bad Size", "sme", "FR", "", "huge", ""],
        ["Good One", "sme", "FR", "", "", ""],
        ["Good  one", "sme", "FR", "", "", ""],  # the same as row 7
        ["Pole Test Cluster", "cluster", "FR", "", "", ""],  # the cluster itself
        ["Bad Region", "sme", "FR", "", "", "ZZ99"],
    ]
    token = token_for(cast.coordinator)
    body = upload(client, token, cast.cluster.slug, "bad.csv", as_csv(rows, ";")).json()
    run_queued_tasks()
    found = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert found["status"] == "checked"
    assert found["error_rows"] == 8  # every row but row 7
    problems = client.get(f"{API}/{body['id']}/problems", headers={"authorization": token}).json()
    by_row = {(item["row"], item["column"]): item["message"] for item in problems["items"]}
    assert "Give the organisation's name" in by_row[(2, "name")]
    assert "Unknown country 'XX'" in by_row[(3, "country")]
    assert "Unknown type 'spaceship'" in by_row[(4, "kind")]
    assert "https://www.example.eu" in by_row[(5, "website")]
    assert "Unknown size 'huge'" in by_row[(6, "size")]
    assert "same organisation as row 7" in by_row[(8, "name")]
    assert "cluster itself" in by_row[(9, "name")]
    assert "Unknown NUTS region 'ZZ99'" in by_row[(10, "nuts_region")]
    refused = client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    assert refused.status_code == 400
    assert "rows" in refused.json()["errors"]
    assert not Organisation.objects.filter(name="Good One").exists()
    # the page shows the same problems with their rows and columns
    client.force_login(cast.coordinator)
    page = client.get(f"/imports/{body['id']}/")
    assert page.status_code == 200
    assert "Unknown type &#x27;spaceship&#x27;" in page.content.decode()
    assert "Import all" not in page.content.decode()


def test_the_writer_writes_all_rows_or_none(cast) -> None:  # type: ignore[no-untyped-def]
    rows = [
        ImportRow(2, {"name": "First New", "country": "FR"}),
        ImportRow(3, {"name": "Second New", "country": "Atlantis"}),
    ]
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as raised:
        import_organisation_rows(cluster=cast.cluster, rows=rows, columns={"country": "Land"})
    assert raised.value.message_dict["rows"] == [
        "Row 3, column 'Land': Unknown country 'Atlantis': use an ISO 3166 two-letter code such as DE."
    ]
    assert Organisation.objects.count() == before
    result = import_organisation_rows(cluster=cast.cluster, rows=rows[:1], columns={})
    assert (result.created, result.members_added) == (1, 1)


def test_an_xlsx_through_the_page_with_its_columns_mapped(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    rows = [
        ["Firma", "Land", "Art"],
        ["Nordlicht Sensorik", "DE", "SME"],
        ["Mecca Tronica", "FR", "SME"],
    ]
    client.force_login(cast.cluster_manager)
    slug = cast.other_cluster.slug
    profile = client.get(f"/directory/organisations/{slug}/").content.decode()
    assert f"/imports/?cluster={slug}" in profile  # the manager's way in
    form = client.get(f"/imports/?cluster={slug}").content.decode()
    assert f'<option value="{slug}" selected>' in form
    response = client.post(
        "/imports/",
        {"cluster": cast.other_cluster.slug, "file": _file("liste.xlsx", as_xlsx(rows))},
    )
    assert response.status_code == 302
    organisation_import = OrganisationImport.objects.get()
    assert organisation_import.file_format == "xlsx"
    assert organisation_import.columns == ["Firma", "Land", "Art"]
    run_queued_tasks()
    organisation_import.refresh_from_db()
    # no column is named like the name or the country: one problem each, on the header row
    # kept as message and values (core.stored_text), worded where shown
    assert [
        {**problem, "message": stored_text.english(problem["message"])}
        for problem in organisation_import.problems
    ] == [
        {"row": 1, "column": "", "message": "No column holds the name: choose it under Columns."},
        {
            "row": 1,
            "column": "",
            "message": "No column holds the country: choose it under Columns.",
        },
    ]
    # map the columns on the page; the file is checked again
    url = f"/imports/{organisation_import.pk}/"
    missing = client.post(url + "mapping/", {"name": "Firma"})
    assert missing.status_code == 400
    response = client.post(url + "mapping/", {"name": "Firma", "country": "Land", "kind": "Art"})
    assert response.status_code == 302
    run_queued_tasks()
    page = client.get(url).content.decode()
    assert "Nordlicht Sensorik" in page
    assert "Import all 2 rows" in page
    assert client.post(url + "import/").status_code == 302
    run_queued_tasks()
    assert "Imported: 2 new organisations" in client.get(url).content.decode()
    assert Organisation.objects.get(name="Nordlicht Sensorik").country_id == "DE"


def test_a_cordis_organisation_export_is_imported_once_per_pic(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    load_countries()
    records = json.loads(SAMPLE.read_text(encoding="utf-8"))
    pics = {str(record["organisationID"]) for record in records}
    token = token_for(cast.coordinator)
    body = upload(client, token, cast.cluster.slug, "organization.json", SAMPLE.read_bytes()).json()
    assert body["file_format"] == "cordis"
    run_queued_tasks()
    checked = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert checked["problem_count"] == 0, checked
    assert checked["rows_total"] == len(pics) == checked["new_count"]
    client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    run_queued_tasks()
    imported = Organisation.objects.filter(source=DataSource.CORDIS)
    assert set(imported.values_list("source_reference", flat=True)) == pics
    first = records[0]
    organisation = imported.get(source_reference=str(first["organisationID"]))
    assert organisation.name == first["name"]
    assert organisation.country_id == {"UK": "GB", "EL": "GR"}.get(
        first["country"], first["country"]
    )
    assert "CORDIS legal entity type" in organisation.description
    assert organisation.source_vintage.startswith("CORDIS export of 20")
    # every participation is kept for the collaboration network's project ties
    assert set(CordisParticipation.objects.values_list("project_id", "project_acronym", "pic")) == {
        (str(r["projectID"]), r["projectAcronym"], str(r["organisationID"])) for r in records
    }
    greek = [r for r in records if r["country"] == "EL"]
    assert imported.get(source_reference=str(greek[0]["organisationID"])).country_id == "GR"
    # the same export again: every organisation is found by its PIC
    again = upload(
        client, token, cast.cluster.slug, "organization.json", SAMPLE.read_bytes()
    ).json()
    run_queued_tasks()
    second = client.get(f"{API}/{again['id']}", headers={"authorization": token}).json()
    assert (second["new_count"], second["already_member_count"]) == (0, len(pics))
    assert {plan["reason"] for plan in second["preview"]} == {"same_reference"}


@pytest.mark.parametrize("who", ["sme_member", "outsider"])
def test_only_managers_coordinators_and_administrators_import(
    cast, client: Client, token_for, who: str
) -> None:  # type: ignore[no-untyped-def]
    response = upload(
        client, token_for(getattr(cast, who)), cast.cluster.slug, "m.csv", as_csv(GOOD)
    )
    assert response.status_code == 403
    assert not OrganisationImport.objects.exists()
    assert (
        upload(client, "Bearer nope", cast.cluster.slug, "m.csv", as_csv(GOOD)).status_code == 401
    )
    assert (
        upload(
            client, token_for(cast.administrator), cast.cluster.slug, "m.csv", as_csv(GOOD)
        ).status_code
        == 201
    )
    # into an organisation that is not a cluster: refused
    assert (
        upload(
            client, token_for(cast.coordinator), cast.sme.slug, "m.csv", as_csv(GOOD)
        ).status_code
        == 403
    )
    assert (
        upload(client, token_for(cast.coordinator), "no-such", "m.csv", as_csv(GOOD)).status_code
        == 404
    )


def test_another_persons_import_is_not_found_by_changing_the_id(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    mine = upload(
        client, token_for(cast.coordinator), cast.cluster.slug, "m.csv", as_csv(GOOD)
    ).json()
    run_queued_tasks()
    other = token_for(cast.cluster_manager)
    url = f"{API}/{mine['id']}"
    assert client.get(url, headers={"authorization": other}).status_code == 404
    assert client.get(url + "/problems", headers={"authorization": other}).status_code == 404
    assert (
        client.put(
            url + "/mapping",
            {"mapping": {"name": "Type", "country": "Country"}},
            content_type="application/json",
            headers={"authorization": other},
        ).status_code
        == 404
    )
    assert client.post(url + "/import", headers={"authorization": other}).status_code == 404
    assert client.get(f"{API}/not-a-uuid", headers={"authorization": other}).status_code == 404
    listed = client.get(API, headers={"authorization": other}).json()
    assert listed["count"] == 0
    client.force_login(cast.cluster_manager)
    assert client.get(f"/imports/{mine['id']}/").status_code == 404
    assert client.post(f"/imports/{mine['id']}/import/").status_code == 404
    assert OrganisationImport.objects.get().status == ImportStatus.CHECKED


def test_bad_files_and_bad_mappings_are_refused_with_the_fix(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    empty = upload(client, token, cast.cluster.slug, "empty.csv", b"")
    assert empty.status_code in (400, 422)
    broken = upload(client, token, cast.cluster.slug, "x.xlsx", b"PK\x03\x04not a zip")
    assert broken.status_code == 400
    assert "XLSX" in broken.json()["errors"]["file"][0]
    twice = upload(client, token, cast.cluster.slug, "t.csv", b"name,name\na,b\n")
    assert twice.json()["errors"]["file"] == [
        "The header names the column 'name' twice: rename one of them."
    ]
    # in the requester's language, as the other errors
    german = client.post(
        API,
        {"cluster": cast.cluster.slug, "file": _file("t.csv", b"name,name\na,b\n")},
        headers={"authorization": token, "accept-language": "de"},
    )
    with translation.override("de"):
        expected = translation.gettext(
            "The header names the column %(name)r twice: rename one of them."
        ) % {"name": "name"}
    assert german.json()["errors"]["file"] == [expected]
    assert "twice" not in expected
    not_cordis = upload(client, token, cast.cluster.slug, "x.json", b'{"a": 1}')
    assert "CORDIS" in not_cordis.json()["errors"]["file"][0]
    assert not OrganisationImport.objects.exists()
    body = upload(client, token, cast.cluster.slug, "m.csv", as_csv(GOOD)).json()
    url = f"{API}/{body['id']}/mapping"
    response = client.put(
        url,
        {"mapping": {"name": "Nope", "colour": "Type", "city": "City", "website": "City"}},
        content_type="application/json",
        headers={"authorization": token},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "no column 'Nope'" in errors["name"][0]
    assert "Unknown field 'colour'" in errors["colour"][0]
    assert "country" in errors
    assert "chosen for city already" in errors["website"][0]
    assert OrganisationImport.objects.get().mapping == body["mapping"]  # unchanged
    # importing before the check is refused
    early = client.post(f"{API}/{body['id']}/import", headers={"authorization": token})
    assert early.status_code == 400


def test_the_page_lists_ones_imports_and_the_xlsx_reader_reads_back(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    content = as_xlsx(GOOD)
    assert [
        [c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()
    ][1][0] == GOOD[1][0]  # type: ignore[union-attr]
    client.force_login(cast.outsider)
    page = client.get("/imports/")
    assert page.status_code == 200
    assert "You manage no cluster" in page.content.decode()
    refused = client.post(
        "/imports/", {"cluster": cast.cluster.slug, "file": _file("m.csv", as_csv(GOOD))}
    )
    assert refused.status_code == 400  # not one of the form's choices
    assert client.get("/imports/").status_code == 200
    # an administrator manages no cluster but may import into any: the cluster's page leads in
    client.force_login(cast.administrator)
    assert cast.cluster.name not in client.get("/imports/").content.decode()
    page = client.get(f"/imports/?cluster={cast.cluster.slug}").content.decode()
    assert f'<option value="{cast.cluster.slug}" selected>' in page
    uploaded = client.post(
        "/imports/", {"cluster": cast.cluster.slug, "file": _file("m.csv", as_csv(GOOD))}
    )
    assert uploaded.status_code == 302
    client.logout()
    assert client.get("/imports/").status_code == 302  # sign in first


def test_a_persons_imports_are_in_their_data_download(cast, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    upload(client, token, cast.cluster.slug, "mine.csv", as_csv(GOOD))
    data = client.get("/api/v1/accounts/me/data", headers={"authorization": token}).json()
    imports = data["imports"]["organisation_imports"]
    assert [(item["file_name"], item["cluster__slug"]) for item in imports] == [
        ("mine.csv", cast.cluster.slug)
    ]


def test_the_check_shows_its_progress_on_the_page_and_in_the_api(
    cast, client: Client, token_for, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """While the worker checks, what it stored so far is what the page (polled by htmx) and the
    API show: rows checked of all, as a percentage."""
    from crosscluster.imports import jobs

    rows = [["Organisation name", "Country"]] + [[f"Progress Org {n}", "FR"] for n in range(4500)]
    token = token_for(cast.coordinator)
    body = upload(client, token, cast.cluster.slug, "many.csv", as_csv(rows)).json()
    page = Client()
    page.force_login(cast.coordinator)
    seen: list[tuple[int, int, str]] = []
    real_check = jobs.check_organisation_rows

    def watched_check(**arguments):  # type: ignore[no-untyped-def]
        store = arguments["on_progress"]

        def on_progress(done: int) -> None:
            store(done)  # the job's own writer, then look as a person would
            api = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
            html = page.get(
                reverse("imports:detail", args=[body["id"]]), headers={"HX-Request": "true"}
            ).content.decode()
            shown = re.search(r'<progress class="progress" max="100" value="(\d+)"', html)
            assert shown
            assert 'hx-trigger="every 1s"' in html  # the page keeps polling
            seen.append((api["rows_checked"], api["progress_percent"], shown.group(1)))

        return real_check(**{**arguments, "on_progress": on_progress})

    monkeypatch.setattr(jobs, "check_organisation_rows", watched_check)
    assert run_queued_tasks() == 1
    assert seen == [(2000, 44, "44"), (4000, 89, "89"), (4500, 100, "100")]
    done = client.get(f"{API}/{body['id']}", headers={"authorization": token}).json()
    assert (done["status"], done["rows_checked"], done["progress_percent"]) == (
        "checked",
        4500,
        100,
    )
