"""Agendas as ICS and PDF files, read back; the table plan for the venue."""

from __future__ import annotations

import datetime as dt
import re
import zlib

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.brokerage import services
from crosscluster.brokerage.tests.factories import NOW, colleague, join, make_session, schedule
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
    response = client.get(reverse("brokerage:agenda_pdf", args=[session.pk, ada.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF-")
    assert body.rstrip().endswith(b"%%EOF")
    objects = _pdf_objects(body)
    assert "/Type /Pages/Kids [" in objects
    assert "/Count 1>>" in objects
    assert "/Title (B2B agenda: Ada Vision)" in objects


def test_the_table_plan_shows_each_slot_at_the_venue(cast, client: Client, published) -> None:
    session, _ada, _carla, meeting = published
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:tables", args=[session.pk])).content.decode()
    local = meeting.slot.start_at.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert f"{local:%H:%M}" in page  # Milan time (UTC+1 in March)
    for name in ("Ada Vision", "Carla Unrelated", "Bob Vision"):
        assert name in page


def test_someone_elses_agenda_is_not_found(cast, client: Client, published) -> None:
    session, ada, carla, _meeting = published
    login(client, cast.outsider)
    for name in ("agenda", "agenda_ics", "agenda_pdf"):
        assert (
            client.get(reverse(f"brokerage:{name}", args=[session.pk, ada.pk])).status_code == 404
        )
        assert (
            client.get(reverse(f"brokerage:{name}", args=[session.pk, carla.pk])).status_code == 200
        )
    # The right participant under the wrong session is not found either.
    assert (
        client.get(reverse("brokerage:agenda", args=[session.pk + 1, carla.pk])).status_code == 404
    )
    login(client, cast.coordinator)  # organisers read every agenda
    assert client.get(reverse("brokerage:agenda", args=[session.pk, ada.pk])).status_code == 200


def test_a_participant_records_outcomes_and_agreements_from_the_agenda(
    cast, client: Client, published, monkeypatch
) -> None:
    from crosscluster.brokerage.models import Agreement, OutcomeReport

    session, _ada, carla, meeting = published
    login(client, cast.outsider)
    agenda = client.get(reverse("brokerage:agenda", args=[session.pk, carla.pk])).content.decode()
    assert "Record an agreement" in agenda
    # The clock of the request: the afternoon of the event.
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 3, 15, 0, tzinfo=dt.UTC))
    url = reverse("brokerage:report_outcome", args=[session.pk])
    response = client.post(
        url,
        {"request": meeting.request_id, "wave": "six_months", "outcome": "follow_up"},
        follow=True,
    )
    assert "wave: The six-month survey opens on 2026-09-01." in response.content.decode()
    assert not OutcomeReport.objects.exists()
    client.post(url, {"request": meeting.request_id, "wave": "after_event", "outcome": "follow_up"})
    assert OutcomeReport.objects.get().outcome == "follow_up"
    client.post(
        reverse("brokerage:record_agreement", args=[session.pk]),
        {
            "request": meeting.request_id,
            "kind": "research",
            "title": "Joint vision pilot",
            "signed_date": "2026-01-15",
        },
    )
    agreement = Agreement.objects.get()
    assert set(agreement.partners.all()) == {cast.sme, cast.other_sme}
    login(client, cast.coordinator)
    page = client.get(reverse("brokerage:organise", args=[session.pk])).content.decode()
    assert "Joint vision pilot" in page
