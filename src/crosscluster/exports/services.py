"""Writes of exports: ask for a document (queued for the worker), make it, prune old ones.

Asking is cheap and happens in the request; making the file happens in the background task
(``tasks.render_export_task``, which calls ``jobs.render_export``), never inside a request.

A made file (``ExportFile``) may be shared by several exports (an adopted version's document
handed to several readers). Deleting exports never deletes a file another export still refers
to: the foreign key protects it, and the files left without any export are deleted after the
exports (``delete_unreferenced_files``), in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from crosscluster.accounts.queries import AnyUser
from crosscluster.core.i18n import supported_language
from crosscluster.exports import queries, registry
from crosscluster.exports.models import Export, ExportFile, ExportStatus, FileFormat
from crosscluster.exports.tasks import render_export_task


def get_requestable_kind(*, kind: str, file_format: str) -> registry.ExportKind:
    """The registered kind, or a ValidationError naming the field and the choices."""
    try:
        export_kind = registry.get_kind(kind)
    except LookupError:
        raise ValidationError(
            {
                "kind": [
                    _("There is no export kind %(kind)r: choose one of %(known)s.")
                    % {"kind": kind, "known": ", ".join(k.key for k in registry.list_kinds())}
                ]
            }
        ) from None
    if file_format not in export_kind.formats:
        raise ValidationError(
            {
                "format": [
                    _(
                        "%(label)s is exported as %(choices)s; choose one of these, not %(file_format)r."
                    )
                    % {
                        "label": str(export_kind.label),
                        "choices": ", ".join(export_kind.formats),
                        "file_format": file_format,
                    }
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
    content was made before (the kind's ``cache_key``: an adopted version's id, or the
    fingerprint of the snapshot the document is made from): the person's own export itself,
    for someone else a new export referring to the same stored file (no copy of its bytes);
    else the same person's pending request
    when there is one, else a new queued export whose task is enqueued in this transaction."""
    requester = None if isinstance(user, AnonymousUser) else user
    # in the language the person reads now (the page's, or the API request's Accept-Language)
    language = supported_language(translation.get_language()) or settings.LANGUAGE_CODE
    key = registry.content_key(
        kind,
        registry.ExportRequest(subject=subject, file_format=file_format, user=user),
        language=language,
    )
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
                language=language,
                status=ExportStatus.DONE,
                filename=made.filename,
                file_id=made.file_id,
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
        language=language,
    )
    if pending is not None:
        return pending
    export = Export.objects.create(
        kind=kind.key,
        subject=subject,
        file_format=FileFormat(file_format),
        requested_by=requester,
        cache_key=key,
        language=language,
        requested_at=now,
    )
    render_export_task.enqueue(str(export.pk))
    return export


def delete_unreferenced_files() -> int:
    """Delete the stored files no export refers to any more; returns how many."""
    deleted, _per_model = ExportFile.objects.filter(exports__isnull=True).delete()
    return deleted


@transaction.atomic
def prune_exports(*, older_than: dt.timedelta, now: dt.datetime) -> int:
    """Delete finished exports asked for before ``now - older_than``, then the files none of
    the remaining exports refers to (a file shared with a recent export stays); returns how
    many exports were deleted."""
    deleted = (
        Export.objects.filter(
            requested_at__lt=now - older_than,
            status__in=(ExportStatus.DONE, ExportStatus.FAILED),
        )
        .delete()[1]
        .get(Export._meta.label, 0)
    )
    delete_unreferenced_files()
    return deleted


def erase_personal_data(user_id: int, now: dt.datetime) -> None:
    """A person's exports go with their account (a document made for them may show what only
    they could see; without its requester it would be anyone's with the link), and so do the
    files no one else's export refers to."""
    Export.objects.filter(requested_by_id=user_id).delete()
    delete_unreferenced_files()


def apply_export_retention(now: dt.datetime) -> int:
    """The retention rule: finished exports older than ``CROSSCLUSTER_EXPORT_RETENTION_DAYS``."""
    from django.conf import settings

    return prune_exports(older_than=dt.timedelta(days=settings.EXPORT_RETENTION_DAYS), now=now)
