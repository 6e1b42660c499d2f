"""The directory's search results as a list (CSV, XLSX) through the exports worker: the page
offers it for the search shown, the file holds exactly the organisations the search finds."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from crosscluster.core.tasks import run_queued_tasks
from tests.cast import make_organisation
from tests.list_files import make_list_file

pytestmark = pytest.mark.django_db


def make_file(client: Client, subject: str, file_format: str) -> bytes:
    return make_list_file(client, "directory.organisations", subject, file_format)


def test_the_search_shown_is_the_list_downloaded(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    make_organisation("=HYPERLINK(evil) Robotics", country=cast.cluster.country, city="Lyon")
    page = client.get("/directory/", {"country": "FR", "type": "sme"}).content.decode()
    subject = re.search(r'name="subject" value="([^"]*)"', page)
    assert subject is not None
    assert subject.group(1) == "country=FR&amp;type=sme"
    content = make_file(client, "country=FR&type=sme", "csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == ["'=HYPERLINK(evil) Robotics", "Vision Systems SME"]
    assert rows[1]["country"] == "France"
    assert rows[1]["profile"] == f"/directory/organisations/{cast.sme.slug}/"
    workbook = load_workbook(io.BytesIO(make_file(client, "country=FR&type=sme", "xlsx")))
    sheet = workbook.active
    assert sheet is not None
    cell = sheet.cell(row=2, column=1)
    assert (cell.value, cell.data_type) == ("=HYPERLINK(evil) Robotics", "s")  # text, not a formula
    assert sheet.cell(row=3, column=1).value == "Vision Systems SME"
    # the whole directory (no filter): every organisation
    everything = list(csv.DictReader(io.StringIO(make_file(client, "", "csv").decode("utf-8-sig"))))
    assert len(everything) == 5


def test_unknown_values_are_not_exported(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    refused = client.post(
        "/exports/", {"kind": "directory.organisations", "subject": "country=ZZ", "format": "csv"}
    )
    assert refused.status_code in (403, 404)


def test_the_directory_filtered_by_a_partnership_is_a_list_on_the_page_and_the_api(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    """The partnership's partners and the members of its partner clusters, as the search shows
    them; a partnership the requester may not see is refused, page and API alike."""
    slug = cast.partnership.slug
    page = client.get("/directory/", {"partnership": slug}).content.decode()
    assert 'data-testid="organisations-export"' in page
    subject = re.search(r'name="subject" value="([^"]*)"', page)
    assert subject is not None
    assert subject.group(1) == f"partnership={slug}"
    shown = set(re.findall(r'href="/directory/organisations/([^/"]+)/"', page))
    rows = list(
        csv.DictReader(
            io.StringIO(make_file(client, f"partnership={slug}", "csv").decode("utf-8-sig"))
        )
    )
    names = {row["name"] for row in rows}
    assert names == {cast.cluster.name, cast.other_cluster.name, cast.sme.name}
    assert cast.other_sme.name not in names  # in the directory, not in the partnership
    assert {row["profile"].split("/")[-2] for row in rows} <= shown | {""}
    # the API: the exports endpoint takes the same subject, narrowed further by a filter
    token = token_for(cast.outsider)
    asked = client.post(
        "/api/v1/exports",
        {
            "kind": "directory.organisations",
            "subject": f"partnership={slug}&type=sme",
            "format": "csv",
        },
        content_type="application/json",
        headers={"authorization": token},
    )
    assert asked.status_code == 202, asked.content
    run_queued_tasks()
    export_id = asked.json()["id"]
    content = client.get(
        f"/api/v1/exports/{export_id}/file", headers={"authorization": token}
    ).content
    assert [row["name"] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))] == [
        cast.sme.name
    ]
    # hidden from visitors and outsiders: refused, nothing queued
    cast.partnership.is_public = False
    cast.partnership.save()
    refused = client.post(
        "/exports/",
        {"kind": "directory.organisations", "subject": f"partnership={slug}", "format": "csv"},
    )
    assert refused.status_code in (403, 404)
    hidden = client.post(
        "/api/v1/exports",
        {"kind": "directory.organisations", "subject": f"partnership={slug}", "format": "csv"},
        content_type="application/json",
        headers={"authorization": token},
    )
    assert hidden.status_code in (403, 404)
    assert run_queued_tasks() == 0
    # its coordinator still gets it
    client.force_login(cast.coordinator)
    rows = list(
        csv.DictReader(
            io.StringIO(make_file(client, f"partnership={slug}", "csv").decode("utf-8-sig"))
        )
    )
    assert len(rows) == 3


def test_the_list_is_headed_in_the_language_it_was_asked_in(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    """Asked on a German page, the file's heading row and sheet are German (the export records
    the language at request time; the worker renders in it)."""
    from django.utils import translation

    with translation.override("en"):  # the German request leaves German active: not beyond
        asked = client.post(
            "/de/exports/", {"kind": "directory.organisations", "subject": "", "format": "xlsx"}
        )
        assert asked.status_code == 302, asked.content
        run_queued_tasks()
        workbook = load_workbook(io.BytesIO(client.get(asked["Location"] + "file/").content))
    sheet = workbook.active
    assert sheet is not None
    assert sheet.title == "Organisationen"
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Name", "Typ", "Land", "NUTS-Region"]
    assert header[-1] == "Profil"
