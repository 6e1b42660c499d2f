"""Pages: ask for a document, watch it being made, download it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from crosscluster.core.documents.names import attachment
from crosscluster.core.http import is_htmx
from crosscluster.core.throttling import refuse_if_throttled
from crosscluster.exports import permissions, queries, services
from crosscluster.exports.models import Export, ExportStatus
from crosscluster.exports.registry import CONTENT_TYPES, get_kind


@require_POST
def request_export(request: HttpRequest) -> HttpResponse:
    throttled = refuse_if_throttled(request, permissions.REQUEST_THROTTLE)
    if throttled is not None:
        return throttled
    file_format = request.POST.get("format", "")
    subject = request.POST.get("subject", "")
    try:
        kind = services.get_requestable_kind(
            kind=request.POST.get("kind", ""), file_format=file_format
        )
    except ValidationError as error:
        return render(request, "exports/invalid.html", {"errors": error.message_dict}, status=400)
    permissions.access_kind_for_request(user=request.user, kind=kind, subject=subject)
    export = services.request_export(
        user=request.user, kind=kind, subject=subject, file_format=file_format, now=timezone.now()
    )
    return redirect("exports:status", export_id=export.pk)


@require_safe
def status(request: HttpRequest, export_id: str) -> HttpResponse:
    export = permissions.access_export(user=request.user, export_id=export_id)
    template = "exports/_status.html" if is_htmx(request) else "exports/status.html"
    try:
        kind = get_kind(export.kind)
        label, back_url = str(kind.label), kind.page_url(export.subject)
    except LookupError:  # a kind no longer registered: the file is still there
        label, back_url = export.kind, ""
    response = render(
        request, template, {"export": export, "kind_label": label, "back_url": back_url}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def download(request: HttpRequest, export_id: str) -> HttpResponse:
    export = permissions.access_export(user=request.user, export_id=export_id)
    if export.status != ExportStatus.DONE:
        return redirect("exports:status", export_id=export.pk)
    return file_response(export)


def file_response(export: Export) -> HttpResponse:
    """A finished export's file as a private attachment (the page's and the API's download),
    named in the language it is written in (``core.documents.names.attachment``: an ASCII
    ``filename`` and the UTF-8 ``filename*``)."""
    response = HttpResponse(
        queries.get_content(export=export), content_type=CONTENT_TYPES[export.file_format]
    )
    response["Content-Disposition"] = attachment(export.filename)
    response["Cache-Control"] = "private, no-store"
    return response
