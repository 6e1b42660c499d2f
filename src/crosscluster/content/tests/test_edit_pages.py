"""Coordinators write news and documents on the site; nobody else can, even by changing ids."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.content.models import Document, NewsPost
from crosscluster.content.tests import samples
from crosscluster.content.tests.helpers import (
    make_document,
    make_news,
    make_other_partnership,
    stored_files,
)
from crosscluster.content.tests.samples import upload
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db

OTHERS = ["cluster_manager", "sme_member", "outsider"]


def news_form(**changes: str) -> dict[str, str]:
    data = {
        "title": "DIA is Ambassador Cluster at the ISWC 2019",
        "body_markdown": "We are **ambassadors**.",
        "published_at": "2019-10-14T10:00",
        "visibility": "public",
        "source_url": "https://www.clustercollaboration.eu/news/dia-ambassador",
    }
    data.update(changes)
    return data


def document_form(file, **changes: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "file": file,
        "title": "Brochure",
        "kind": "presentation",
        "document_date": "2019-11-14",
        "version": "1.0",
        "visibility": "partnership",
    }
    data.update(changes)
    return data


def login(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(email=user.email, password=PASSWORD)


def test_coordinator_writes_edits_and_deletes_news(cast, client: Client) -> None:
    login(client, cast.coordinator)
    create = reverse("content:news_create", args=[cast.partnership.slug])
    assert client.get(create).status_code == 200
    response = client.post(create, news_form())
    post = NewsPost.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "content:news_detail", args=[cast.partnership.slug, post.slug]
    )
    assert post.body_html == "<p>We are <strong>ambassadors</strong>.</p>"
    assert post.author == cast.coordinator
    assert post.published_at.isoformat() == "2019-10-14T10:00:00+00:00"

    edit = reverse("content:news_edit", args=[cast.partnership.slug, post.slug])
    page = client.get(edit).content.decode()
    assert 'value="2019-10-14T10:00"' in page
    assert client.post(edit, news_form(body_markdown="*Updated*")).status_code == 302
    post.refresh_from_db()
    assert post.body_html == "<p><em>Updated</em></p>"

    delete = reverse("content:news_delete", args=[cast.partnership.slug, post.slug])
    assert client.get(delete).status_code == 200
    assert NewsPost.objects.exists()  # a GET only asks
    assert client.post(delete).status_code == 302
    assert not NewsPost.objects.exists()


def test_an_empty_publication_time_means_now(cast, client: Client) -> None:
    login(client, cast.coordinator)
    client.post(
        reverse("content:news_create", args=[cast.partnership.slug]),
        news_form(published_at=""),
    )
    post = NewsPost.objects.get()
    assert post.published_at.year >= 2025


@pytest.mark.parametrize("who", OTHERS)
def test_others_get_403_on_news_pages(cast, client: Client, who: str) -> None:
    post = make_news(cast.partnership, "Kept")
    login(client, getattr(cast, who))
    slug = cast.partnership.slug
    create = reverse("content:news_create", args=[slug])
    edit = reverse("content:news_edit", args=[slug, post.slug])
    delete = reverse("content:news_delete", args=[slug, post.slug])
    for url in (create, edit, delete):
        assert client.get(url).status_code == 403, url
    assert client.post(create, news_form(title="Hijack")).status_code == 403
    assert client.post(edit, news_form(title="Hijack")).status_code == 403
    assert client.post(delete).status_code == 403
    assert list(NewsPost.objects.values_list("title", flat=True)) == ["Kept"]


def test_a_coordinator_cannot_edit_another_partnerships_news(cast, client: Client) -> None:
    other, _ = make_other_partnership(cast)
    theirs = make_news(other, "Their news")
    login(client, cast.coordinator)
    # changing the partnership in the address
    assert client.get(reverse("content:news_create", args=[other.slug])).status_code == 403
    url = reverse("content:news_edit", args=[other.slug, theirs.slug])
    assert client.post(url, news_form(title="Hijack")).status_code == 403
    # their post under our partnership's address does not exist
    url = reverse("content:news_edit", args=[cast.partnership.slug, theirs.slug])
    assert client.post(url, news_form(title="Hijack")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Their news"


def test_anonymous_visitors_are_sent_to_log_in(cast, client: Client) -> None:
    post = make_news(cast.partnership)
    document = make_document(cast.partnership)
    slug = cast.partnership.slug
    for url in (
        reverse("content:news_create", args=[slug]),
        reverse("content:news_edit", args=[slug, post.slug]),
        reverse("content:news_delete", args=[slug, post.slug]),
        reverse("content:document_create", args=[slug]),
        reverse("content:document_edit", args=[document.pk]),
        reverse("content:document_delete", args=[document.pk]),
    ):
        response = client.post(url, {})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert NewsPost.objects.count() == Document.objects.count() == 1


def test_news_form_errors_name_the_field(cast, client: Client) -> None:
    login(client, cast.coordinator)
    response = client.post(
        reverse("content:news_create", args=[cast.partnership.slug]),
        news_form(title=" ", source_url="ftp://files.example.eu/news"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_title_error"' in html
    assert "Give a title." in html
    assert "starting with https://" in html
    assert not NewsPost.objects.exists()


def test_coordinator_uploads_edits_and_deletes_a_document(
    cast, client: Client, private_media, django_capture_on_commit_callbacks
) -> None:
    login(client, cast.coordinator)
    create = reverse("content:document_create", args=[cast.partnership.slug])
    page = client.get(create).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "up to 20 MB" in page
    content = samples.pptx_bytes()
    response = client.post(create, document_form(upload("visit.pptx", content)))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type.endswith("presentationml.presentation")
    assert (document.title, document.visibility, document.uploaded_by) == (
        "Brochure",
        "partnership",
        cast.coordinator,
    )

    edit = reverse("content:document_edit", args=[document.pk])
    assert "Current file: visit.pptx" in client.get(edit).content.decode()
    response = client.post(edit, document_form(b"", title="Brochure (final)", version="2.0"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.version) == ("Brochure (final)", "2.0")
    assert document.size_bytes == len(content)  # the file was kept

    delete = reverse("content:document_delete", args=[document.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete).status_code == 302
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_upload_error_names_the_field_and_the_fix(cast, client: Client, private_media) -> None:
    login(client, cast.coordinator)
    response = client.post(
        reverse("content:document_create", args=[cast.partnership.slug]),
        document_form(upload("logo.png", samples.SVG, "image/png")),
    )
    assert response.status_code == 200
    html = response.content.decode()
    error_at = html.index('id="id_file_error"')
    assert html.index('for="id_file"') < error_at
    assert "export the image as PNG" in html[error_at:]
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_upload_without_a_file_names_the_field(cast, client: Client) -> None:
    login(client, cast.coordinator)
    data = document_form(None)
    del data["file"]
    response = client.post(reverse("content:document_create", args=[cast.partnership.slug]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_file_error"' in html
    assert "Choose the file to upload" in html


@pytest.mark.parametrize("who", OTHERS)
def test_others_get_403_on_document_pages(cast, client: Client, who: str, private_media) -> None:
    document = make_document(cast.partnership, "Kept")
    login(client, getattr(cast, who))
    create = reverse("content:document_create", args=[cast.partnership.slug])
    edit = reverse("content:document_edit", args=[document.pk])
    delete = reverse("content:document_delete", args=[document.pk])
    for url in (create, edit, delete):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(create, document_form(upload("a.pdf", samples.pdf_bytes()))).status_code == 403
    )
    assert client.post(edit, document_form(b"", title="Hijack")).status_code == 403
    assert client.post(delete).status_code == 403
    assert list(Document.objects.values_list("title", flat=True)) == ["Kept"]
    assert len(stored_files(private_media)) == 1


def test_changing_the_document_id_gives_403_or_404_never_access(cast, client: Client) -> None:
    other, _ = make_other_partnership(cast)
    public = make_document(other, "Their public report")
    private = make_document(other, "Their private plan", visibility="private")
    login(client, cast.coordinator)
    # visible but not ours: forbidden
    assert (
        client.post(
            reverse("content:document_edit", args=[public.pk]), document_form(b"", title="x")
        ).status_code
        == 403
    )
    assert client.post(reverse("content:document_delete", args=[public.pk])).status_code == 403
    # not even visible: not found, like an id that does not exist
    assert client.post(reverse("content:document_delete", args=[private.pk])).status_code == 404
    assert (
        client.post(reverse("content:document_delete", args=[private.pk + 99])).status_code == 404
    )
    assert Document.objects.count() == 2


def test_a_large_upload_spooled_to_disk_is_stored_whole(
    cast, client: Client, settings, private_media
) -> None:
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # Django writes bigger uploads to a temp file
    content = samples.pdf_bytes(padding=512 * 1024)
    login(client, cast.coordinator)
    response = client.post(
        reverse("content:document_create", args=[cast.partnership.slug]),
        document_form(upload("annual-report.pdf", content), visibility="public"),
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.size_bytes == len(content)
    downloaded = client.get(reverse("content:document_download", args=[document.pk]))
    assert b"".join(downloaded.streaming_content) == content
