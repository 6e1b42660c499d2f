"""Agendas as ICS and PDF files, read back; the table plan for the venue."""

from __future__ import annotations

import datetime as dt
import re
import zlib

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from crosscluster.brokerage import services
from crosscluster.brokerage.tests.factories import NOW, colleague, join, make_session, schedule
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.exports.models import Export, ExportFile, ExportStatus
from crosscluster.strategy.tests.helpers import pdf_text
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast):  # type: ignore[no-untyped-def]
    session = make_session(cast, video_url="https://video.example.eu/b2b-{table}")
    ada = join(session, cast.sme_member, cast.sme, name="Ada Vision")
    carla = join(session, cast.outsider, cast.other_sme, name="Carla Unrelated", is_online=True)
    bob = join(session, colleague(cast.sme, "bob@example.eu"), cast.sme, name="Bob Vision")
    request = services.send_request(
        user=cast.sme_member,
        requester=ada,
        recipient_id=carla.pk,
        delegate_id=bob.pk,
        message="Machine vision for your line",
        now=NOW,
    )
    services.answer_request(user=cast.outsider, request=request, accept=True, now=NOW)
    run = schedule(cast, session, time_limit=1)
    services.publish_run(user=cast.coordinator, run=run, now=NOW)
    return session, ada, carla, run.meetings.get()


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def ask_agenda(client: Client, participant, language: str = ""):  # type: ignore[no-untyped-def]
    """Press the agenda page's PDF button (a form posted to the exports app)."""
    with translation.override(language or "en"):
        address = reverse("exports:request")
    return client.post(
        address, {"kind": "brokerage.agenda", "subject": str(participant.pk), "format": "pdf"}
    )


def agenda_pdf(client: Client, participant, language: str = "") -> bytes:  # type: ignore[no-untyped-def]
    """The agenda PDF as its reader gets it: asked for with the agenda page's button (in the
    page's language: ``de`` posts to ``/de/exports/``), made by the worker, downloaded."""
    asked = ask_agenda(client, participant, language)
    assert asked.status_code == 302, asked.content.decode()[:500]
    run_queued_tasks()
    download = client.get(asked["Location"] + "file/")
    assert download.status_code == 200, download
    assert download["Content-Type"] == "application/pdf"
    return download.content


def test_the_agenda_ics_has_one_event_per_meeting_in_utc_with_table_and_party(
    cast, client: Client, published
) -> None:
    session, ada, _carla, meeting = published
    login(client, cast.sme_member)
    response = client.get(reverse("brokerage:agenda_ics", args=[session.pk, ada.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert vevent.decoded("dtstart") == meeting.slot.start_at
    assert vevent.decoded("dtstart").tzinfo is not None
    assert vevent.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert "DTSTART:20260303T" in response.content.decode()
    summary = str(vevent["summary"])
    assert "Carla Unrelated (Unrelated SME)" in summary
    assert "Bob Vision (Vision Systems SME)" in summary  # the colleague joins: 3 people
    assert f"Table {meeting.table}" in summary
    # Carla meets by video: the link of the table is the location.
    assert str(vevent["location"]) == f"https://video.example.eu/b2b-{meeting.table}"
    assert str(vevent["url"]).endswith(reverse("brokerage:agenda", args=[session.pk, ada.pk]))


def _pdf_objects(data: bytes) -> str:
    """A WeasyPrint PDF's objects, decompressed (it packs them in Flate object streams)."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(chunks)


def test_the_agenda_pdf_is_a_real_pdf(cast, client: Client, published) -> None:
    session, ada, _carla, _meeting = published
    login(client, cast.sme_member)
    page = client.get(reverse("brokerage:agenda", args=[session.pk, ada.pk])).content.decode()
    assert 'name="kind" value="brokerage.agenda"' in page  # the page's button asks the worker
    assert f'name="subject" value="{ada.pk}"' in page
    body = agenda_pdf(client, ada)
    assert body.startswith(b"%PDF-")
    assert body.rstrip().endswith(b"%%EOF")
    objects = _pdf_objects(body)
    assert "/Type /Pages/Kids [" in objects
    assert "/Count 1>>" in objects
    assert "/Title (B2B agenda: Ada Vision)" in objects
    export = Export.objects.get()
    assert (export.kind, export.subject, export.filename) == (
        "brokerage.agenda",
        str(ada.pk),
        "TDA-brokerage-event-in-milan-b2b-agenda-ada-vision.pdf",
    )


def test_the_agenda_pdf_is_made_by_the_worker_not_in_the_request(
    cast, client: Client, published
) -> None:
    session, ada, _carla, _meeting = published
    login(client, cast.sme_member)
    asked = ask_agenda(client, ada)
    export = Export.objects.get()
    assert asked["Location"] == reverse("exports:status", args=[export.pk])
    assert (export.status, export.file_id) == (ExportStatus.QUEUED, None)
    assert client.get(asked["Location"]).status_code == 200
    status = client.get(asked["Location"]).content.decode()
    assert reverse("brokerage:agenda", args=[session.pk, ada.pk]) in status  # back to the agenda


def test_the_old_pdf_address_asks_for_the_export_and_goes_to_its_status_page(
    cast, client: Client, published
) -> None:
    session, ada, _carla, _meeting = published
    login(client, cast.sme_member)
    old = reverse("brokerage:agenda_pdf", args=[session.pk, ada.pk])
    first = client.get(old)
    export = Export.objects.get()
    assert (first.status_code, first["Location"]) == (
        302,
        reverse("exports:status", args=[export.pk]),
    )
    assert client.get(old)["Location"] == first["Location"]  # still being made: the same one
    run_queued_tasks()
    assert client.get(first["Location"] + "file/").content.startswith(b"%PDF-")
    # Unchanged agenda: the same finished export again, nothing made twice.
    assert client.get(old)["Location"] == first["Location"]
    assert (Export.objects.count(), ExportFile.objects.count()) == (1, 1)
    assert client.post(old).status_code == 405  # a link, not a form


def test_the_organiser_gets_the_participants_file_not_a_copy(
    cast, client: Client, published
) -> None:
    _session, ada, _carla, _meeting = published
    login(client, cast.sme_member)
    mine = agenda_pdf(client, ada)
    login(client, cast.coordinator)  # organisers may read every agenda of their sessions
    theirs = agenda_pdf(client, ada)
    assert mine == theirs
    assert Export.objects.count() == 2
    assert ExportFile.objects.count() == 1  # one file on disk, referred to twice


def test_a_changed_agenda_is_made_again(cast, client: Client, published) -> None:
    _session, ada, _carla, _meeting = published
    login(client, cast.sme_member)
    agenda_pdf(client, ada)
    ada.display_name = "Ada V. Vision"
    ada.save()
    assert "Ada V. Vision" in pdf_text(agenda_pdf(client, ada))
    assert ExportFile.objects.count() == 2


def test_an_agenda_the_worker_may_no_longer_show_fails_clearly(
    cast, client: Client, published
) -> None:
    _session, ada, _carla, _meeting = published
    login(client, cast.sme_member)
    asked = ask_agenda(client, ada)
    # the registration changed hands before the worker ran
    type(ada).objects.filter(pk=ada.pk).update(user=cast.cluster_manager)
    run_queued_tasks()
    export = Export.objects.get()
    assert (export.status, export.file_id) == (ExportStatus.FAILED, None)
    assert "You may no longer export this" in client.get(asked["Location"]).content.decode()


def test_the_api_asks_for_the_agenda_pdf(cast, published, token_for) -> None:
    _session, ada, carla, _meeting = published
    api = Client()
    headers = {"Authorization": token_for(cast.sme_member)}
    body = {"kind": "brokerage.agenda", "subject": str(ada.pk), "format": "pdf"}
    asked = api.post("/api/v1/exports", body, content_type="application/json", headers=headers)
    assert asked.status_code == 202, asked.content
    assert asked.json()["status"] == "queued"
    run_queued_tasks()
    status = api.get(asked.json()["status_url"], headers=headers).json()
    assert status["status"] == "done"
    assert api.get(status["download_url"], headers=headers).content.startswith(b"%PDF-")
    # Someone else's agenda, an id that is no participant, or not a number: 404, nothing asked.
    for subject in (str(carla.pk), "987654", "ada"):
        refused = api.post(
            "/api/v1/exports",
            {**body, "subject": subject},
            content_type="application/json",
            headers=headers,
        )
        assert refused.status_code == 404, (subject, refused.content)
    docx = api.post(
        "/api/v1/exports",
        {**body, "format": "docx"},
        content_type="application/json",
        headers=headers,
    )
    assert docx.status_code == 400
    assert "format" in docx.json()["errors"]
    assert Export.objects.count() == 1


def test_the_table_plan_shows_each_slot_at_the_venue(cast, client: Client, published) -> None:
    session, _ada, _carla, meeting = published
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:tables", args=[session.pk])).content.decode()
    local = meeting.slot.start_at.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert f"{local:%H:%M}" in page  # Milan time (UTC+1 in March)
    for name in ("Ada Vision", "Carla Unrelated", "Bob Vision"):
        assert name in page


def test_someone_elses_agenda_is_not_found(cast, client: Client, published) -> None:
    session, ada, _carla, _meeting = published
    login(client, cast.outsider)
    for name in ("agenda", "agenda_ics", "agenda_pdf"):
        assert (
            client.get(reverse(f"brokerage:{name}", args=[session.pk, ada.pk])).status_code == 404
        )
    asked = ask_agenda(client, ada)
    assert asked.status_code == 404
    assert not Export.objects.exists()
