"""API of the archives app (token): an administrator imports a partnership archive.

Exporting one goes through the exports API (``POST /api/v1/exports`` with kind
``archives.partnership``, format ``zip``), like every other document.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status, UploadedFile

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.archives import permissions, queries, services
from crosscluster.archives.models import ArchiveImport
from crosscluster.core import stored_text
from crosscluster.core.api import ErrorOut

router = Router(tags=["archives"])


class ArchiveImportIn(Schema):
    #: import under this slug; empty: the archived one
    slug: str = ""


class ArchiveImportOut(Schema):
    id: UUID
    file_name: str
    slug: str
    #: queued, running, done or failed
    status: str
    #: why nothing was imported (failed), naming the field and the fix
    error: str
    #: the new partnership's slug (done)
    partnership_slug: str
    rows: int | None
    matched_organisations: int | None
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_error(obj: ArchiveImport) -> str:
        return stored_text.word(obj.error)


@router.post(
    "/imports",
    response={202: ArchiveImportOut, 400: ErrorOut, 403: ErrorOut},
    auth=token_auth,
    summary="Import a partnership archive (multipart: file, slug), all or nothing, in the background",
)
def upload_archive(
    request: HttpRequest, details: Form[ArchiveImportIn], file: File[UploadedFile]
) -> Status[ArchiveImport]:
    """Platform administrators only. A file that is not an archive, a newer format version or
    a slug already used is a 400 naming the field; poll the import until ``status`` is done."""
    user = token_user(request)
    permissions.require_importer(user)
    archive_import = services.request_import(
        user=user,
        file_name=file.name or "",
        content=file.read(),
        slug=details.slug,
        now=timezone.now(),
    )
    return Status(202, archive_import)


@router.get("/imports", response=list[ArchiveImportOut], auth=token_auth, summary="Your imports")
def list_archive_imports(request: HttpRequest) -> list[ArchiveImport]:
    return list(queries.list_imports(user=token_user(request))[:100])


@router.get(
    "/imports/{import_id}",
    response={200: ArchiveImportOut, 404: ErrorOut},
    auth=token_auth,
    summary="One archive import: its status, and what it became",
)
def get_archive_import(request: HttpRequest, import_id: str) -> ArchiveImport:
    return permissions.access_import(user=token_user(request), import_id=import_id)
