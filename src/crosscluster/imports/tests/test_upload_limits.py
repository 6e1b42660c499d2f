"""Limits on uploads of organisations (issue 11's review): a file over the size limit is
refused from its announced size before its bytes are read, and uploads are rate-limited per
person, the page and the API together (429 with Retry-After)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, TemporaryUploadedFile
from django.test import Client
from django.urls import reverse

from crosscluster.imports import files
from crosscluster.imports.models import OrganisationImport
from crosscluster.imports.tests.test_imports import GOOD, _file, as_csv, upload

pytestmark = pytest.mark.django_db


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    cast, client: Client, token_for, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(files, "MAX_BYTES", 1_000)

    def never(self, *args):  # type: ignore[no-untyped-def]
        raise AssertionError("an upload over the limit was read into memory")

    monkeypatch.setattr(InMemoryUploadedFile, "read", never)
    monkeypatch.setattr(TemporaryUploadedFile, "read", never)
    big = as_csv(GOOD) + b"x" * 2_000
    answer = upload(client, token_for(cast.coordinator), cast.cluster.slug, "big.csv", big)
    assert answer.status_code == 400
    assert answer.json()["errors"]["file"] == [files.TOO_LARGE % {"megabytes": 0}]
    assert "split it into smaller files" in files.TOO_LARGE
    client.force_login(cast.coordinator)
    page = client.post(
        reverse("imports:start"), {"cluster": cast.cluster.slug, "file": _file("big.csv", big)}
    )
    assert page.status_code == 400
    assert "split it into smaller files" in page.content.decode()
    assert not OrganisationImport.objects.exists()


def test_uploads_are_rate_limited_on_the_page_and_the_api_together(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.coordinator)
    client.force_login(cast.coordinator)
    start = reverse("imports:start")
    for number in range(20):
        if number % 2:
            answer = upload(Client(), token, cast.cluster.slug, "m.csv", as_csv(GOOD))
            assert answer.status_code == 201, answer.content
        else:
            form = {"cluster": cast.cluster.slug, "file": _file("m.csv", as_csv(GOOD))}
            assert client.post(start, form).status_code == 302
    refused = upload(Client(), token, cast.cluster.slug, "m.csv", as_csv(GOOD))
    assert refused.status_code == 429
    page = client.post(start, {"cluster": cast.cluster.slug, "file": _file("m.csv", as_csv(GOOD))})
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    assert "Too many requests" in page.content.decode()
    assert client.get(start).status_code == 200  # reading the page is not counted
    assert OrganisationImport.objects.count() == 20
    # Someone else is counted apart.
    other = upload(
        Client(), token_for(cast.administrator), cast.cluster.slug, "m.csv", as_csv(GOOD)
    )
    assert other.status_code == 201
