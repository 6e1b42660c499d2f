"""Every brokerage download is named in its reader's language, like the partnership's other
documents (``core.documents.names``): the partnership's short name, the session's (its event's
address name), then the document's words; read back from ``Content-Disposition`` (the ASCII
``filename`` and the UTF-8 ``filename*``) and from the reminder e-mail's attachment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from crosscluster.brokerage import documents
from crosscluster.brokerage.tests.factories import sign
from crosscluster.brokerage.tests.test_documents import login, published
from crosscluster.brokerage.tests.test_reminders import START, publish, world
from tests.list_files import download_file, file_names

pytestmark = pytest.mark.django_db
__all__ = ["published", "world"]  # the fixtures, shared with the documents' and reminders' tests

#: the test partnership's acronym and the session's event's address name
STEM = "TDA-brokerage-event-in-milan"


def test_the_agenda_pdf_is_named_in_the_readers_language(cast, published) -> None:  # type: ignore[no-untyped-def]
    _session, ada, _carla, _meeting = published
    client = Client()
    login(client, cast.sme_member)
    german = download_file(client, "brokerage.agenda", str(ada.pk), "pdf", language="de")
    assert german["Content-Type"] == "application/pdf"
    assert file_names(german) == (f"{STEM}-b2b-terminplan-ada-vision.pdf",) * 2
    english = download_file(client, "brokerage.agenda", str(ada.pk), "pdf")
    assert file_names(english) == (f"{STEM}-b2b-agenda-ada-vision.pdf",) * 2


def test_the_agenda_ics_is_named_in_the_language_of_its_address(cast, published) -> None:  # type: ignore[no-untyped-def]
    session, ada, _carla, _meeting = published
    client = Client()
    login(client, cast.sme_member)
    address = f"brokerage/{session.pk}/agenda/{ada.pk}/agenda.ics"
    german = client.get(f"/de/{address}")
    assert german["Content-Type"] == documents.ICS_CONTENT_TYPE
    assert file_names(german) == (f"{STEM}-b2b-terminplan-ada-vision.ics",) * 2
    french = client.get(f"/fr/{address}")
    assert file_names(french) == (f"{STEM}-agenda-b2b-ada-vision.ics",) * 2
    english = client.get(f"/{address}")
    assert file_names(english) == (f"{STEM}-b2b-agenda-ada-vision.ics",) * 2


def test_the_organisers_lists_are_named_in_the_readers_language(cast, published) -> None:  # type: ignore[no-untyped-def]
    session, _ada, _carla, meeting = published
    sign(cast, session, request_id=meeting.request_id, title="Joint pilot")
    organiser = Client()
    organiser.force_login(cast.coordinator)
    subject = str(session.pk)
    german = download_file(organiser, "brokerage.meetings", subject, "xlsx", language="de")
    # the ASCII spelling drops the umlaut; the UTF-8 name keeps it
    assert file_names(german) == (
        f"{STEM}-b2b-gesprache.xlsx",
        f"{STEM}-b2b-gespräche.xlsx",
    )
    english = download_file(organiser, "brokerage.meetings", subject, "csv")
    assert file_names(english) == (f"{STEM}-b2b-meetings.csv",) * 2
    agreements = download_file(organiser, "brokerage.agreements", subject, "csv", language="de")
    assert file_names(agreements) == (f"{STEM}-vereinbarungen.csv",) * 2
    assert "Joint pilot" in agreements.content.decode("utf-8-sig")
    agreements = download_file(organiser, "brokerage.agreements", subject, "xlsx")
    assert file_names(agreements) == (f"{STEM}-agreements.xlsx",) * 2


def test_the_reminders_calendar_file_is_named_in_the_recipients_language(cast, world) -> None:  # type: ignore[no-untyped-def]
    cast.sme_member.language = "de"  # Ada reads German, Carla English
    cast.sme_member.save()
    publish(cast, world["session"])
    documents.send_reminders(now=START - dt.timedelta(days=2))
    sent = {message.to[0]: message for message in mail.outbox}
    [(german, _content, _type)] = sent["member@example.eu"].attachments
    assert german == f"{STEM}-b2b-terminplan-ada.ics"
    [(english, _content, _type)] = sent["outsider@example.eu"].attachments
    assert english == f"{STEM}-b2b-agenda-carla.ics"
    # the body names the file the recipient finds attached
    body = sent["outsider@example.eu"].body
    assert f"The attached calendar file ({english}) adds them to your calendar." in body
    assert f"({german})" in sent["member@example.eu"].body
