"""The worker side of exports: make the file of a queued export (``tasks`` calls this)."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext_noop

from crosscluster.accounts.queries import AnyUser
from crosscluster.core import stored_text
from crosscluster.exports import registry
from crosscluster.exports.models import Export, ExportFile, ExportStatus

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
        return Export.objects.select_related("requested_by").get(pk=export_id)


def _fail(export_id: uuid.UUID, message: str, now: dt.datetime) -> None:
    Export.objects.filter(pk=export_id).update(
        status=ExportStatus.FAILED, error=message, finished_at=now
    )


#: what an operating system says when a file cannot grow: no space, over a quota, too large
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
#: how the databases say it: PostgreSQL's SQLSTATE class 53 "insufficient resources" (53100
#: disk_full), SQLite's SQLITE_FULL ("database or disk is full")
NO_SPACE_SQLSTATES = frozenset({"53100", "53200"})


def is_out_of_space(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is a disk, quota or database that is full."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in NO_SPACE_ERRNOS:
            return True
        if getattr(current, "sqlstate", None) in NO_SPACE_SQLSTATES:
            return True
        if isinstance(current, DatabaseError) and "database or disk is full" in str(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def out_of_space_message(reference: str) -> str:
    """What the requester reads when the document was made but there was no room to store it
        (or to make it): nothing was kept, nothing internal is shown. Stored as a message and its
    values (``core.stored_text``), worded in the reader's language when shown."""
    return stored_text.store(
        gettext_noop(
            "The server has no room to store this document just now; nothing was kept. Try "
            "again later; if it keeps failing, give the administrators the reference "
            "%(reference)s."
        ),
        reference=reference,
    )


def failure_message(reference: str) -> str:
    """What the requester reads when a document could not be made: no exception text (it may
    name files, queries or other people's data), a reference the administrators find in the log."""
    return stored_text.store(
        gettext_noop(
            "Try again later; if it keeps failing, give the administrators the reference "
            "%(reference)s."
        ),
        reference=reference,
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
            _fail(
                export.pk,
                stored_text.store(
                    gettext_noop("You may no longer export this; ask again from its page.")
                ),
                now,
            )
            return ExportStatus.FAILED
        request = registry.ExportRequest(
            subject=export.subject, file_format=export.file_format, user=user
        )
        language = export.language or settings.LANGUAGE_CODE
        confirmed = kind.prepare is not None
        if kind.prepare is not None:
            with translation.override(language):  # the language the requester read in
                # the content read once: the key names exactly what the file is made from
                prepared = kind.prepare(request)
                key = registry.in_language(prepared.key, language=language)
                rendered = prepared.make()
        else:
            # the key of the content as it is now (it may have changed since the request)
            key = registry.content_key(kind, request, language=language)
            with translation.override(language):  # the language the requester read in
                rendered = kind.render(request)
    except Exception as error:  # one broken document must not stop the worker
        reference = uuid.uuid4().hex[:12]
        logger.exception(
            "export %s (%s %s) failed, reference %s",
            export.pk,
            export.kind,
            export.subject,
            reference,
        )
        message = out_of_space_message if is_out_of_space(error) else failure_message
        _fail(export.pk, message(reference), now)
        return ExportStatus.FAILED
    return _store(
        export=export,
        kind=kind,
        request=request,
        key=key,
        confirmed=confirmed,
        rendered=rendered,
        clock=clock,
    )


def _store(
    *,
    export: Export,
    kind: registry.ExportKind,
    request: registry.ExportRequest,
    key: str,
    confirmed: bool,
    rendered: registry.RenderedFile,
    clock: Callable[[], dt.datetime],
) -> str:
    """Keep the made file (one :class:`ExportFile`) and mark the export done, both or neither.

    The content key was computed before rendering; it is computed again now and the file is
    offered to others (``cache_key``) only when both agree. Otherwise what it shows changed
    while it was being made (a hidden item added, a figure changed), and the file may hold more
    than the key before says: someone whose view still matches that key must not be handed it.
    A ``confirmed`` key (a kind's ``prepare``: the file was made from the very content the key
    was computed from) needs no second look.

    A full disk (the database cannot grow to hold the file) fails the export with a clear
    message and a reference: the update is rolled back whole (its savepoint), so no half file
    is kept, and the worker goes on with the next task."""
    try:
        language = export.language or settings.LANGUAGE_CODE
        after = key if confirmed else registry.content_key(kind, request, language=language)
        with transaction.atomic():
            finished = clock()
            stored = ExportFile.objects.create(
                content=rendered.content, size=len(rendered.content), created_at=finished
            )
            Export.objects.filter(pk=export.pk).update(
                status=ExportStatus.DONE,
                cache_key=key if key and after == key else "",
                filename=rendered.filename,
                file=stored,
                size=stored.size,
                finished_at=finished,
            )
    except Exception as error:
        reference = uuid.uuid4().hex[:12]
        logger.exception(
            "export %s (%s %s) made but not stored, reference %s",
            export.pk,
            export.kind,
            export.subject,
            reference,
        )
        message = out_of_space_message if is_out_of_space(error) else failure_message
        _fail(export.pk, message(reference), clock())
        return ExportStatus.FAILED
    return ExportStatus.DONE
