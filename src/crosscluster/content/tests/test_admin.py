"""The admin writes through the content services: Markdown sanitised, files deleted, no uploads."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.content.models import Document, NewsPost
from crosscluster.content.tests.helpers import make_document, make_news, stored_files
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(cast, client: Client) -> Client:
    assert client.login(email=cast.administrator.email, password=PASSWORD)
    return client


def news_admin_form(cast, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = {
        "partnership": str(cast.partnership.pk),
        "title": "From the admin",
        "published_at_0": "2019-12-17",
        "published_at_1": "10:00:00",
        "visibility": "public",
        "source_url": "",
        "body_markdown": "**Bold** <script>alert(1)</script>",
        "author": "",
    }
    data.update(changes)
    return data


def test_admin_adds_news_rendered_and_sanitised(cast, admin_client: Client) -> None:
    response = admin_client.post(reverse("admin:content_newspost_add"), news_admin_form(cast))
    assert response.status_code == 302, response.content.decode()[:3000]
    post = NewsPost.objects.get()
    assert post.slug == "from-the-admin"
    assert post.body_html == "<p><strong>Bold</strong> </p>"
    assert post.author == cast.administrator
    page = admin_client.get(reverse("admin:content_newspost_change", args=[post.pk]))
    assert "<strong>Bold</strong>" in page.content.decode()


def test_admin_news_errors_come_from_the_service(cast, admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:content_newspost_add"),
        news_admin_form(cast, source_url="ftp://files.example.eu/x"),
    )
    assert response.status_code == 200
    assert "starting with https://" in response.content.decode()
    assert not NewsPost.objects.exists()


def test_admin_lists_and_edits_document_metadata_but_cannot_upload(
    cast, admin_client: Client
) -> None:
    document = make_document(cast.partnership, "Report")
    assert admin_client.get(reverse("admin:content_document_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:content_document_add")).status_code == 403
    change = reverse("admin:content_document_change", args=[document.pk])
    assert (
        reverse("content:document_download", args=[document.pk])
        in admin_client.get(change).content.decode()
    )
    response = admin_client.post(
        change,
        {
            "title": "Report, final",
            "kind": "deliverable",
            "document_date": "2019-12-17",
            "version": "2.0",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.kind, document.version, document.visibility) == (
        "Report, final",
        "deliverable",
        "2.0",
        "private",
    )


def test_admin_delete_removes_the_file(
    cast, admin_client: Client, private_media, django_capture_on_commit_callbacks
) -> None:
    make_document(cast.partnership, "One")
    make_document(cast.partnership, "Two")
    make_news(cast.partnership)
    ids = [str(pk) for pk in Document.objects.values_list("pk", flat=True)]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:content_document_changelist"),
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert stored_files(private_media) == []
