"""The worker side of exports: make the file of a queued export (``tasks`` calls this)."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import translation

from crosscluster.accounts.queries import AnyUser
from crosscluster.exports import registry
from crosscluster.exports.models import Export, ExportStatus

logger = logging.getLogger(__name__)


def _claim(export_id: uuid.UUID, now: dt.datetime) -> Export | None:
    with transaction.atomic():
        # RUNNING too: the task runs again only when its worker died mid-render
        # (core.tasks.requeue_orphaned_tasks); the export then still says running.
        claimed = Export.objects.filter(
            pk=export_id, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
        ).update(status=ExportStatus.RUNNING, started_at=now)
        if not claimed:
            return None
        return Export.objects.defer("content").select_related("requested_by").get(pk=export_id)


def _fail(export_id: uuid.UUID, message: str, now: dt.datetime) -> None:
    Export.objects.filter(pk=export_id).update(
        status=ExportStatus.FAILED, error=message, finished_at=now
    )


def failure_message(reference: str) -> str:
    """What the requester reads when a document could not be made: no exception text (it may
    name files, queries or other people's data), a reference the administrators find in the log."""
    return (
        f"Try again later; if it keeps failing, give the administrators the reference {reference}."
    )


def render_export(*, export_id: uuid.UUID, clock: Callable[[], dt.datetime]) -> str:
    """Make the file of a queued export (the background task's body); returns its new status.

    The permission is checked again (the person may have lost access since asking). Rendering
    happens outside any transaction; the result is stored in one update. A failure is recorded
    with a generic message and a reference, and logged with the exception, and does not raise (the task is not retried blindly).
    """
    now = clock()
    export = _claim(export_id, now)
    if export is None:
        return "skipped"
    user: AnyUser = export.requested_by or AnonymousUser()
    try:
        kind = registry.get_kind(export.kind)
        if not kind.can_request(user, export.subject):
            _fail(export.pk, "You may no longer export this; ask again from its page.", now)
            return ExportStatus.FAILED
        request = registry.ExportRequest(
            subject=export.subject, file_format=export.file_format, user=user
        )
        # the key of the content as it is now (it may have changed since the request)
        language = export.language or settings.LANGUAGE_CODE
        key = registry.content_key(kind, request, language=language)
        with translation.override(language):  # the language the requester read in
            rendered = kind.render(request)
    except Exception:  # one broken document must not stop the worker
        reference = uuid.uuid4().hex[:12]
        logger.exception(
            "export %s (%s %s) failed, reference %s",
            export.pk,
            export.kind,
            export.subject,
            reference,
        )
        _fail(export.pk, failure_message(reference), now)
        return ExportStatus.FAILED
    Export.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE,
        cache_key=key,
        filename=rendered.filename,
        content=rendered.content,
        size=len(rendered.content),
        finished_at=clock(),
    )
    return ExportStatus.DONE
