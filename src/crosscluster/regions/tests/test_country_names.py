"""The S3 guidelines' exports name the coordinator's country in the requester's language
(issue 13, docs/languages.md)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from crosscluster.core.tasks import run_queued_tasks
from crosscluster.regions.tests.helpers import build_guidelines
from crosscluster.strategy.tests.helpers import pdf_text
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def made(client: Client, language: str, slug: str, file_format: str) -> bytes:
    with translation.override(language):
        address = reverse("exports:request")
    asked = client.post(
        address, {"kind": "regions.guidelines", "subject": slug, "format": file_format}
    )
    assert asked.status_code == 302
    run_queued_tasks()
    return client.get(asked["Location"] + "file/").content


def test_the_guidelines_name_the_coordinators_country_in_the_readers_language(cast) -> None:
    build_guidelines(cast)
    client = Client()
    client.login(email=cast.sme_member.email, password=PASSWORD)
    slug = cast.partnership.slug
    document = Document(io.BytesIO(made(client, "de", slug, "docx")))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "(Frankreich)" in text
    assert "(France)" not in text
    pdf = pdf_text(made(client, "sv", slug, "pdf"))
    assert "(Frankrike)" in pdf
    english = Document(io.BytesIO(made(client, "en", slug, "docx")))
    assert "(France)" in "\n".join(paragraph.text for paragraph in english.paragraphs)
