"""Reads of exports."""

from __future__ import annotations

import uuid

from crosscluster.exports.models import Export, ExportFile, ExportStatus


def find_export(*, export_id: uuid.UUID) -> Export | None:
    """The export without its file's bytes (pages only need its status; the bytes are in
    :class:`ExportFile`, read only for a download)."""
    return Export.objects.filter(pk=export_id).first()


def get_content(*, export: Export) -> bytes:
    """The file's bytes of a finished export (its own file, or the one it shares)."""
    if export.status != ExportStatus.DONE or export.file_id is None:
        raise ValueError(f"export {export.pk} is {export.status}, not done")
    content = ExportFile.objects.filter(pk=export.file_id).values_list("content", flat=True).get()
    return bytes(content)


def find_reusable(*, kind: str, file_format: str, cache_key: str) -> Export | None:
    """A finished export of the same unchangeable content (an adopted version, say)."""
    return (
        Export.objects.filter(
            kind=kind, file_format=file_format, cache_key=cache_key, status=ExportStatus.DONE
        )
        .order_by("-finished_at")
        .first()
    )


def find_in_flight(
    *, kind: str, subject: str, file_format: str, requested_by_id: int | None, language: str = ""
) -> Export | None:
    """The same person's identical request (in the same language) still waiting or being made."""
    return (
        Export.objects.filter(
            kind=kind,
            subject=subject,
            file_format=file_format,
            requested_by_id=requested_by_id,
            language=language,
            status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING),
        )
        .order_by("-requested_at")
        .first()
    )


def personal_data(user_id: int) -> dict[str, object]:
    """The documents a person asked for (see core.personal_data)."""
    return {
        "exports_requested": list(
            Export.objects.filter(requested_by_id=user_id).values(
                "id", "kind", "subject", "file_format", "status", "requested_at"
            )
        )
    }
