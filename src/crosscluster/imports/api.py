"""API of the imports app (token): the page's actions, one operation each."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from crosscluster.accounts.auth import token_auth, token_user
from crosscluster.core import stored_text
from crosscluster.core.api import ErrorOut, Pagination
from crosscluster.directory.services import IMPORT_FIELDS
from crosscluster.imports import permissions, queries, services
from crosscluster.imports.models import OrganisationImport

router = Router(tags=["imports"])
WRITE_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ImportIn(Schema):
    #: the slug of the cluster the organisations join
    cluster: str
    update_matched: bool = Field(
        False,
        description=(
            "Update matched organisations: the fields the file gives (website, city, "
            "nuts_region, description; technologies, sectors, services per facet) change the "
            "organisations already in the directory that rows match (never their name); the "
            "check shows each change."
        ),
    )


class MappingIn(Schema):
    mapping: dict[str, str] = Field(
        ...,
        description=(
            "Field -> the file's column; name and country are required. Fields: "
            + ", ".join(IMPORT_FIELDS)
            + " (technologies, sectors and services: taxonomy labels separated by ';', each "
            "optionally with a level 1 to 5 as 'Robotics:4', written for new organisations, and "
            "for matched ones when the import updates them)."
        ),
    )
    #: absent: unchanged
    update_matched: bool | None = Field(
        None, description="Update matched organisations from the file (see the upload)."
    )


class FieldChangeOut(Schema):
    #: website, city, nuts_region, description, technologies, sectors or services
    field: str
    #: as it is (tags: 'Label:level; ...'; at most 300 characters shown)
    before: str
    #: as the file makes it
    after: str


class ImportRowPlanOut(Schema):
    row: int
    name: str
    country: str
    #: new, or match (an organisation already in the directory, added as a member; a CORDIS
    #: project stored already, updated from the file)
    action: str
    organisation_id: int | None
    #: why a match is the same organisation: same_reference, same_name, same_website
    reason: str
    already_member: bool
    #: what importing changes on the matched organisation (update_matched)
    changes: list[FieldChangeOut] = []
    #: matched and not changed by update_matched: its own people are on the platform
    kept: bool = False


class ImportChangesOut(Schema):
    row: int
    name: str
    organisation_id: int
    changes: list[FieldChangeOut]


class ImportProblemOut(Schema):
    #: the row as a spreadsheet numbers it (the header is row 1; a CORDIS export: the record)
    row: int
    column: str
    message: str


class ImportOut(Schema):
    id: UUID
    cluster: str
    file_name: str
    file_format: str
    #: queued, checking, checked, importing, done, failed
    status: str
    columns: list[str]
    mapping: dict[str, str]
    update_matched: bool
    rows_total: int
    rows_checked: int
    #: how far the background work is, in % (what the page's progress bar shows): while
    #: checking, rows checked of rows_total; while importing, the import's own progress (its
    #: rows checked again, then written)
    progress_percent: int
    new_count: int
    matched_count: int
    already_member_count: int
    #: matched organisations the import changes (checked) or changed (done): update_matched
    updated_count: int
    #: matched organisations update_matched leaves alone: their own people keep the profile
    kept_count: int
    error_rows: int
    problem_count: int
    #: what importing does with the first 100 rows without problems
    preview: list[ImportRowPlanOut]
    created_count: int | None
    members_added: int | None
    error: str
    created_at: datetime
    checked_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def resolve_cluster(obj: OrganisationImport) -> str:
        return obj.cluster.slug

    @staticmethod
    def resolve_progress_percent(obj: OrganisationImport) -> int:
        return queries.get_progress_percent(organisation_import=obj)

    @staticmethod
    def resolve_preview(obj: OrganisationImport) -> list[dict[str, object]]:
        return queries.word_changes(obj.preview)

    @staticmethod
    def resolve_error(obj: OrganisationImport) -> str:
        return stored_text.word(obj.error)


@router.post(
    "/organisations",
    response={201: ImportOut, **WRITE_ERRORS},
    auth=token_auth,
    throttle=[permissions.UPLOAD_THROTTLE],
    summary="Upload a file of organisations to check (multipart: cluster, file)",
)
def upload(
    request: HttpRequest, details: Form[ImportIn], file: File[UploadedFile]
) -> Status[OrganisationImport]:
    """CSV, XLSX, a CORDIS organisation export (organization.json) or a CORDIS projects file
    (project.json: projects and their dates, for the network; no members added). The
    cluster's managers, its partnerships' coordinators and administrators only. The file is
    checked in the background: poll the import until ``status`` is ``checked``."""
    user = token_user(request)
    cluster = permissions.access_cluster_for_import(user=user, slug=details.cluster)
    services.check_upload_size(size=file.size)
    organisation_import = services.upload_organisations(
        user=user,
        cluster=cluster,
        file_name=file.name or "",
        content=file.read(),
        now=timezone.now(),
        update_matched=details.update_matched,
    )
    return Status(201, organisation_import)


@router.get("/organisations", response=list[ImportOut], auth=token_auth, summary="Your imports")
@paginate(Pagination)
def list_imports(request: HttpRequest) -> list[OrganisationImport]:
    return list(queries.list_imports(user=token_user(request)).defer(None).defer("content"))


@router.get(
    "/organisations/{import_id}",
    response={200: ImportOut, 404: ErrorOut},
    auth=token_auth,
    summary="One import: progress, what the check found, what was imported",
)
def get_import(request: HttpRequest, import_id: str) -> OrganisationImport:
    return permissions.access_import(user=token_user(request), import_id=import_id)


@router.get(
    "/organisations/{import_id}/problems",
    response={200: list[ImportProblemOut], 404: ErrorOut},
    auth=token_auth,
    summary="The problems the check found, each naming its row and column (the first 1,000)",
)
@paginate(Pagination)
def list_problems(request: HttpRequest, import_id: str) -> list[dict[str, object]]:
    found = permissions.access_import(user=token_user(request), import_id=import_id)
    # each message in the reader's language (the worker stored it as message and values)
    return [
        {**problem, "message": stored_text.word(str(problem.get("message", "")))}
        for problem in found.problems
    ]


@router.get(
    "/organisations/{import_id}/changes",
    response={200: list[ImportChangesOut], 404: ErrorOut},
    auth=token_auth,
    summary="What the import changes on the organisations it matches (update_matched; the "
    "first 1,000 rows)",
)
@paginate(Pagination)
def list_changes(request: HttpRequest, import_id: str) -> list[dict[str, object]]:
    found = permissions.access_import(user=token_user(request), import_id=import_id)
    return queries.word_changes(found.changes)  # the tags' labels in the reader's language


@router.put(
    "/organisations/{import_id}/mapping",
    response={200: ImportOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Say which column holds which field; the file is checked again",
)
def map_columns(request: HttpRequest, import_id: str, payload: MappingIn) -> OrganisationImport:
    user = token_user(request)
    found = permissions.access_import(user=user, import_id=import_id)
    return services.map_columns(
        user=user,
        organisation_import=found,
        mapping=payload.mapping,
        update_matched=payload.update_matched,
    )


@router.post(
    "/organisations/{import_id}/import",
    response={202: ImportOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Import every row of a checked file without problems (all or nothing, background)",
)
def start_import(request: HttpRequest, import_id: str) -> Status[OrganisationImport]:
    user = token_user(request)
    found = permissions.access_import(user=user, import_id=import_id)
    return Status(202, services.start_import(user=user, organisation_import=found))
