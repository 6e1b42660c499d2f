"""A work item of the partnerships app marked done with a document of the library as its
evidence (pages and API): only a document of the same partnership the coordinator may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from crosscluster.content.tests.helpers import make_document
from crosscluster.partnerships.models import Partnership, WorkItem, WorkPackage

pytestmark = pytest.mark.django_db


def send(client: Client, method: str, url: str, token: str, body: object = None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        url, body or {}, content_type="application/json", HTTP_AUTHORIZATION=token
    )


def test_evidence_may_be_a_document_of_the_partnership_s_library_only(
    cast, client: Client, token_for, settings, tmp_path
) -> None:

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    ours = make_document(cast.partnership, "Competence map", visibility="partnership")
    other = Partnership.objects.create(
        slug="other",
        name="Other",
        kind="other",
        coordinator=cast.other_cluster,
        start_date=dt.date(2019, 3, 1),
        duration_months=24,
        summary="Other.",
    )
    theirs = make_document(other, "Their report")
    package = WorkPackage.objects.create(partnership=cast.partnership, number=1, title="Mapping")
    item = WorkItem.objects.create(
        work_package=package, kind="task", code="T1.1", title="Map", due_date=dt.date(2019, 6, 30)
    )
    token = token_for(cast.coordinator)
    completion = f"/api/v1/partnerships/{cast.partnership.slug}/work-items/{item.pk}/completion"
    foreign = send(client, "post", completion, token, {"evidence_document_id": theirs.pk})
    assert foreign.status_code == 400
    assert list(foreign.json()["errors"]) == ["evidence_document_id"]
    both = send(
        client,
        "post",
        completion,
        token,
        {"evidence_document_id": ours.pk, "evidence_url": "https://example.eu/x"},
    )
    assert both.status_code == 400
    assert list(both.json()["errors"]) == ["evidence_url"]
    item.refresh_from_db()
    assert item.done_date is None

    done = send(client, "post", completion, token, {"evidence_document_id": ours.pk})
    assert done.status_code == 200, done.content
    item.refresh_from_db()
    assert item.done_date is not None
    assert item.evidence_url == f"{settings.SITE_URL}/content/documents/{ours.pk}/download/"

    # The page offers the library's documents in a list.
    item.done_date = None
    item.save()
    client.force_login(cast.coordinator)
    url = f"/partnerships/{cast.partnership.slug}/work-plan/items/{item.pk}/done/"
    page = client.get(url)
    assert b"Competence map" in page.content
    assert b"Their report" not in page.content
    assert client.post(url, {"evidence_document_id": ours.pk}).status_code == 302
    item.refresh_from_db()
    assert item.evidence_url.endswith(f"/documents/{ours.pk}/download/")
