"""Writes of the imports app: upload a file, map its columns, import it. Atomic; the checking and
the import itself run in the background (``tasks``), which the services enqueue on commit."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crosscluster.accounts.queries import AnyUser
from crosscluster.directory.services import IMPORT_FIELDS, REQUIRED_FIELDS
from crosscluster.imports import files, queries, tasks
from crosscluster.imports.models import ImportStatus, OrganisationImport

if TYPE_CHECKING:
    from crosscluster.accounts.models import User
    from crosscluster.directory.models import Organisation


def _check_may_import(user: AnyUser, cluster: Organisation) -> None:
    if not cluster.is_cluster:
        raise ValidationError(
            {
                "cluster": [
                    _("%(name)s is not a cluster: members are imported into a cluster.")
                    % {"name": cluster.name}
                ]
            }
        )
    if not queries.can_import_into(user=user, cluster=cluster):
        raise PermissionDenied(
            _(
                "Only the cluster's managers, the coordinators of its partnerships and administrators import members into a cluster."
            )
        )


def _queue_check(organisation_import: OrganisationImport) -> None:
    # the database backend writes the task row in this transaction: the worker sees it on commit
    tasks.check_import_task.enqueue(str(organisation_import.pk))


def check_upload_size(*, size: int | None) -> None:
    """Refuse a file larger than ``files.MAX_BYTES`` from its announced size, before its bytes
    are read into memory (the page and the API call this first)."""
    if size is not None and size > files.MAX_BYTES:
        raise ValidationError(
            {"file": [_(files.TOO_LARGE) % {"megabytes": files.MAX_BYTES // (1024 * 1024)}]}
        )


def upload_organisations(
    *,
    user: AnyUser,
    cluster: Organisation,
    file_name: str,
    content: bytes,
    now: dt.datetime,
    update_matched: bool = False,
) -> OrganisationImport:
    """Store the file and queue its check. Only its format and header are read here (the rows
    are read by the worker); a file whose header cannot be read is refused with the reason, and
    nothing is stored. ``update_matched``: the organisations the file matches are changed from
    it (the check shows how; a projects file has none)."""
    _check_may_import(user, cluster)
    try:
        table = files.read_header(content)
    except files.UnreadableFileError as problem:
        raise ValidationError({"file": [problem.worded()]}) from problem
    mapping = table.fixed_mapping or files.suggest_mapping(table.columns)
    with transaction.atomic():
        organisation_import = OrganisationImport.objects.create(
            cluster=cluster,
            requested_by=cast("User", user),  # can_import_into refuses anonymous visitors
            file_name=(file_name or "upload")[:200],
            file_format=table.file_format,
            content=content,
            columns=table.columns,
            mapping=mapping,
            update_matched=update_matched and table.file_format != files.CORDIS_PROJECTS,
            rows_total=len(table.rows),
            created_at=now,
        )
        _queue_check(organisation_import)
    return organisation_import


def map_columns(
    *,
    user: AnyUser,
    organisation_import: OrganisationImport,
    mapping: dict[str, str],
    update_matched: bool | None = None,
) -> OrganisationImport:
    """Say which column holds which field (``field -> column``; "" or absent: not in the file),
    and (unless None) whether the matched organisations are updated from the file; then check
    the file again."""
    _check_may_import(user, organisation_import.cluster)
    errors: dict[str, list[str]] = {}
    if organisation_import.has_fixed_columns:
        errors["mapping"] = [_("A CORDIS export's columns are fixed: nothing to map.")]
    elif organisation_import.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
        errors["mapping"] = [_("This file is imported already: upload it again to change it.")]
    chosen = {field: column for field, column in mapping.items() if column}
    for field, column in chosen.items():
        if field not in IMPORT_FIELDS:
            errors.setdefault(field, []).append(
                _("Unknown field %(field)r: map one of %(choices)s.")
                % {"field": field, "choices": ", ".join(IMPORT_FIELDS)}
            )
        elif column not in organisation_import.columns:
            errors.setdefault(field, []).append(
                _("The file has no column %(column)r: choose one of %(choices)s.")
                % {"column": column, "choices": ", ".join(organisation_import.columns)}
            )
    for field in REQUIRED_FIELDS:
        if field not in chosen:
            errors.setdefault(field, []).append(
                _("Choose the column that holds the %(field)s.") % {"field": field}
            )
    used: dict[str, str] = {}
    for field, column in chosen.items():
        if column in used:
            errors.setdefault(field, []).append(
                _("The column %(column)r is chosen for %(used)s already: choose another.")
                % {"column": column, "used": used[column]}
            )
        used.setdefault(column, field)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = OrganisationImport.objects.filter(
            pk=organisation_import.pk,
            status__in=[
                ImportStatus.QUEUED,
                ImportStatus.CHECKED,
                ImportStatus.FAILED,
                ImportStatus.CHECKING,
            ],
        ).update(
            mapping=chosen,
            status=ImportStatus.QUEUED,
            rows_checked=0,
            error="",
            update_matched=(
                organisation_import.update_matched if update_matched is None else update_matched
            ),
        )
        if not updated:
            raise ValidationError(
                {"mapping": [_("This file is being imported: wait for the end.")]}
            )
        _queue_check(organisation_import)
    organisation_import.refresh_from_db()
    return organisation_import


#: Why a file cannot be imported now, a whole sentence per status (each language agrees).
_NOT_IMPORTABLE: dict[str, Promise] = {
    ImportStatus.QUEUED: gettext_lazy(
        "The file is still being checked: import it once the check has finished."
    ),
    ImportStatus.CHECKING: gettext_lazy(
        "The file is still being checked: import it once the check has finished."
    ),
    ImportStatus.IMPORTING: gettext_lazy("The file is being imported already."),
    ImportStatus.DONE: gettext_lazy("The file is imported already."),
    ImportStatus.FAILED: gettext_lazy("The file could not be checked: upload it again."),
}


def start_import(*, user: AnyUser, organisation_import: OrganisationImport) -> OrganisationImport:
    """Import every row (in the background, all or nothing): only a checked file without a
    problem; the rows are checked once more against the directory as it is then."""
    _check_may_import(user, organisation_import.cluster)
    if organisation_import.status != ImportStatus.CHECKED:
        raise ValidationError({"status": [str(_NOT_IMPORTABLE[organisation_import.status])]})
    if organisation_import.problem_count:
        raise ValidationError(
            {
                "rows": [
                    _(
                        "%(error_rows)s rows have problems: correct the file and upload it again (nothing is imported while a row is wrong)."
                    )
                    % {"error_rows": organisation_import.error_rows}
                ]
            }
        )
    if not organisation_import.rows_total:
        raise ValidationError({"rows": [_("The file has no rows to import.")]})
    with transaction.atomic():
        updated = OrganisationImport.objects.filter(
            pk=organisation_import.pk, status=ImportStatus.CHECKED
        ).update(status=ImportStatus.IMPORTING)
        if not updated:
            raise ValidationError({"status": [_("The file changed meanwhile: look again.")]})
        tasks.run_import_task.enqueue(str(organisation_import.pk))
    organisation_import.refresh_from_db()
    return organisation_import


def prune_imports(*, older_than: dt.timedelta, now: dt.datetime) -> int:
    """Delete the imports uploaded before ``now - older_than`` that were never imported (their
    stored file goes with them; a busy one is left to finish); returns how many. Imported ones
    keep their record: their file was emptied when they were imported."""
    deleted, _ = (
        OrganisationImport.objects.filter(created_at__lt=now - older_than)
        .exclude(status__in=[ImportStatus.DONE, ImportStatus.IMPORTING])
        .delete()
    )
    return deleted


def apply_import_retention(now: dt.datetime) -> int:
    """The retention rule: uploads never imported, older than
    ``CROSSCLUSTER_IMPORT_RETENTION_DAYS``."""
    from django.conf import settings

    return prune_imports(older_than=dt.timedelta(days=settings.IMPORT_RETENTION_DAYS), now=now)
