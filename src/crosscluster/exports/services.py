"""Writes of exports: ask for a document (queued for the worker), make it, prune old ones.

Asking is cheap and happens in the request; making the file happens in the background task
(``crosscluster.exports.tasks.render_export_task``), never inside a request.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from crosscluster.accounts.models import User
from crosscluster.exports import queries, registry
from crosscluster.exports.models import Export, ExportStatus, FileFormat
from crosscluster.partnerships.queries import AnyUser

logger = logging.getLogger(__name__)


def get_requestable_kind(*, kind: str, file_format: str) -> registry.ExportKind:
    """The registered kind, or a ValidationError naming the field and the choices."""
    try:
        export_kind = registry.get_kind(kind)
    except LookupError as error:
        raise ValidationError({"kind": [str(error)]}) from None
    if file_format not in export_kind.formats:
        raise ValidationError(
            {
                "format": [
                    f"{export_kind.label} is exported as {', '.join(export_kind.formats)}; "
                    f"choose one of these, not {file_format!r}."
                ]
            }
        )
    return export_kind


@transaction.atomic
def request_export(
    *, user: AnyUser, kind: registry.ExportKind, subject: str, file_format: str, now: dt.datetime
) -> Export:
    """Ask for ``subject`` as ``file_format``. The caller has checked that ``user`` may (see
    ``permissions.access_kind_for_request``). Returns a finished export at once when the same
    unchangeable content was made before, the same person's pending request when there is one,
    else a new queued export whose task is enqueued in this transaction."""
    from crosscluster.exports.tasks import render_export_task

    requester = user if isinstance(user, User) and user.is_authenticated else None
    key = (
        kind.cache_key(registry.ExportRequest(subject=subject, file_format=file_format, user=user))
        if kind.cache_key
        else None
    ) or ""
    if key:
        made = queries.find_reusable(kind=kind.key, file_format=file_format, cache_key=key)
        if made is not None:
            if made.requested_by_id == (requester.pk if requester else None):
                return made
            return Export.objects.create(
                kind=kind.key,
                subject=subject,
                file_format=file_format,
                requested_by=requester,
                cache_key=key,
                status=ExportStatus.DONE,
                filename=made.filename,
                content=made.content,
                size=made.size,
                requested_at=now,
                started_at=now,
                finished_at=now,
            )
    pending = queries.find_in_flight(
        kind=kind.key,
        subject=subject,
        file_format=file_format,
        requested_by_id=requester.pk if requester else None,
    )
    if pending is not None:
        return pending
    export = Export.objects.create(
        kind=kind.key,
        subject=subject,
        file_format=FileFormat(file_format),
        requested_by=requester,
        cache_key=key,
        requested_at=now,
    )
    render_export_task.enqueue(str(export.pk))
    return export


def _claim(export_id: uuid.UUID, now: dt.datetime) -> Export | None:
    with transaction.atomic():
        claimed = Export.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.RUNNING, started_at=now
        )
        if not claimed:
            return None
        return Export.objects.defer("content").select_related("requested_by").get(pk=export_id)


def _fail(export_id: uuid.UUID, message: str, now: dt.datetime) -> None:
    Export.objects.filter(pk=export_id).update(
        status=ExportStatus.FAILED, error=message, finished_at=now
    )


def render_export(*, export_id: uuid.UUID, clock: Callable[[], dt.datetime]) -> str:
    """Make the file of a queued export (the background task's body); returns its new status.

    The permission is checked again (the person may have lost access since asking). Rendering
    happens outside any transaction; the result is stored in one update. A failure is recorded
    with a readable message and logged, and does not raise (the task is not retried blindly).
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
        rendered = kind.render(
            registry.ExportRequest(
                subject=export.subject, file_format=export.file_format, user=user
            )
        )
    except Exception as error:  # one broken document must not stop the worker
        logger.exception("export %s (%s %s) failed", export.pk, export.kind, export.subject)
        _fail(export.pk, f"The document could not be made ({type(error).__name__}: {error}).", now)
        return ExportStatus.FAILED
    Export.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE,
        filename=rendered.filename,
        content=rendered.content,
        size=len(rendered.content),
        finished_at=clock(),
    )
    return ExportStatus.DONE


def prune_exports(*, older_than: dt.timedelta, now: dt.datetime) -> int:
    """Delete finished exports asked for before ``now - older_than``; returns how many."""
    deleted, _ = Export.objects.filter(
        requested_at__lt=now - older_than,
        status__in=(ExportStatus.DONE, ExportStatus.FAILED),
    ).delete()
    return deleted
