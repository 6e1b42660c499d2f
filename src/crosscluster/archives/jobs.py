"""The worker side of an archive import (``tasks`` calls this)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.db import transaction
from django.utils.translation import gettext_noop

from crosscluster.archives import adapters
from crosscluster.archives.models import ArchiveImport, ImportStatus
from crosscluster.core import stored_text

logger = logging.getLogger(__name__)


def run_archive_import(*, import_id: str, now: dt.datetime) -> str:
    """Import the uploaded archive, all or nothing; the permission is checked again (the
    uploader must still administer the platform). Returns the new status."""
    with transaction.atomic():
        claimed = ArchiveImport.objects.filter(
            pk=import_id, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
        ).update(status=ImportStatus.RUNNING)
    if not claimed:
        return "skipped"
    upload = ArchiveImport.objects.select_related("requested_by").get(pk=import_id)
    if not upload.requested_by.is_superuser or not upload.requested_by.is_active:
        ArchiveImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED,
            error=stored_text.store(
                gettext_noop("You may no longer import archives; ask a platform administrator.")
            ),
            finished_at=now,
        )
        return ImportStatus.FAILED
    try:
        result = adapters.import_archive(content=bytes(upload.content), slug=upload.slug)
    except adapters.ArchiveImportError as error:
        ArchiveImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED, error=error.stored, finished_at=now
        )
        return ImportStatus.FAILED
    except Exception:
        reference = uuid.uuid4().hex[:12]
        logger.exception("archive import %s failed, reference %s", import_id, reference)
        ArchiveImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED,
            error=stored_text.store(
                gettext_noop(
                    "Nothing was imported. Try again later; if it keeps failing, give the "
                    "administrators the reference %(reference)s."
                ),
                reference=reference,
            ),
            finished_at=now,
        )
        return ImportStatus.FAILED
    ArchiveImport.objects.filter(pk=import_id).update(
        status=ImportStatus.DONE,
        content=b"",  # the archive's rows are the instance's now
        partnership_slug=result["slug"],
        rows=sum(result["counts"].values()),
        matched_organisations=result["matched_organisations"],
        finished_at=now,
    )
    return ImportStatus.DONE
