"""Writes of archives: import an archive now (the command line), or queue an administrator's
upload for the background worker (pages and API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction

from crosscluster.accounts.queries import AnyUser
from crosscluster.archives import adapters, files
from crosscluster.archives.adapters import ArchiveImportError, describe_error
from crosscluster.archives.models import ArchiveImport, ImportStatus
from crosscluster.archives.tasks import import_archive_task

__all__ = [
    "ArchiveImportError",
    "apply_upload_retention",
    "describe_error",
    "import_archive",
    "request_import",
]


def import_archive(*, content: bytes, slug: str = "") -> dict[str, Any]:
    """Import the archive now, in one transaction (see ``adapters.import_archive``)."""
    return adapters.import_archive(content=content, slug=slug)


@transaction.atomic
def request_import(
    *, user: AnyUser, file_name: str, content: bytes, slug: str, now: dt.datetime
) -> ArchiveImport:
    """Keep the upload and queue its import. The caller has checked that ``user`` administers
    the platform. A file that is not an archive of a version this instance reads, or a slug
    already used, is refused at once (``ArchiveImportError`` naming the field); anything else
    is found by the worker, which imports all or nothing."""
    try:
        archive = files.read_header(content)
    except files.ArchiveFileError as error:
        raise adapters.file_error(error) from None
    adapters.check_slug(slug.strip() or str(archive["partnership"]))
    upload = ArchiveImport.objects.create(
        requested_by_id=user.pk,  # type: ignore[misc]  # the caller checked: an administrator
        file_name=file_name[:255],
        content=content,
        slug=slug.strip(),
        created_at=now,
    )
    import_archive_task.enqueue(str(upload.pk))
    return upload


def apply_upload_retention(now: dt.datetime) -> int:
    """Empty the files of archive imports that failed more than
    ``CROSSCLUSTER_IMPORT_RETENTION_DAYS`` ago (an imported one is emptied when it is done);
    returns how many."""
    cutoff = now - dt.timedelta(days=settings.IMPORT_RETENTION_DAYS)
    return (
        ArchiveImport.objects.filter(status=ImportStatus.FAILED, finished_at__lt=cutoff)
        .exclude(content=b"")
        .update(content=b"")
    )
