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

#: what ``archive.json`` says it is
FORMAT = "crosscluster.partnership-archive"
#: the version this code writes and the newest it reads; raise it when a field changes meaning
FORMAT_VERSION = 1
ARCHIVE_JSON = "archive.json"
#: the largest archive accepted (bytes of the ZIP, and of what it unpacks to)
MAX_ARCHIVE_BYTES = 500 * 1024 * 1024


class ArchiveFileError(ValueError):
    """The file is not an archive this instance reads; the message names the fix."""


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
            f"file: the archive is over {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB; "
            "export the partnership without its documents or raise the limit."
        )
    try:
        zipped = zipfile.ZipFile(io.BytesIO(content))
        names = zipped.namelist()
    except zipfile.BadZipFile:
        raise ArchiveFileError(
            "file: this is not a ZIP file; choose the .zip a partnership archive export made."
        ) from None
    if ARCHIVE_JSON not in names:
        raise ArchiveFileError(
            f"file: the ZIP holds no {ARCHIVE_JSON}; choose the .zip a partnership archive "
            "export made."
        )
    if sum(info.file_size for info in zipped.infolist()) > MAX_ARCHIVE_BYTES:
        raise ArchiveFileError(
            f"file: the archive unpacks to over {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB; "
            "it cannot be imported here."
        )
    try:
        archive = json.loads(zipped.read(ARCHIVE_JSON).decode())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveFileError(
            f"file: {ARCHIVE_JSON} is not valid JSON ({error}); export the partnership again."
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
            f"format: {ARCHIVE_JSON} is not a crosscluster partnership archive "
            f"(its format should be {FORMAT!r})."
        )
    version = archive.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ArchiveFileError("format_version: missing or not a whole number above 0.")
    if version > FORMAT_VERSION:
        raise ArchiveFileError(
            f"format_version: the archive is version {version}, this instance reads up to "
            f"version {FORMAT_VERSION}; upgrade crosscluster here, or export the partnership "
            "again from an instance of this version."
        )
    for key in ("partnership", "models"):
        if key not in archive:
            raise ArchiveFileError(f"{key}: missing from {ARCHIVE_JSON}; export again.")
