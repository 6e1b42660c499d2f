"""The partnership archive as an export kind: made in the background by the exports worker,
which checks again that the person may export it (``can_request``) before rendering."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from crosscluster.archives import permissions, queries
from crosscluster.core.documents.names import document_file_name
from crosscluster.exports.registry import ExportKind, ExportRequest, RenderedFile, allowed_if

if TYPE_CHECKING:
    from crosscluster.partnerships.models import Partnership


def file_name(partnership: Partnership, *, now: dt.datetime) -> str:
    """``TDA-partnership-archive-2026-12-07.zip``, its words in the active language (the
    requester's: ``TDA-partnerschaftsarchiv-2026-12-07.zip``), named like the partnership's
    other documents (``core.documents.names``); the day it was made (UTC)."""
    return document_file_name(
        gettext("Partnership archive"),
        f"{now.astimezone(dt.UTC):%Y-%m-%d}",
        subject=partnership.acronym or partnership.slug,
        extension="zip",
    )


def render_archive(request: ExportRequest) -> RenderedFile:
    partnership = permissions.access_partnership_to_export(request.user, request.subject)
    now = timezone.now()
    content = queries.archive_bytes(partnership=partnership, now=now)
    return RenderedFile(file_name(partnership, now=now), content)


PARTNERSHIP_ARCHIVE = ExportKind(
    key="archives.partnership",
    label=gettext_lazy("Partnership archive"),
    formats=("zip",),
    can_request=allowed_if(permissions.access_partnership_to_export),
    render=render_archive,
    page=lambda subject: reverse("partnerships:detail", args=[subject]),
)
