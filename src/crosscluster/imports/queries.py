"""Reads of the imports app: who may import into which cluster, and one person's imports."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from crosscluster.accounts.queries import AnyUser
from crosscluster.core.taxonomy import translate_label
from crosscluster.directory import queries as directory_queries
from crosscluster.imports.models import (
    CordisParticipation,
    CordisProject,
    ImportStatus,
    OrganisationImport,
)
from crosscluster.partnerships import queries as partnership_queries

if TYPE_CHECKING:
    from crosscluster.directory.models import Organisation


def can_import_into(*, user: AnyUser, cluster: Organisation) -> bool:
    """The cluster's managers, the coordinators of a partnership it is a partner of, and
    platform administrators add members to a cluster from a file."""
    if not user.is_authenticated or not cluster.is_cluster:
        return False
    if directory_queries.can_manage(user=user, organisation=cluster):
        return True
    return any(
        partnership_queries.is_partner(partnership_id=partnership_id, organisation_id=cluster.pk)
        for partnership_id in partnership_queries.coordinated_partnership_ids(user=user)
    )


def list_import_clusters(*, user: AnyUser) -> list[Organisation]:
    """The clusters ``user`` may import into (managed ones and the partner clusters of the
    partnerships they coordinate), by name."""
    if not user.is_authenticated:
        return []
    ids = {cluster.pk for cluster in partnership_queries.list_managed_clusters(user=user)}
    for partnership_id in partnership_queries.coordinated_partnership_ids(user=user):
        ids |= partnership_queries.list_partner_organisation_ids(partnership_id=partnership_id)
    found = directory_queries.list_organisations_by_id(organisation_ids=ids)
    return sorted((o for o in found.values() if o.is_cluster), key=lambda o: o.name)


def find_cluster(*, slug: str) -> Organisation | None:
    return directory_queries.find_organisation(slug=slug)


def list_imports(*, user: AnyUser) -> QuerySet[OrganisationImport]:
    """The person's imports, newest first (without the files)."""
    return (
        OrganisationImport.objects.filter(requested_by_id=user.pk or 0)
        .select_related("cluster")
        .defer("content", "problems", "preview")
        .order_by("-created_at")
    )


def find_import(*, import_id: str) -> OrganisationImport | None:
    try:
        return (
            OrganisationImport.objects.select_related("cluster")
            .defer("content")
            .filter(pk=import_id)
            .first()
        )
    except (ValidationError, ValueError, TypeError):  # not a UUID
        return None


def get_content(*, organisation_import: OrganisationImport) -> bytes:
    return bytes(
        OrganisationImport.objects.filter(pk=organisation_import.pk).values_list(
            "content", flat=True
        )[0]
    )


def progress_path(import_id: object) -> Path:
    """The file where the import job writes how far it is: its transaction's writes are seen by
    no other connection until it commits (and SQLite lets no other connection write meanwhile),
    so the progress of an import lives beside the stored files (``MEDIA_ROOT``, the volume every
    web process and worker shares), not in the database."""
    return Path(settings.MEDIA_ROOT) / "import-progress" / f"{import_id}.txt"


def get_progress_percent(*, organisation_import: OrganisationImport) -> int:
    """How far the import is, in %: while it is checked, its rows checked of all (stored in the
    import); while it is imported, what the job last wrote in ``progress_path`` (0 until the
    first batch); the stored figure otherwise."""
    if organisation_import.status != ImportStatus.IMPORTING:
        return organisation_import.progress_percent
    try:
        written = progress_path(organisation_import.pk).read_text(encoding="ascii")
        return max(0, min(100, int(written)))
    except (OSError, ValueError):
        return 0


def personal_data(user_id: int) -> dict[str, object]:
    """The imports a person uploaded (see core.personal_data; the files are theirs too, but
    hold organisations, so the list names them and says what became of them)."""
    return {
        "organisation_imports": list(
            OrganisationImport.objects.filter(requested_by_id=user_id)
            .order_by("created_at")
            .values(
                "file_name",
                "file_format",
                "cluster__slug",
                "status",
                "rows_total",
                "created_count",
                "members_added",
                "created_at",
                "finished_at",
            )
        )
    }


def list_cordis_participations(
    *, pics: Collection[str], project_ids: Collection[str] = ()
) -> list[tuple[str, str, str]]:
    """(project id, acronym, PIC) of every imported participation in a project that one of
    ``pics`` took part in (as imported) or that is one of ``project_ids`` (for the
    collaboration network's project ties)."""
    if not pics and not project_ids:
        return []
    projects = CordisParticipation.objects.filter(pic__in=list(pics)).values("project_id")
    return list(
        CordisParticipation.objects.filter(
            Q(project_id__in=projects) | Q(project_id__in=list(project_ids))
        )
        .order_by("project_id", "pic")
        .values_list("project_id", "project_acronym", "pic")
    )


def list_known_cordis_project_ids(*, project_ids: Collection[str]) -> set[str]:
    """Which of ``project_ids`` are stored already (from an earlier CORDIS projects file)."""
    wanted = sorted(project_ids)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(
            CordisProject.objects.filter(project_id__in=wanted[start : start + 500]).values_list(
                "project_id", flat=True
            )
        )
    return found


def map_cordis_project_starts(*, project_ids: Collection[str]) -> dict[str, tuple[str, int]]:
    """Project id -> (acronym, start year) of the stored CORDIS projects among ``project_ids``
    (from imported projects files; for the collaboration network's project ties)."""
    wanted = sorted(project_ids)
    found: dict[str, tuple[str, int]] = {}
    for start in range(0, len(wanted), 500):
        for project_id, acronym, start_date in CordisProject.objects.filter(
            project_id__in=wanted[start : start + 500]
        ).values_list("project_id", "acronym", "start_date"):
            found[project_id] = (acronym, start_date.year)
    return found


#: the fields of a change that hold taxonomy tags (``Label:level; ...``, English labels)
TAG_CHANGE_FIELDS = ("technologies", "sectors", "services")


def _tags_in_language(facet: str, text: str) -> str:
    pieces = []
    for piece in text.split("; ") if text else []:
        label, colon, level = piece.rpartition(":")
        if not colon:
            label, level = piece, ""
        worded = translate_label(label, facet=facet)
        pieces.append(f"{worded}:{level}" if level else worded)
    return "; ".join(pieces)


def word_changes(records: list[dict[str, object]]) -> list[dict[str, object]]:
    """Records holding ``changes`` (the import's changes to matched organisations, a preview's
    plans) with their tags' labels in the reader's language (stored in English)."""
    worded = []
    for record in records:
        changes = record.get("changes")
        if isinstance(changes, list) and changes:
            record = {
                **record,
                "changes": [
                    {
                        **change,
                        "before": _tags_in_language(change["field"], change["before"]),
                        "after": _tags_in_language(change["field"], change["after"]),
                    }
                    if change["field"] in TAG_CHANGE_FIELDS
                    else change
                    for change in changes
                ],
            }
        worded.append(record)
    return worded
