"""The business plan's documents: XLSX (``workbook``), DOCX and PDF (``report``), their charts
(``charts``) and the ``businessplan.plan`` export kind the exports app's worker renders."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from crosscluster.businessplan import permissions
from crosscluster.businessplan.documents import charts
from crosscluster.businessplan.documents.common import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    build_export_snapshot,
    file_name,
    identity_line,
    title_of,
)
from crosscluster.businessplan.documents.report import (
    export_context,
    export_docx,
    export_pdf,
    render_pdf_html,
)
from crosscluster.businessplan.documents.workbook import XLSX_CONTENT_TYPE, export_xlsx
from crosscluster.core.documents.docx import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from crosscluster.exports.registry import (
    ExportKind,
    ExportRequest,
    PreparedFile,
    RenderedFile,
    allowed_if,
    content_fingerprint,
)

__all__ = [
    "BUSINESS_PLAN",
    "DOCX_CONTENT_TYPE",
    "PDF_CONTENT_TYPE",
    "SEVERITY_LABELS",
    "STATUS_LABELS",
    "XLSX_CONTENT_TYPE",
    "build_export_snapshot",
    "charts",
    "export_context",
    "export_docx",
    "export_pdf",
    "export_xlsx",
    "file_name",
    "identity_line",
    "render",
    "render_pdf_html",
    "title_of",
]


def prepare(request: ExportRequest) -> PreparedFile:
    """The plan as this person would get it today, read once: the key naming it and the file
    made from that same snapshot (the export worker's path: one read a file)."""
    now = timezone.now()
    snapshot = build_export_snapshot(user=request.user, slug=request.subject, today=now.date())
    exporters: dict[str, Callable[[], bytes]] = {
        "xlsx": lambda: export_xlsx(snapshot),
        "docx": lambda: export_docx(snapshot, generated_at=now),
        "pdf": lambda: export_pdf(snapshot, generated_at=now),
    }
    if request.file_format not in exporters:
        raise ValueError(f"unknown format {request.file_format!r}")

    def make() -> RenderedFile:
        content = exporters[request.file_format]()
        return RenderedFile(filename=file_name(snapshot, request.file_format), content=content)

    return PreparedFile(key=content_fingerprint(request.subject, snapshot), make=make)


def render(request: ExportRequest) -> RenderedFile:
    return prepare(request).make()


def content_key(request: ExportRequest) -> str | None:
    """The plan as this person would get it today (same snapshot, same file)."""
    return prepare(request).key


BUSINESS_PLAN = ExportKind(
    key="businessplan.plan",
    label=gettext_lazy("Business plan"),
    formats=("pdf", "docx", "xlsx"),
    can_request=allowed_if(lambda user, subject: permissions.access_plan(user=user, slug=subject)),
    render=render,
    cache_key=content_key,
    page=lambda subject: reverse("businessplan:overview", args=[subject]),
    prepare=prepare,
)
