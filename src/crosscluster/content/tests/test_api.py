"""The content API: reads respect visibility, writes need a coordinator's token."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client

from crosscluster.content.models import Document, NewsPost
from crosscluster.content.tests import samples
from crosscluster.content.tests.helpers import (
    WHEN,
    make_document,
    make_news,
    make_other_partnership,
    stored_files,
)
from crosscluster.content.tests.samples import upload

pytestmark = pytest.mark.django_db

NEWS = "/api/v1/content/news"
DOCUMENTS = "/api/v1/content/documents"


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


# ---------------------------------------------------------------- news reads


def test_news_list_filters_by_partnership_and_since(cast, client: Client) -> None:
    other, _ = make_other_partnership(cast)
    make_news(cast.partnership, "September", published_at=dt.datetime(2019, 9, 30, tzinfo=dt.UTC))
    make_news(cast.partnership, "December", published_at=dt.datetime(2019, 12, 17, tzinfo=dt.UTC))
    make_news(other, "Elsewhere", published_at=dt.datetime(2019, 11, 1, tzinfo=dt.UTC))
    assert titles(client.get(NEWS)) == ["December", "Elsewhere", "September"]
    assert titles(client.get(NEWS, {"partnership": "test-alliance"})) == ["December", "September"]
    assert titles(client.get(NEWS, {"since": "2019-11-01T00:00:00Z"})) == ["December", "Elsewhere"]
    body = client.get(NEWS, {"partnership": "test-alliance", "page": 1}).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["partnership"] == "test-alliance"
    assert first["url"] == f"http://127.0.0.1:8000/content/test-alliance/news/{first['slug']}/"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, ["Public"]),
        ("outsider", ["Public"]),
        ("sme_member", ["Members", "Public"]),
        ("cluster_manager", ["Members", "Public"]),
        ("coordinator", ["Coordinators", "Members", "Public"]),
        ("administrator", ["Coordinators", "Members", "Public"]),
    ],
)
def test_news_reads_follow_visibility_with_a_token(cast, client, token_for, who, expected) -> None:
    make_news(cast.partnership, "Public", published_at=WHEN)
    make_news(
        cast.partnership, "Members", visibility="partnership", published_at=WHEN + dt.timedelta(1)
    )
    make_news(
        cast.partnership, "Coordinators", visibility="private", published_at=WHEN + dt.timedelta(2)
    )
    headers = {"Authorization": token_for(getattr(cast, who))} if who else {}
    assert titles(client.get(NEWS, headers=headers)) == expected


def test_members_of_another_partnership_see_only_its_member_news(cast, client, token_for) -> None:
    other, other_coordinator = make_other_partnership(cast)
    make_news(other, "Their members' news", visibility="partnership")
    make_news(cast.partnership, "Our members' news", visibility="partnership")
    # the cluster manager's cluster is a partner of both partnerships
    headers = {"Authorization": token_for(cast.cluster_manager)}
    assert sorted(titles(client.get(NEWS, headers=headers))) == [
        "Our members' news",
        "Their members' news",
    ]
    headers = {"Authorization": token_for(cast.sme_member)}  # member of ours only
    assert titles(client.get(NEWS, headers=headers)) == ["Our members' news"]
    headers = {"Authorization": token_for(other_coordinator)}
    assert titles(client.get(NEWS, headers=headers)) == ["Their members' news"]


def test_a_bad_token_on_a_read_is_a_401(cast, client: Client) -> None:
    response = client.get(NEWS, headers={"Authorization": "Bearer cc_not-a-real-token"})
    assert response.status_code == 401


def test_one_news_post_and_hidden_ids(cast, client: Client, token_for) -> None:
    public = make_news(cast.partnership, "Public")
    private = make_news(cast.partnership, "Private", visibility="private")
    response = client.get(f"{NEWS}/{public.pk}")
    assert response.status_code == 200
    assert (
        response.json()["body_html"]
        == "<p>The partnership <strong>travelled</strong> to Barcelona.</p>"
    )
    assert client.get(f"{NEWS}/{private.pk}").status_code == 404
    assert client.get(f"{NEWS}/{private.pk + 100}").status_code == 404
    headers = {"Authorization": token_for(cast.coordinator)}
    assert client.get(f"{NEWS}/{private.pk}", headers=headers).json()["title"] == "Private"


# ---------------------------------------------------------------- news writes


def test_coordinator_publishes_changes_and_deletes_news(cast, client: Client, token_for) -> None:
    headers = {"Authorization": token_for(cast.coordinator)}
    response = client.post(
        NEWS,
        {
            "partnership": "test-alliance",
            "title": "DIA project: we #goFOURther",
            "body_markdown": "Go **further** <script>x()</script>",
            "published_at": "2019-12-17T10:00:00+01:00",
            "source_url": "https://www.clustercollaboration.eu/news/gofourther",
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "dia-project-we-gofourther"
    assert body["body_html"] == "<p>Go <strong>further</strong> </p>"
    assert body["published_at"] == "2019-12-17T09:00:00Z"
    news_id = body["id"]

    response = client.patch(
        f"{NEWS}/{news_id}",
        {"visibility": "partnership", "body_markdown": "*Changed*"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["body_html"] == "<p><em>Changed</em></p>"
    assert response.json()["visibility"] == "partnership"
    assert response.json()["title"] == "DIA project: we #goFOURther"

    assert client.delete(f"{NEWS}/{news_id}", headers=headers).status_code == 204
    assert not NewsPost.objects.exists()


def test_news_writes_need_a_coordinators_token(cast, client: Client, token_for) -> None:
    post = make_news(cast.partnership, "Kept")
    _other, other_coordinator = make_other_partnership(cast)
    new = {"partnership": "test-alliance", "title": "Hijack"}
    assert client.post(NEWS, new, content_type="application/json").status_code == 401
    assert client.delete(f"{NEWS}/{post.pk}").status_code == 401
    for user in (cast.outsider, cast.sme_member, cast.cluster_manager, other_coordinator):
        headers = {"Authorization": token_for(user)}
        assert (
            client.post(NEWS, new, content_type="application/json", headers=headers).status_code
            == 403
        )
        response = client.patch(
            f"{NEWS}/{post.pk}",
            {"title": "Hijack"},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 403
        assert client.delete(f"{NEWS}/{post.pk}", headers=headers).status_code == 403
    assert list(NewsPost.objects.values_list("title", flat=True)) == ["Kept"]


def test_news_bad_input_is_a_400_naming_the_field(cast, client: Client, token_for) -> None:
    response = client.post(
        NEWS,
        {"partnership": "test-alliance", "title": "", "visibility": "everyone"},
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["title"] == ["Give a title."]
    assert errors["visibility"][0].startswith("Choose one of: public, partnership, private")
    assert not NewsPost.objects.exists()


def test_news_for_an_unknown_partnership_is_a_404(cast, client: Client, token_for) -> None:
    response = client.post(
        NEWS,
        {"partnership": "no-such-thing", "title": "x"},
        content_type="application/json",
        headers={"Authorization": token_for(cast.coordinator)},
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- documents


def test_document_list_filters_and_one_document_has_a_download_url(cast, client: Client) -> None:
    make_document(cast.partnership, "Report", document_date=dt.date(2019, 9, 30))
    data = make_document(
        cast.partnership,
        "KPIs",
        kind="data",
        content=samples.xlsx_bytes(),
        name="kpis.xlsx",
        document_date=dt.date(2019, 12, 17),
    )
    make_document(cast.partnership, "Hidden", visibility="partnership")
    assert titles(client.get(DOCUMENTS)) == ["KPIs", "Report"]
    assert titles(client.get(DOCUMENTS, {"kind": "data"})) == ["KPIs"]
    assert titles(client.get(DOCUMENTS, {"since": "2019-10-01"})) == ["KPIs"]
    assert titles(client.get(DOCUMENTS, {"partnership": "other"})) == []
    body = client.get(f"{DOCUMENTS}/{data.pk}").json()
    assert body["download_url"] == f"http://127.0.0.1:8000/content/documents/{data.pk}/download/"
    assert (
        body["content_type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert body["sha256"] == data.sha256
    assert body["size_bytes"] == data.size_bytes
    download = client.get(body["download_url"].removeprefix("http://127.0.0.1:8000"))
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == body["sha256"]


def test_hidden_document_metadata_is_a_404(cast, client: Client, token_for) -> None:
    hidden = make_document(cast.partnership, "Hidden", visibility="private")
    assert client.get(f"{DOCUMENTS}/{hidden.pk}").status_code == 404
    headers = {"Authorization": token_for(cast.sme_member)}
    assert client.get(f"{DOCUMENTS}/{hidden.pk}", headers=headers).status_code == 404
    headers = {"Authorization": token_for(cast.coordinator)}
    assert client.get(f"{DOCUMENTS}/{hidden.pk}", headers=headers).status_code == 200


def upload_form(file, **changes):  # type: ignore[no-untyped-def]
    data = {
        "partnership": "test-alliance",
        "title": "Study visit slides",
        "kind": "presentation",
        "document_date": "2019-11-14",
        "version": "1.2",
        "visibility": "public",
        "file": file,
    }
    data.update(changes)
    return data


def test_coordinator_uploads_patches_and_deletes_a_document(
    cast, client: Client, token_for, private_media, django_capture_on_commit_callbacks
) -> None:
    headers = {"Authorization": token_for(cast.coordinator)}
    content = samples.pptx_bytes()
    response = client.post(
        DOCUMENTS, upload_form(upload("slides.pptx", content, "text/plain")), headers=headers
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"].endswith("presentationml.presentation")
    assert body["original_filename"] == "slides.pptx"
    assert body["size_bytes"] == len(content)
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["version"] == "1.2"
    [stored] = stored_files(private_media)
    assert stored.read_bytes() == content

    response = client.patch(
        f"{DOCUMENTS}/{body['id']}",
        {"visibility": "private", "version": "1.3"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert (response.json()["visibility"], response.json()["version"]) == ("private", "1.3")

    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"{DOCUMENTS}/{body['id']}", headers=headers).status_code == 204
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_document_writes_need_a_coordinators_token(
    cast, client: Client, token_for, private_media
) -> None:
    document = make_document(cast.partnership, "Kept")
    _other, other_coordinator = make_other_partnership(cast)
    assert (
        client.post(DOCUMENTS, upload_form(upload("a.pdf", samples.pdf_bytes()))).status_code == 401
    )
    for user in (cast.outsider, cast.sme_member, other_coordinator):
        headers = {"Authorization": token_for(user)}
        response = client.post(
            DOCUMENTS, upload_form(upload("a.pdf", samples.pdf_bytes())), headers=headers
        )
        assert response.status_code == 403
        response = client.patch(
            f"{DOCUMENTS}/{document.pk}",
            {"title": "x"},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 403
        assert client.delete(f"{DOCUMENTS}/{document.pk}", headers=headers).status_code == 403
    assert list(Document.objects.values_list("title", flat=True)) == ["Kept"]
    assert len(stored_files(private_media)) == 1


def test_upload_bad_input_is_a_400_naming_the_field(
    cast, client: Client, token_for, settings, private_media
) -> None:
    headers = {"Authorization": token_for(cast.coordinator)}
    response = client.post(
        DOCUMENTS, upload_form(upload("logo.svg", samples.SVG, "image/svg+xml")), headers=headers
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["file"]
    assert "export the image as PNG" in response.json()["errors"]["file"][0]

    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    big = samples.pdf_bytes(padding=2 * 1024 * 1024)
    response = client.post(DOCUMENTS, upload_form(upload("big.pdf", big)), headers=headers)
    assert response.status_code == 400
    assert "the limit is 1 MB" in response.json()["errors"]["file"][0]

    response = client.post(
        DOCUMENTS, upload_form(upload("a.pdf", samples.pdf_bytes()), kind="poem"), headers=headers
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_upload_without_a_file_names_the_field(cast, client: Client, token_for) -> None:
    data = upload_form(None)
    del data["file"]
    response = client.post(DOCUMENTS, data, headers={"Authorization": token_for(cast.coordinator)})
    assert response.status_code in {400, 422}
    # ninja reports the part's location too ("file.file"); the field is named either way
    assert [key.split(".")[-1] for key in response.json()["errors"]] == ["file"]
