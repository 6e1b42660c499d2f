"""Exports over the API: ask for a document (202, made in the background), poll, download.

No ``from __future__ import annotations`` here: ninja reads the schemas' types at run time.
"""

import uuid
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.core import stored_text
from crosscluster.core.api import ErrorOut
from crosscluster.core.http import absolute_url
from crosscluster.exports import permissions, registry, services
from crosscluster.exports.models import Export, ExportStatus
from crosscluster.exports.views import file_response

router = Router(tags=["exports"])


class ExportIn(Schema):
    kind: str = Field(
        description="A registered kind (GET /kinds), e.g. strategy.jis, businessplan.plan, "
        "brokerage.agenda."
    )
    subject: str = Field(
        description="What to export: the partnership's slug; for brokerage.agenda the "
        "participant's id (yours, or any of a session you organise)."
    )
    format: str = Field(description="pdf, docx or xlsx, as the kind offers.")


class ExportOut(Schema):
    id: uuid.UUID
    kind: str
    subject: str
    format: str
    status: str = Field(description="queued, running, done or failed")
    error: str
    filename: str
    size: int | None
    requested_at: datetime
    finished_at: datetime | None
    status_url: str
    download_url: str | None = Field(description="Set when status is done.")


class KindOut(Schema):
    key: str
    label: str
    formats: list[str]


def _out(export: Export) -> ExportOut:
    return ExportOut(
        id=export.pk,
        kind=export.kind,
        subject=export.subject,
        format=export.file_format,
        status=export.status,
        error=stored_text.word(export.error),
        filename=export.filename,
        size=export.size,
        requested_at=export.requested_at,
        finished_at=export.finished_at,
        status_url=absolute_url(reverse("api-1.0.0:get_export", args=[export.pk])),
        download_url=absolute_url(reverse("api-1.0.0:download_export", args=[export.pk]))
        if export.status == ExportStatus.DONE
        else None,
    )


@router.get("/kinds", response=list[KindOut])
def list_export_kinds(request: HttpRequest) -> list[KindOut]:
    """What can be exported and in which formats."""
    return [
        KindOut(key=kind.key, label=str(kind.label), formats=list(kind.formats))
        for kind in registry.list_kinds()
    ]


@router.post(
    "",
    response={202: ExportOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=token_auth,
    throttle=[permissions.REQUEST_THROTTLE],
)
def create_export(request: HttpRequest, payload: ExportIn) -> Status[ExportOut]:
    """Ask for a document; it is made in the background. Poll ``status_url`` until ``done``.

    At most 60 requests an hour per person, with the site's pages (429 with ``Retry-After``)."""
    user = token_user(request)
    kind = services.get_requestable_kind(kind=payload.kind, file_format=payload.format)
    permissions.access_kind_for_request(user=user, kind=kind, subject=payload.subject)
    export = services.request_export(
        user=user,
        kind=kind,
        subject=payload.subject,
        file_format=payload.format,
        now=timezone.now(),
    )
    return Status(202, _out(export))


@router.get("/{export_id}", response={200: ExportOut, 404: ErrorOut}, auth=token_auth)
def get_export(request: HttpRequest, export_id: str) -> ExportOut:
    """The export's status (only its requester sees it)."""
    return _out(permissions.access_export(user=token_user(request), export_id=export_id))


@router.get(
    "/{export_id}/file",
    response={200: None, 404: ErrorOut, 409: ErrorOut},
    auth=token_auth,
)
def download_export(request: HttpRequest, export_id: str) -> HttpResponse:
    """The file of a finished export (409 while it is being made)."""
    export = permissions.access_export(user=token_user(request), export_id=export_id)
    if export.status != ExportStatus.DONE:
        return HttpResponse(
            b'{"detail": "The document is not ready yet; poll status_url until status is done."}',
            status=409,
            content_type="application/json",
        )
    return file_response(export)
