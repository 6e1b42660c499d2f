"""The partnership archive as an export kind: made in the background by the exports worker,
which checks again that the person may export it (``can_request``) before rendering."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from crosscluster.archives import permissions, queries
from crosscluster.exports.registry import ExportKind, ExportRequest, RenderedFile, allowed_if


def render_archive(request: ExportRequest) -> RenderedFile:
    partnership = permissions.access_partnership_to_export(request.user, request.subject)
    now = timezone.now()
    content = queries.archive_bytes(partnership=partnership, now=now)
    return RenderedFile(f"{partnership.slug}-archive-{now:%Y%m%d}.zip", content)


PARTNERSHIP_ARCHIVE = ExportKind(
    key="archives.partnership",
    label=gettext_lazy("Partnership archive"),
    formats=("zip",),
    can_request=allowed_if(permissions.access_partnership_to_export),
    render=render_archive,
    page=lambda subject: reverse("partnerships:detail", args=[subject]),
)
