"""The organiser page's lists as files (CSV, XLSX): the meetings of the schedule shown and the
agreement register, row for row as the page shows them, for the session's organisers only."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from crosscluster.brokerage import services
from crosscluster.brokerage.documents import lists
from crosscluster.brokerage.tests.factories import NOW, join, make_session, schedule, sign
from crosscluster.core.tasks import run_queued_tasks
from tests.list_files import csv_rows, make_list_file

pytestmark = pytest.mark.django_db


def _one_meeting(cast, recipient: str = "Carla"):  # type: ignore[no-untyped-def]
    """A session whose run scheduled Ada's accepted request to the recipient: session, request,
    run."""
    session = make_session(cast)
    ada = join(session, cast.sme_member, cast.sme, name="Ada")
    carla = join(session, cast.outsider, cast.other_sme, name=recipient)
    request = services.send_request(
        user=cast.sme_member, requester=ada, recipient_id=carla.pk, now=NOW
    )
    services.answer_request(user=cast.outsider, request=request, accept=True, now=NOW)
    return session, request, schedule(cast, session, time_limit=1)


def test_the_organisers_meetings_and_agreements_as_files(cast) -> None:  # type: ignore[no-untyped-def]
    session, request, run = _one_meeting(cast, "=Carla")
    assert run.meetings.count() == 1
    sign(cast, session, request_id=request.pk, title="Joint pilot on bottle inspection")
    organiser = Client()
    organiser.force_login(cast.coordinator)
    page = organiser.get(reverse("brokerage:organise", args=[session.pk])).content.decode()
    assert 'data-testid="meetings-export"' in page
    assert 'data-testid="agreements-export"' in page
    shown = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>", page)
    rows = csv_rows(make_list_file(organiser, "brokerage.meetings", str(session.pk), "csv"))
    assert [(row["slot"], row["table"]) for row in rows] == [
        (slot, table) for slot, table, _ in shown
    ]
    assert rows[0]["requester"] == "Ada"
    assert rows[0]["recipient"] == "'=Carla"  # formula-safe
    assert rows[0]["recipient's organisation"] == "Unrelated SME"
    sheet = load_workbook(
        io.BytesIO(make_list_file(organiser, "brokerage.meetings", str(session.pk), "xlsx"))
    ).active
    assert sheet is not None
    assert (sheet.cell(row=2, column=6).value, sheet.cell(row=2, column=6).data_type) == (
        "=Carla",
        "s",
    )
    agreements = csv_rows(make_list_file(organiser, "brokerage.agreements", str(session.pk), "csv"))
    assert [row["title"] for row in agreements] == ["Joint pilot on bottle inspection"]
    assert agreements[0]["signed"] == NOW.date().isoformat()
    assert agreements[0]["kind"] == "Technical cooperation"
    assert set(agreements[0]["signatories"].split("; ")) == {"Unrelated SME", "Vision Systems SME"}
    assert agreements[0]["meeting"] == "Ada - =Carla"
    # participants, strangers and made-up ids get neither
    for user in (cast.sme_member, cast.outsider):
        client = Client()
        client.force_login(user)
        for kind in ("brokerage.meetings", "brokerage.agreements"):
            refused = client.post(
                "/exports/", {"kind": kind, "subject": str(session.pk), "format": "csv"}
            )
            assert refused.status_code in (403, 404)
    for subject in ("999999", "abc"):
        refused = organiser.post(
            "/exports/", {"kind": "brokerage.meetings", "subject": subject, "format": "csv"}
        )
        assert refused.status_code in (403, 404)


def test_the_meetings_xlsx_is_headed_in_the_requesters_language_the_csv_keeps_its_keys(
    cast,  # type: ignore[no-untyped-def]
) -> None:
    """The sheet's name and headings were English keys in every language ("Meetings",
    "locked"; qa6, in the Portuguese export); a CSV keeps them for scripts."""
    session, _request, _run = _one_meeting(cast)
    organiser = Client()
    organiser.force_login(cast.coordinator)
    files = {}
    for file_format in ("csv", "xlsx"):
        asked = organiser.post(
            "/de/exports/",
            {"kind": "brokerage.meetings", "subject": str(session.pk), "format": file_format},
        )
        run_queued_tasks()
        files[file_format] = organiser.get(asked["Location"] + "file/").content
    sheet = load_workbook(io.BytesIO(files["xlsx"])).active
    assert sheet is not None
    assert sheet.title == "Gespräche"
    with translation.override("de"):
        headings = [str(lists.HEADINGS[key]) for key in lists.MEETING_COLUMNS]
    assert [cell.value for cell in sheet[1]] == headings
    assert list(csv_rows(files["csv"])[0]) == lists.MEETING_COLUMNS
