"""Downloads: the right bytes and headers, only to those allowed; a 404 for everyone else."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from crosscluster.content.tests import samples
from crosscluster.content.tests.helpers import make_document, make_other_partnership
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def download(client: Client, document_id: int):  # type: ignore[no-untyped-def]
    return client.get(reverse("content:document_download", args=[document_id]))


def test_download_streams_the_file_as_an_attachment(cast, client: Client) -> None:
    content = samples.docx_bytes("Joint Internationalisation Strategy")
    document = make_document(
        cast.partnership, "Strategy", content=content, name="Stratégie conjointe.docx"
    )
    response = download(client, document.pk)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == content
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Strat%C3%A9gie%20conjointe.docx"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(content))
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"] == f'"{document.sha256}"'
    import docx

    assert docx.Document(io.BytesIO(body)).paragraphs[0].text == (
        "Joint Internationalisation Strategy"
    )


def test_download_reads_back_a_spreadsheet(cast, client: Client) -> None:
    document = make_document(cast.partnership, content=samples.xlsx_bytes(), name="kpis.xlsx")
    response = download(client, document.pk)
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert list(workbook.active.iter_rows(values_only=True)) == [
        ("indicator", "value"),
        ("SMEs involved", 120),
    ]
    assert response["Content-Disposition"] == 'attachment; filename="kpis.xlsx"'


ALLOWED = {
    "public": {None, "outsider", "sme_member", "cluster_manager", "coordinator", "administrator"},
    "partnership": {"sme_member", "cluster_manager", "coordinator", "administrator"},
    "private": {"coordinator", "administrator"},
}


@pytest.mark.parametrize("visibility", ["public", "partnership", "private"])
@pytest.mark.parametrize(
    "who", [None, "outsider", "sme_member", "cluster_manager", "coordinator", "administrator"]
)
def test_only_those_allowed_download(cast, client: Client, visibility: str, who) -> None:
    document = make_document(cast.partnership, visibility=visibility)
    if who:
        client.login(email=getattr(cast, who).email, password=PASSWORD)
    response = download(client, document.pk)
    if who in ALLOWED[visibility]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        if visibility != "public":
            assert response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code == 404
        assert b"%PDF" not in response.content


def without_csrf(html: bytes) -> bytes:
    return re.sub(rb'(X-CSRFToken": "|csrfmiddlewaretoken" value=")[^"]*', rb"\1", html)


def test_changing_the_id_reveals_nothing(cast, client: Client) -> None:
    other, other_coordinator = make_other_partnership(cast)
    theirs = make_document(other, "Their private plan", visibility="private")
    ours = make_document(cast.partnership, "Our private plan", visibility="private")
    client.login(email=cast.coordinator.email, password=PASSWORD)
    assert download(client, ours.pk).status_code == 200
    hidden = download(client, theirs.pk)
    missing = download(client, theirs.pk + 1000)
    assert hidden.status_code == missing.status_code == 404

    # the same page (but for the per-request CSRF token and the address asked for, which the
    # language switcher and the other languages' links repeat): existence is not revealed
    def same_page(response, document_id: int) -> bytes:  # type: ignore[no-untyped-def]
        path = reverse("content:document_download", args=[document_id]).encode()
        return without_csrf(response.content).replace(path[path.index(b"/", 1) :], b"/ASKED/")

    assert same_page(hidden, theirs.pk) == same_page(missing, theirs.pk + 1000)
    assert b"Their private plan" not in hidden.content
    client.login(email=other_coordinator.email, password=PASSWORD)
    assert download(client, theirs.pk).status_code == 200
    assert download(client, ours.pk).status_code == 404


def test_documents_of_a_private_partnership_are_hidden_even_when_public(cast, client) -> None:
    document = make_document(cast.partnership, visibility="public")
    cast.partnership.is_public = False
    cast.partnership.save()
    assert download(client, document.pk).status_code == 404
    client.login(email=cast.outsider.email, password=PASSWORD)
    assert download(client, document.pk).status_code == 404
    client.login(email=cast.coordinator.email, password=PASSWORD)
    response = download(client, document.pk)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_missing_file_is_a_404_not_a_crash(cast, client: Client, private_media) -> None:
    document = make_document(cast.partnership)
    (private_media / document.file.name).unlink()
    assert download(client, document.pk).status_code == 404


def test_stored_files_are_served_by_no_other_address(cast, client: Client) -> None:
    document = make_document(cast.partnership)
    for address in (
        f"/{document.file.name}",
        f"/media/{document.file.name}",
        f"/static/{document.file.name}",
        f"/private-media/{document.file.name}",
    ):
        assert client.get(address).status_code == 404, address
    assert download(client, document.pk).status_code == 200
