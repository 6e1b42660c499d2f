"""The worker side of an import: check every row (with progress), then import all or nothing.

Checking 100,000 rows takes tens of seconds (every row is validated and matched against the
directory), too slow for a request: the pages and the API show the stored progress and results.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import logging
import os
import uuid

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from crosscluster.core import stored_text
from crosscluster.directory.services import (
    REQUIRED_FIELDS,
    ImportRow,
    RowsChangedError,
    check_organisation_rows,
    import_organisation_rows,
)
from crosscluster.imports import files, queries
from crosscluster.imports.models import (
    PREVIEW_ROWS,
    PROBLEMS_KEPT,
    CordisParticipation,
    CordisProject,
    ImportFormat,
    ImportStatus,
    OrganisationImport,
)

logger = logging.getLogger(__name__)
#: the share (%) of an import's progress that is its rows checked again; the rest is the writing
#: (new organisations, then memberships, then their tags). Measured by the 100,000-row benchmark: 18 % to 35 %
#: depending on the machine's load (docs/imports.md).
IMPORT_CHECK_SHARE = 30


def _store_progress(import_id: str, percent: int) -> None:
    """Write how far the import is where ``queries.get_progress_percent`` reads it (a small
    file, replaced whole so a reader never sees half of it)."""
    path = queries.progress_path(import_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(str(percent), encoding="ascii")
        os.replace(partial, path)
    except OSError:  # the import goes on; only its percentage is not shown
        logger.warning("import %s: its progress cannot be written to %s", import_id, path)


def _forget_progress(import_id: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        queries.progress_path(import_id).unlink()


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


#: a required field no column of the file holds (a whole sentence each)
UNMAPPED = {
    "name": gettext_noop("No column holds the name: choose it under Columns."),
    "country": gettext_noop("No column holds the country: choose it under Columns."),
}

#: an import refused because rows that passed the check have problems now
REFUSED_CHANGED = gettext_noop(
    "Nothing was imported: the directory changed since the check, and the rows below have "
    "problems now. Correct them and check the file again."
)
#: an import refused because its cluster is not a cluster any more
REFUSED_NOT_CLUSTER = gettext_noop(
    "Nothing was imported: %(name)s is not a cluster any more. Start the import again from a "
    "cluster's page."
)


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
    if organisation_import.file_format == ImportFormat.CORDIS_PROJECTS:
        return _check_projects(organisation_import, now)
    mapping = dict(organisation_import.mapping)
    unmapped = [field for field in REQUIRED_FIELDS if not mapping.get(field)]
    if unmapped:
        # no column of the file is named like a required field: one problem each, on the header
        problems = [
            {
                "row": 1,
                "column": "",
                "message": stored_text.store(UNMAPPED[field]),
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
            problems=[{"row": 0, "column": "", "message": problem.stored}],
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
            update_matched=organisation_import.update_matched,
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
        updated_count=check.updated,
        kept_count=check.kept,
        changes=[
            {key: plan.as_record()[key] for key in ("row", "name", "organisation_id", "changes")}
            for plan in itertools.islice((p for p in check.plans if p.changes), PROBLEMS_KEPT)
        ],
        checked_at=now,
        error="",
    )
    return "checked" if updated else "skipped"


class _ImportProgress:
    """The import's progress as the job stores it: ``IMPORT_CHECK_SHARE`` % for its rows checked
    again, the rest for what it writes."""

    def __init__(self, import_id: str, rows_total: int) -> None:
        self.import_id, self.rows_total = import_id, max(rows_total, 1)

    def checked(self, done: int) -> None:
        share = IMPORT_CHECK_SHARE * min(done, self.rows_total) // self.rows_total
        _store_progress(self.import_id, share)

    def written(self, done: int, to_write: int) -> None:
        share = (100 - IMPORT_CHECK_SHARE) * done // to_write if to_write else 100
        _store_progress(self.import_id, min(100, IMPORT_CHECK_SHARE + share))


def _write_organisations(
    organisation_import: OrganisationImport,
    table: files.Table,
    now: dt.datetime,
    progress: _ImportProgress,
) -> tuple[int, int, int]:
    """The rows as organisations, members of the cluster (the matched ones changed from the
    file with the option), and a CORDIS export's participations; (organisations created,
    members added, organisations updated)."""
    mapping = dict(organisation_import.mapping)
    result = import_organisation_rows(
        cluster=organisation_import.cluster,
        rows=_rows(table, mapping),
        columns=mapping,
        source=_source(organisation_import),
        source_vintage=table.vintage,
        update_matched=organisation_import.update_matched,
        actor_id=organisation_import.requested_by_id,
        audit_note={"import": str(organisation_import.pk), "file": organisation_import.file_name},
        on_progress=progress.checked,
        on_written=progress.written,
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
    return result.created, result.members_added, result.updated


def run_import(*, import_id: str, now: dt.datetime) -> str:
    """Import every row or none; returns ``done``, ``refused`` (a row became wrong since the
    check: nothing written, the problems stored), ``skipped`` or ``failed``."""
    organisation_import = _claim(import_id, ImportStatus.IMPORTING, ImportStatus.IMPORTING)
    if organisation_import is None:
        return "skipped"
    if (
        organisation_import.file_format != ImportFormat.CORDIS_PROJECTS
        and not organisation_import.cluster.is_cluster
    ):
        OrganisationImport.objects.filter(pk=import_id).update(
            status=ImportStatus.CHECKED,
            error=stored_text.store(REFUSED_NOT_CLUSTER, name=organisation_import.cluster.name),
        )
        return "refused"
    progress = _ImportProgress(import_id, organisation_import.rows_total)
    try:
        _store_progress(import_id, 0)
        table = files.read_table(queries.get_content(organisation_import=organisation_import))
        with transaction.atomic():  # the organisations and their projects, or nothing
            if organisation_import.file_format == ImportFormat.CORDIS_PROJECTS:
                created, members_added, updated = (*_write_projects(table, now, progress), 0)
            else:
                created, members_added, updated = _write_organisations(
                    organisation_import, table, now, progress
                )
    except RowsChangedError as changed:
        # each problem kept as a record with its message stored (core.stored_text), so the page
        # and the API word it in their reader's language, as the check's problems are
        OrganisationImport.objects.filter(pk=import_id).update(
            status=ImportStatus.CHECKED,
            error_rows=len({problem["row"] for problem in changed.problems}),
            problem_count=len(changed.problems),
            problems=changed.problems[:PROBLEMS_KEPT],
            error=stored_text.store(REFUSED_CHANGED),
        )
        _forget_progress(import_id)
        return "refused"
    except Exception:
        failed = _fail(import_id, now, "importing the file")
        _forget_progress(import_id)
        return failed
    OrganisationImport.objects.filter(pk=import_id).update(
        content=b"",  # imported: the file is not kept (its rows are the directory's now)
        status=ImportStatus.DONE,
        created_count=created,
        members_added=members_added,
        updated_count=updated,
        finished_at=now,
    )
    _forget_progress(import_id)
    return "done"


# A CORDIS projects file (project.json): the projects' acronyms, titles and dates.

PROJECT_TEXT_LIMITS = {"acronym": 100, "title": 600}


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _check_project_rows(
    table: files.Table, known: set[str]
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Every record of a projects file checked: (plans, problems); a plan is the preview's
    record plus the project's values; ``known``: the project ids stored already."""
    plans: list[dict[str, object]] = []
    problems: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        found: list[dict[str, object]] = []

        def problem(
            column: str,
            message: str,
            number: int = number,
            found: list[dict[str, object]] = found,
            **values: object,
        ) -> None:
            # worded where it is read, in the reader's language (core.stored_text)
            found.append(
                {"row": number, "column": column, "message": stored_text.store(message, **values)}
            )

        project_id = cells["id"]
        if not (project_id.isdigit() and len(project_id) <= 20):
            problem("id", gettext_noop("Give the project's CORDIS id: its number, such as 645119."))
        elif project_id in seen:
            problem(
                "id",
                gettext_noop(
                    "Record %(row)s is the same project as record %(earlier)s: keep one of the two."
                ),
                row=number,
                earlier=seen[project_id],
            )
        for column, limit in PROJECT_TEXT_LIMITS.items():
            if len(cells[column]) > limit:
                problem(
                    column,
                    gettext_noop("Longer than %(limit)s characters: shorten it."),
                    limit=limit,
                )
        start, end = _date(cells["startDate"]), _date(cells["endDate"])
        if not cells["startDate"]:
            problem(
                "startDate",
                gettext_noop(
                    "Give the project's start date (YYYY-MM-DD): its ties are dated by it."
                ),
            )
        elif start is None:
            problem(
                "startDate",
                gettext_noop("%(value)r is not a date: write it as YYYY-MM-DD."),
                value=cells["startDate"],
            )
        if cells["endDate"] and end is None:
            problem(
                "endDate",
                gettext_noop("%(value)r is not a date: write it as YYYY-MM-DD."),
                value=cells["endDate"],
            )
        elif start is not None and end is not None and end < start:
            problem(
                "endDate",
                gettext_noop("The end %(end)s is before the start %(start)s: correct one of them."),
                end=end.isoformat(),
                start=start.isoformat(),
            )
        if found:
            problems.extend(found)
            continue
        seen[project_id] = number
        plans.append(
            {
                "row": number,
                "name": " ".join(filter(None, (cells["acronym"], cells["title"])))[:300],
                "country": "",
                "action": "match" if project_id in known else "new",
                "organisation_id": None,
                "reason": "same_reference" if project_id in known else "",
                "already_member": False,
                "values": {
                    "project_id": project_id,
                    "acronym": cells["acronym"],
                    "title": cells["title"],
                    "start_date": start,
                    "end_date": end,
                    "updated_in_source": cells["contentUpdateDate"][:20],
                },
            }
        )
    return plans, problems


def _preview(plans: list[dict[str, object]]) -> list[dict[str, object]]:
    return [
        {key: value for key, value in plan.items() if key != "values"}
        for plan in plans[:PREVIEW_ROWS]
    ]


def _known_projects(table: files.Table) -> set[str]:
    return queries.list_known_cordis_project_ids(
        project_ids={cells["id"] for _, cells in table.rows}
    )


def _check_projects(organisation_import: OrganisationImport, now: dt.datetime) -> str:
    import_id = str(organisation_import.pk)
    try:
        table = files.read_table(bytes(organisation_import.content))
        plans, problems = _check_project_rows(table, _known_projects(table))
    except Exception:
        return _fail(import_id, now, "checking the file")
    updated = OrganisationImport.objects.filter(pk=import_id, status=ImportStatus.CHECKING).update(
        status=ImportStatus.CHECKED,
        rows_total=len(table.rows),
        rows_checked=len(table.rows),
        new_count=sum(plan["action"] == "new" for plan in plans),
        matched_count=sum(plan["action"] == "match" for plan in plans),
        already_member_count=0,
        error_rows=len({problem["row"] for problem in problems}),
        problem_count=len(problems),
        problems=problems[:PROBLEMS_KEPT],
        preview=_preview(plans),
        checked_at=now,
        error="",
    )
    return "checked" if updated else "skipped"


def _write_projects(
    table: files.Table, now: dt.datetime, progress: _ImportProgress
) -> tuple[int, int]:
    """Every project of the file checked again, then created or (known already) replaced by the
    file's values; (projects created, 0)."""
    plans, problems = _check_project_rows(table, _known_projects(table))
    progress.checked(len(table.rows))
    if problems:
        raise RowsChangedError(
            [
                _("Record %(row)s, %(column)s: %(message)s")
                % {
                    "row": item["row"],
                    "column": item["column"],
                    "message": stored_text.word(str(item["message"])),
                }
                for item in problems[:20]
            ],
            problems=problems,
        )
    projects = [
        (plan["action"], CordisProject(imported_at=now, **plan["values"]))  # type: ignore[arg-type]
        for plan in plans
    ]
    new = [project for action, project in projects if action == "new"]
    known = [project for action, project in projects if action != "new"]
    ids = dict(
        CordisProject.objects.filter(project_id__in=[p.project_id for p in known]).values_list(
            "project_id", "pk"
        )
    )
    for project in known:
        project.pk = ids[project.project_id]
    batch = 2000
    for start in range(0, len(new), batch):
        CordisProject.objects.bulk_create(new[start : start + batch])
        progress.written(start + len(new[start : start + batch]), len(projects))
    for start in range(0, len(known), batch):
        CordisProject.objects.bulk_update(
            known[start : start + batch],
            ["acronym", "title", "start_date", "end_date", "updated_in_source", "imported_at"],
        )
        progress.written(len(new) + start + len(known[start : start + batch]), len(projects))
    if not projects:
        progress.written(0, 0)
    return len(new), 0
