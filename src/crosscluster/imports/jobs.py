"""The worker side of an import: check every row (with progress), then import all or nothing.

Checking 100,000 rows takes tens of seconds (every row is validated and matched against the
directory), too slow for a request: the pages and the API show the stored progress and results.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop

from crosscluster.core import stored_text
from crosscluster.directory.services import (
    REQUIRED_FIELDS,
    ImportRow,
    check_organisation_rows,
    import_organisation_rows,
)
from crosscluster.imports import files, queries
from crosscluster.imports.models import (
    PREVIEW_ROWS,
    PROBLEMS_KEPT,
    CordisParticipation,
    ImportFormat,
    ImportStatus,
    OrganisationImport,
)

logger = logging.getLogger(__name__)


def _rows(table: files.Table, mapping: dict[str, str]) -> list[ImportRow]:
    return [
        ImportRow(
            number=number,
            values={field: cells.get(column, "") for field, column in mapping.items()},
        )
        for number, cells in table.rows
    ]


def _source(organisation_import: OrganisationImport) -> str:
    """The directory's data source (``DataSource``) of the organisations a file creates."""
    return "cordis" if organisation_import.file_format == ImportFormat.CORDIS else "user"


def _claim(import_id: str, before: str, during: str) -> OrganisationImport | None:
    with transaction.atomic():
        # ``during`` too: the task runs again when its worker died mid-way.
        claimed = OrganisationImport.objects.filter(
            pk=import_id, status__in=[before, during]
        ).update(status=during)
        if not claimed:
            return None
        return OrganisationImport.objects.select_related("cluster").get(pk=import_id)


#: what the person reads when a step failed (whole sentences, worded when shown:
#: ``core.stored_text``), by the step
FAILURES = {
    "reading the file": gettext_noop(
        "Something went wrong while reading the file (reference %(reference)s): try again."
    ),
    "checking the file": gettext_noop(
        "Something went wrong while checking the file (reference %(reference)s): try again."
    ),
    "importing the file": gettext_noop(
        "Something went wrong while importing the file (reference %(reference)s): try again."
    ),
}


def _fail(import_id: str, now: dt.datetime, what: str) -> str:
    reference = uuid.uuid4().hex[:12]
    logger.exception("import %s failed while %s (reference %s)", import_id, what, reference)
    OrganisationImport.objects.filter(pk=import_id).update(
        status=ImportStatus.FAILED,
        error=stored_text.store(FAILURES[what], reference=reference),
        finished_at=now,
    )
    return "failed"


def check_import(*, import_id: str, now: dt.datetime) -> str:
    """Check every row and store what importing would do; returns ``checked``, ``skipped``
    (nothing queued: the mapping changed again, or it was imported) or ``failed``."""
    organisation_import = _claim(import_id, ImportStatus.QUEUED, ImportStatus.CHECKING)
    if organisation_import is None:
        return "skipped"
    mapping = dict(organisation_import.mapping)
    unmapped = [field for field in REQUIRED_FIELDS if not mapping.get(field)]
    if unmapped:
        # no column of the file is named like a required field: one problem each, on the header
        problems = [
            {
                "row": 1,
                "column": "",
                "message": f"No column holds the {field}: choose it under Columns.",
            }
            for field in unmapped
        ]
        OrganisationImport.objects.filter(pk=import_id, status=ImportStatus.CHECKING).update(
            status=ImportStatus.CHECKED,
            rows_checked=0,
            new_count=0,
            matched_count=0,
            already_member_count=0,
            error_rows=1,
            problem_count=len(problems),
            problems=problems,
            preview=[],
            checked_at=now,
        )
        return "checked"
    try:
        table = files.read_table(bytes(organisation_import.content))
    except files.UnreadableFileError as problem:
        OrganisationImport.objects.filter(pk=import_id, status=ImportStatus.CHECKING).update(
            status=ImportStatus.CHECKED,
            error_rows=1,
            problem_count=1,
            problems=[{"row": 0, "column": "", "message": str(problem)}],
            preview=[],
            checked_at=now,
        )
        return "checked"
    except Exception:
        return _fail(import_id, now, "reading the file")
    OrganisationImport.objects.filter(pk=import_id).update(rows_total=len(table.rows))
    try:

        def progress(done: int) -> None:
            OrganisationImport.objects.filter(pk=import_id, status=ImportStatus.CHECKING).update(
                rows_checked=done
            )

        check = check_organisation_rows(
            cluster_id=organisation_import.cluster_id,
            rows=_rows(table, mapping),
            columns=mapping,
            source=_source(organisation_import),
            on_progress=progress,
        )
    except Exception:
        return _fail(import_id, now, "checking the file")
    updated = OrganisationImport.objects.filter(pk=import_id, status=ImportStatus.CHECKING).update(
        status=ImportStatus.CHECKED,
        rows_checked=check.rows,
        new_count=check.new,
        matched_count=check.matched,
        already_member_count=check.already_members,
        error_rows=check.error_rows,
        problem_count=len(check.problems),
        problems=[problem.as_record() for problem in check.problems[:PROBLEMS_KEPT]],
        preview=[plan.as_record() for plan in check.plans[:PREVIEW_ROWS]],
        checked_at=now,
        error="",
    )
    return "checked" if updated else "skipped"


def run_import(*, import_id: str, now: dt.datetime) -> str:
    """Import every row or none; returns ``done``, ``refused`` (a row became wrong since the
    check: nothing written, the problems stored), ``skipped`` or ``failed``."""
    organisation_import = _claim(import_id, ImportStatus.IMPORTING, ImportStatus.IMPORTING)
    if organisation_import is None:
        return "skipped"
    mapping = dict(organisation_import.mapping)
    try:
        table = files.read_table(queries.get_content(organisation_import=organisation_import))
        with transaction.atomic():  # the organisations and their projects, or nothing
            result = import_organisation_rows(
                cluster=organisation_import.cluster,
                rows=_rows(table, mapping),
                columns=mapping,
                source=_source(organisation_import),
                source_vintage=table.vintage,
            )
            # a CORDIS export's participations: the network's "joint EU project" ties
            CordisParticipation.objects.bulk_create(
                [
                    CordisParticipation(
                        project_id=project_id[:20],
                        project_acronym=acronym[:100],
                        pic=pic[:20],
                        imported_at=now,
                    )
                    for project_id, acronym, pic in table.participations
                ],
                batch_size=2000,
                ignore_conflicts=True,
            )
    except ValidationError as error:
        messages = [str(message) for message in error.messages]
        OrganisationImport.objects.filter(pk=import_id).update(
            status=ImportStatus.CHECKED,
            problem_count=max(len(messages), 1),
            problems=[{"row": 0, "column": "", "message": message} for message in messages],
            error=stored_text.store(
                gettext_noop(
                    "Nothing was imported: the directory changed since the check. %(problems)s"
                ),
                problems=" ".join(messages[:3]),
            ),
        )
        return "refused"
    except Exception:
        return _fail(import_id, now, "importing the file")
    OrganisationImport.objects.filter(pk=import_id).update(
        content=b"",  # imported: the file is not kept (its rows are the directory's now)
        status=ImportStatus.DONE,
        created_count=result.created,
        members_added=result.members_added,
        finished_at=now,
    )
    return "done"
