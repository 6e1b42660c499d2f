"""The archive file: a ZIP holding ``archive.json`` and the stored files it names.

Why a ZIP and not one JSON file: documents are binary (PDFs, images); inside JSON they would
be base64 (a third larger) and the whole archive would have to be read into memory as one
string. In a ZIP each file is stored as it is and ``archive.json`` stays readable by a person
(``unzip -p dia.zip archive.json | jq``). No Django here: the format only.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_noop

from crosscluster.core import stored_text

#: what ``archive.json`` says it is
FORMAT = "crosscluster.partnership-archive"
#: the version this code writes and the newest it reads; raise it when a field changes meaning
FORMAT_VERSION = 1
ARCHIVE_JSON = "archive.json"
#: the largest archive accepted (bytes of the ZIP, and of what it unpacks to)
MAX_ARCHIVE_BYTES = 500 * 1024 * 1024
NOT_AN_ARCHIVE = gettext_noop(
    "This is not a ZIP file: choose the .zip a partnership archive export made."
)


class ArchiveFileError(stored_text.StoredMessageError):
    """The file is not an archive this instance reads; the message names the fix.

    It keeps the field, the catalogue string (marked with ``gettext_noop``) and its values, so
    that each reader gets it in their language (``adapters.file_error``); ``str()`` is
    ``field: message`` in English (logs)."""

    def __init__(self, message: str, /, field: str, **values: object) -> None:
        super().__init__(message, **values)
        self.field = field
        self.args = (f"{field}: {self.args[0]}",)


def pack(archive: Mapping[str, Any], files: Mapping[str, bytes]) -> bytes:
    """The ZIP of ``archive`` (as ``archive.json``, keys sorted, UTF-8) and ``files`` (path in
    the ZIP -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        text = json.dumps(archive, ensure_ascii=False, sort_keys=True, indent=1)
        zipped.writestr(ARCHIVE_JSON, text.encode())
        for path in sorted(files):
            zipped.writestr(path, files[path])
    return buffer.getvalue()


def unpack(content: bytes, *, with_files: bool = True) -> tuple[dict[str, Any], dict[str, bytes]]:
    """``archive.json`` and the files of a ZIP made by :func:`pack`, checked for its format and
    version; :class:`ArchiveFileError` naming the fix otherwise."""
    if len(content) > MAX_ARCHIVE_BYTES:
        raise ArchiveFileError(
            gettext_noop(
                "The archive is over %(megabytes)s MB: export the partnership without its "
                "documents or raise the limit."
            ),
            megabytes=MAX_ARCHIVE_BYTES // (1024 * 1024),
            field="file",
        )
    try:
        zipped = zipfile.ZipFile(io.BytesIO(content))
        names = zipped.namelist()
    except zipfile.BadZipFile:
        raise ArchiveFileError(NOT_AN_ARCHIVE, field="file") from None
    if ARCHIVE_JSON not in names:
        raise ArchiveFileError(
            gettext_noop(
                "The ZIP holds no %(name)s: choose the .zip a partnership archive export made."
            ),
            name=ARCHIVE_JSON,
            field="file",
        )
    if sum(info.file_size for info in zipped.infolist()) > MAX_ARCHIVE_BYTES:
        raise ArchiveFileError(
            gettext_noop(
                "The archive unpacks to over %(megabytes)s MB: it cannot be imported here."
            ),
            megabytes=MAX_ARCHIVE_BYTES // (1024 * 1024),
            field="file",
        )
    try:
        archive = json.loads(zipped.read(ARCHIVE_JSON).decode())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveFileError(
            gettext_noop("%(name)s is not valid JSON (%(error)s): export the partnership again."),
            name=ARCHIVE_JSON,
            error=str(error),
            field="file",
        ) from None
    check_header(archive)
    if not with_files:
        return archive, {}
    files = {name: zipped.read(name) for name in names if name != ARCHIVE_JSON}
    return archive, files


def read_header(content: bytes) -> dict[str, Any]:
    """``archive.json`` of the ZIP, checked as :func:`unpack` checks it (without the files)."""
    archive, _ = unpack(content, with_files=False)
    return archive


def check_header(archive: object) -> None:
    """The archive's format and version are ones this code reads."""
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise ArchiveFileError(
            gettext_noop(
                "%(name)s is not a crosscluster partnership archive (its format should be "
                "%(format)r)."
            ),
            name=ARCHIVE_JSON,
            format=FORMAT,
            field="format",
        )
    version = archive.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ArchiveFileError(
            gettext_noop("The format version is missing or not a whole number above 0."),
            field="format_version",
        )
    if version > FORMAT_VERSION:
        raise ArchiveFileError(
            gettext_noop(
                "The archive is version %(version)s, this instance reads up to version "
                "%(readable)s: upgrade crosscluster here, or export the partnership again from "
                "an instance of this version."
            ),
            version=version,
            readable=FORMAT_VERSION,
            field="format_version",
        )
    for key in ("partnership", "models"):
        if key not in archive:
            raise ArchiveFileError(
                gettext_noop("%(key)s is missing from %(name)s: export again."),
                key=key,
                name=ARCHIVE_JSON,
                field=key,
            )
