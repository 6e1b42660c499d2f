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


def test_a_partnership_search_or_unknown_values_are_not_exported(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/directory/", {"partnership": cast.partnership.slug}).content.decode()
    assert 'data-testid="organisations-export"' not in page
    refused = client.post(
        "/exports/", {"kind": "directory.organisations", "subject": "country=ZZ", "format": "csv"}
    )
    assert refused.status_code in (403, 404)
    refused = client.post(
        "/exports/",
        {
            "kind": "directory.organisations",
            "subject": f"partnership={cast.partnership.slug}",
            "format": "csv",
        },
    )
    assert refused.status_code in (403, 404)


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
