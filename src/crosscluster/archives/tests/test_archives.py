"""Archives in the pages and the API: who exports, who imports, and what is refused."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from crosscluster.archives import files, queries, services
from crosscluster.archives.models import ArchiveImport, ImportStatus
from crosscluster.core.tasks import run_queued_tasks
from crosscluster.exports.models import Export, ExportStatus
from crosscluster.partnerships.models import Partnership, PartnershipCoordinator
from tests.list_files import download_file, file_names

pytestmark = pytest.mark.django_db


def _archive_bytes(slug: str = "test-alliance") -> bytes:
    partnership = queries.find_partnership(slug=slug)
    assert partnership is not None
    return queries.archive_bytes(partnership=partnership, now=timezone.now())


def _rewrite(content: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    archive, stored = files.unpack(content)
    change(archive)
    return files.pack(archive, stored)


def _counts() -> dict[str, int]:
    labels = ["partnerships.Partnership", "directory.Organisation", "accounts.User"]
    return {label: apps.get_model(label).objects.count() for label in labels}


def test_a_coordinator_downloads_the_archive_made_in_the_background(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.coordinator)
    page = client.get(reverse("partnerships:detail", args=["test-alliance"]))
    assert b'data-testid="partnership-archive"' in page.content
    asked = client.post(
        reverse("exports:request"),
        {"kind": "archives.partnership", "subject": "test-alliance", "format": "zip"},
    )
    assert asked.status_code == 302
    export = Export.objects.get(kind="archives.partnership")
    assert export.status == ExportStatus.QUEUED
    run_queued_tasks()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    archive = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("archive.json"))
    assert archive["format_version"] == files.FORMAT_VERSION
    assert archive["partnership"] == "test-alliance"
    assert archive["models"]["partnerships.Partnership"][0]["name"] == "Test Digital Alliance"
    assert "coordinator@example.eu" not in content.decode("latin-1")
    assert "partnerships.PartnershipCoordinator" not in archive["models"]


def test_the_archive_is_named_in_the_readers_language(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    """Like the partnership's other documents: its short name, the document's words in the
    language of the page it was asked on, the day it was made (UTC)."""
    client.force_login(cast.coordinator)
    days = {f"{timezone.now():%Y-%m-%d}"}
    german = download_file(client, "archives.partnership", "test-alliance", "zip", language="de")
    english = download_file(client, "archives.partnership", "test-alliance", "zip")
    days.add(f"{timezone.now():%Y-%m-%d}")  # the test may straddle midnight
    assert file_names(german) in {(f"TDA-partnerschaftsarchiv-{day}.zip",) * 2 for day in days}
    assert file_names(english) in {(f"TDA-partnership-archive-{day}.zip",) * 2 for day in days}
    french = download_file(client, "archives.partnership", "test-alliance", "zip", language="fr")
    assert file_names(french) in {(f"TDA-archive-du-partenariat-{day}.zip",) * 2 for day in days}


@pytest.mark.parametrize("who", ["cluster_manager", "sme_member", "outsider"])
def test_only_coordinators_and_administrators_may_export(cast, client: Client, who: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(cast, who))
    page = client.get(reverse("partnerships:detail", args=["test-alliance"]))
    assert b'data-testid="partnership-archive"' not in page.content
    asked = client.post(
        reverse("exports:request"),
        {"kind": "archives.partnership", "subject": "test-alliance", "format": "zip"},
    )
    assert asked.status_code in (403, 404)
    assert not Export.objects.exists()
    client.force_login(cast.administrator)
    asked = client.post(
        reverse("exports:request"),
        {"kind": "archives.partnership", "subject": "test-alliance", "format": "zip"},
    )
    assert asked.status_code == 302


def test_the_worker_checks_again(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.coordinator)
    client.post(
        reverse("exports:request"),
        {"kind": "archives.partnership", "subject": "test-alliance", "format": "zip"},
    )
    PartnershipCoordinator.objects.filter(user=cast.coordinator).delete()
    run_queued_tasks()
    export = Export.objects.get(kind="archives.partnership")
    assert export.status == ExportStatus.FAILED
    assert export.file_id is None


def test_an_administrator_imports_on_the_page_and_organisations_are_matched(  # type: ignore[no-untyped-def]
    cast, client: Client
) -> None:
    content = _archive_bytes()
    before = _counts()
    client.force_login(cast.administrator)
    listing = client.get(reverse("partnerships:list")).content.decode()
    assert reverse("archives:start") in listing  # where administrators find the page
    assert client.get(reverse("archives:start")).status_code == 200
    upload = io.BytesIO(content)
    upload.name = "tda.zip"
    response = client.post(reverse("archives:start"), {"file": upload, "slug": "tda-copy"})
    assert response.status_code == 302
    run_queued_tasks()
    archive_import = ArchiveImport.objects.get()
    assert archive_import.status == ImportStatus.DONE, archive_import.error
    assert archive_import.content == b""
    page = client.get(response["Location"])
    assert b'data-testid="archive-import-done"' in page.content
    copy = Partnership.objects.get(slug="tda-copy")
    assert copy.name == "Test Digital Alliance"
    assert copy.coordinator_id == cast.cluster.pk  # matched, not duplicated
    after = _counts()
    assert after["directory.Organisation"] == before["directory.Organisation"]
    assert after["partnerships.Partnership"] == before["partnerships.Partnership"] + 1
    assert archive_import.matched_organisations == len(
        json.loads(zipfile.ZipFile(io.BytesIO(content)).read("archive.json"))["models"][
            "directory.Organisation"
        ]
    )


@pytest.mark.parametrize("who", ["coordinator", "cluster_manager", "sme_member", "outsider"])
def test_only_administrators_import(cast, client: Client, token_for, who: str) -> None:  # type: ignore[no-untyped-def]
    user = getattr(cast, who)
    client.force_login(user)
    assert (
        reverse("archives:start") not in client.get(reverse("partnerships:list")).content.decode()
    )
    assert client.get(reverse("archives:start")).status_code == 403
    response = client.post(
        "/api/v1/archives/imports",
        {"file": io.BytesIO(_archive_bytes()), "slug": "tda-copy"},
        headers={"Authorization": token_for(user)},
    )
    assert response.status_code == 403
    assert not ArchiveImport.objects.exists()


def test_the_api_imports_and_only_the_uploader_sees_it(cast, client: Client, token_for) -> None:  # type: ignore[no-untyped-def]
    token = token_for(cast.administrator)
    upload = io.BytesIO(_archive_bytes())
    upload.name = "tda.zip"
    asked = client.post(
        "/api/v1/archives/imports",
        {"file": upload, "slug": "tda-api"},
        headers={"Authorization": token},
    )
    assert asked.status_code == 202, asked.content
    assert asked.json()["status"] == "queued"
    run_queued_tasks()
    path = f"/api/v1/archives/imports/{asked.json()['id']}"
    done = client.get(path, headers={"Authorization": token}).json()
    assert done["status"] == "done"
    assert done["partnership_slug"] == "tda-api"
    other = get_user_model().objects.create_superuser(email="other-admin@example.eu")
    assert client.get(path, headers={"Authorization": token_for(other)}).status_code == 404
    client.force_login(other)
    assert client.get(reverse("archives:detail", args=[asked.json()["id"]])).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda a: a.update(format_version=files.FORMAT_VERSION + 1), "format_version", "upgrade"),
        (lambda a: a.update(format="something else"), "format", "partnership archive"),
    ],
)
def test_a_newer_or_foreign_archive_is_refused_naming_the_field(  # type: ignore[no-untyped-def]
    cast, client: Client, token_for, change, field: str, words: str
) -> None:
    content = _rewrite(_archive_bytes(), change)
    response = client.post(
        "/api/v1/archives/imports",
        {"file": io.BytesIO(content), "slug": "tda-copy"},
        headers={"Authorization": token_for(cast.administrator)},
    )
    assert response.status_code == 400
    assert words in " ".join(response.json()["errors"][field])
    assert not ArchiveImport.objects.exists()


def test_a_slug_clash_or_a_file_that_is_no_archive_is_refused(cast, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.administrator)
    upload = io.BytesIO(_archive_bytes())
    upload.name = "tda.zip"
    clash = client.post(reverse("archives:start"), {"file": upload})
    assert clash.status_code == 400
    assert "already here: import under another slug" in clash.content.decode()
    not_zip = io.BytesIO(b"name,country\nAcme,FR\n")
    not_zip.name = "members.csv"
    refused = client.post(reverse("archives:start"), {"file": not_zip, "slug": "x"})
    assert refused.status_code == 400
    assert "not a ZIP file" in refused.content.decode()
    assert not ArchiveImport.objects.exists()
    with pytest.raises(services.ArchiveImportError) as error:
        services.import_archive(content=_archive_bytes(), slug="not a slug!")
    assert "slug" in error.value.message_dict


def test_an_import_that_fails_late_writes_nothing(cast) -> None:  # type: ignore[no-untyped-def]
    """The last step (links) meets a country this instance lacks: every row written before it
    is rolled back, placeholders and organisations included."""

    def unknown_country(archive: dict) -> None:  # type: ignore[type-arg]
        archive["models"]["partnerships.Partnership"][0]["target_countries"] = ["ZZ"]
        archive["models"]["directory.Organisation"][0]["name"] = "A new organisation"
        archive["models"]["directory.Organisation"][0]["source_reference"] = ""

    content = _rewrite(_archive_bytes(), unknown_country)
    before = _counts()
    with pytest.raises(services.ArchiveImportError) as error:
        services.import_archive(content=content, slug="tda-copy")
    assert "'ZZ'" in " ".join(error.value.message_dict["models"])
    assert "reference data" in " ".join(error.value.message_dict["models"])
    assert _counts() == before


def test_a_failed_uploads_file_is_emptied_after_the_retention_period(cast, settings) -> None:  # type: ignore[no-untyped-def]
    from crosscluster.accounts.queries import collect_personal_data

    now = timezone.now()
    upload = ArchiveImport.objects.create(
        requested_by=cast.administrator,
        file_name="old.zip",
        content=b"PK old bytes",
        status=ImportStatus.FAILED,
        created_at=now - dt.timedelta(days=settings.IMPORT_RETENTION_DAYS + 2),
        finished_at=now - dt.timedelta(days=settings.IMPORT_RETENTION_DAYS + 1),
    )
    recent = ArchiveImport.objects.create(
        requested_by=cast.administrator,
        file_name="recent.zip",
        content=b"PK recent bytes",
        status=ImportStatus.FAILED,
        created_at=now,
        finished_at=now,
    )
    assert services.apply_upload_retention(now) == 1
    upload.refresh_from_db()
    recent.refresh_from_db()
    assert bytes(upload.content) == b""
    assert bytes(recent.content) == b"PK recent bytes"
    data = collect_personal_data(user=cast.administrator)
    assert [row["file_name"] for row in data["archives"]["archive_imports"]] == [
        "old.zip",
        "recent.zip",
    ]


def test_an_import_the_worker_refuses_reads_in_the_readers_language(
    cast, client: Client, token_for
) -> None:  # type: ignore[no-untyped-def]
    """The worker (here running in German) stores the refusal as a catalogue string and its
    values; the API words it for each reader, the command line as ``field: message``."""

    def unknown_country(archive: dict) -> None:  # type: ignore[type-arg]
        archive["models"]["partnerships.Partnership"][0]["target_countries"] = ["ZZ"]

    token = token_for(cast.administrator)
    asked = client.post(
        "/api/v1/archives/imports",
        {"file": io.BytesIO(_rewrite(_archive_bytes(), unknown_country)), "slug": "tda-copy"},
        headers={"Authorization": token},
    )
    assert asked.status_code == 202, asked.content
    with translation.override("de"):
        run_queued_tasks()
    path = f"/api/v1/archives/imports/{asked.json()['id']}"
    english = client.get(path, headers={"Authorization": token}).json()
    assert english["status"] == "failed"
    assert english["error"].startswith("directory.Country 'ZZ' is not in this instance's")
    french = client.get(path, headers={"Authorization": token, "Accept-Language": "fr"}).json()
    with translation.override("fr"):
        expected = translation.gettext(
            "%(model)s %(key)r is not in this instance's reference data: load the reference "
            "data (countries, NUTS regions, the EDIH taxonomy) first, e.g. with `crosscluster "
            "seed_demo`, then import again."
        ) % {"model": "directory.Country", "key": "ZZ"}
    assert french["error"] == expected != english["error"]
    with pytest.raises(services.ArchiveImportError) as error:
        services.import_archive(content=_rewrite(_archive_bytes(), unknown_country), slug="x")
    assert services.describe_error(error.value).startswith("models: directory.Country 'ZZ'")


def test_an_archive_of_an_earlier_version_takes_the_defaults_of_fields_added_since(cast) -> None:  # type: ignore[no-untyped-def]
    """An archive made before a field existed (held_online, a mechanism's country) imports: the
    field takes its default; a field every row must have (an event's title) is still refused."""
    from crosscluster.events.models import Event
    from crosscluster.events.tests.factories import make_event

    make_event(cast.partnership, "Webinar", kind="webinar", city="", held_online=True)

    def older(archive: dict) -> None:  # type: ignore[type-arg]
        for row in archive["models"]["events.Event"]:
            del row["held_online"]

    services.import_archive(content=_rewrite(_archive_bytes(), older), slug="tda-copy")
    copy = Event.objects.get(partnership__slug="tda-copy", slug="webinar")
    assert copy.held_online is False  # the default: the archive did not say

    def untitled(archive: dict) -> None:  # type: ignore[type-arg]
        del archive["models"]["events.Event"][0]["title"]

    before = _counts()
    with pytest.raises(services.ArchiveImportError) as error:
        services.import_archive(content=_rewrite(_archive_bytes(), untitled), slug="tda-other")
    assert "the field 'title' is missing" in " ".join(error.value.message_dict["models"])
    assert _counts() == before
